// Turns stored status rows into what callers read: payloads parsed from JSON text, statuses by name.
import { parsePayload, type HistoryEvent } from "../core/index.js";
import type { InstanceRecord, OrchestrationState } from "../backend/orchestration-service.js";

export function toOrchestrationState(record: InstanceRecord): OrchestrationState {
  const { input, output, customStatus, ...rest } = record;
  const state: OrchestrationState = { ...rest };
  // Lenient: the original keeps terminate, suspend and resume reasons in Output as raw text, not JSON.
  if (input !== undefined) state.input = parsePayloadLeniently(input);
  if (output !== undefined) state.output = parsePayloadLeniently(output);
  if (customStatus !== undefined) state.customStatus = parsePayloadLeniently(customStatus);
  return state;
}

export { TERMINAL_STATUSES } from "../core/index.js";

/** A history event as the client returns it: the same fields, with payloads parsed from their JSON text. */
export type ClientHistoryEvent = { [K in keyof HistoryEvent]: HistoryEvent[K] } & Record<string, unknown>;

const PAYLOAD_FIELDS = ["input", "result", "data"] as const;

export function toClientHistoryEvent(event: HistoryEvent): ClientHistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const field of PAYLOAD_FIELDS) {
    if (typeof copy[field] === "string") copy[field] = parsePayloadLeniently(copy[field] as string);
  }
  return copy as ClientHistoryEvent;
}

/** Other writers (and the original's reasons) may hold plain text where we write JSON: keep such text as it is. */
export function parsePayloadLeniently(text: string): unknown {
  try {
    return parsePayload(text);
  } catch {
    return text;
  }
}
