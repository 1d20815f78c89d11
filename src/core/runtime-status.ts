// Which runtime statuses end an instance: one rule for waits, dedupe, purge, caches and the HTTP API.
import type { OrchestrationRuntimeStatus } from "./history-events.js";

/** An instance in one of these has finished: a wait for completion ends, a purge may take it. */
export const TERMINAL_STATUSES: ReadonlySet<OrchestrationRuntimeStatus> = new Set(["Completed", "Failed", "Terminated"]);

/** The statuses of an instance still alive: a start with its id is refused by default (ContinuedAsNew goes on). */
export const NON_TERMINAL_STATUSES: readonly OrchestrationRuntimeStatus[] = ["Pending", "Running", "Suspended", "ContinuedAsNew"];

export function isTerminalStatus(status: string): boolean {
  return TERMINAL_STATUSES.has(status as OrchestrationRuntimeStatus);
}
