// The service's view of logging: named events with fields; errors keep their name and message.
export interface ServiceLog {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, error: unknown, fields?: Record<string, unknown>): void;
}

export const silentServiceLog: ServiceLog = { info: () => undefined, error: () => undefined };
