// An instance's status as the Durable Functions HTTP API shows it: times as ISO strings, absent payloads
// as null, history events (camelCase, as getOrchestrationHistory returns them) only when asked for.
import type { OrchestrationState } from "../backend/orchestration-service.js";
import type { ClientHistoryEvent } from "../client/orchestration-state.js";

export interface StatusBody {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input?: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  failureDetails?: unknown;
  historyEvents?: Record<string, unknown>[];
}

export interface StatusBodyOptions {
  showInput: boolean;
  /** The instance's history, when showHistory asked for it. */
  history?: ClientHistoryEvent[];
  showHistoryOutput?: boolean;
}

export function toStatusBody(state: OrchestrationState, options: StatusBodyOptions): StatusBody {
  const body: StatusBody = {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    ...(options.showInput ? { input: state.input ?? null } : {}),
    customStatus: state.customStatus ?? null,
    output: state.output ?? failureOutput(state),
    createdTime: state.createdAt.toISOString(),
    lastUpdatedTime: state.lastUpdatedAt.toISOString(),
  };
  if (state.failureDetails) body.failureDetails = state.failureDetails;
  if (options.history) body.historyEvents = options.history.map((e) => historyEntry(e, options.showHistoryOutput ?? false));
  return body;
}

/** DF reports a failed orchestrator's error as its output text. */
function failureOutput(state: OrchestrationState): string | null {
  if (!state.failureDetails) return null;
  return `Orchestrator function '${state.name}' failed: ${state.failureDetails.message}`;
}

// Payload fields a history event may carry; DF leaves them out unless showHistoryOutput is set.
const PAYLOAD_FIELDS = ["input", "result", "data"];

function historyEntry(event: ClientHistoryEvent, showOutput: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...event };
  if (!showOutput) for (const field of PAYLOAD_FIELDS) delete entry[field];
  return entry;
}
