// Span ids that the worker must know before the span exists, derived from what replay keeps stable (the
// execution id and the task id), so re-running an episode (a retry, a local activity's second pass, another
// worker after a crash) names the same spans instead of new ones.
import { createHash } from "node:crypto";

export function derivedSpanId(executionId: string, purpose: string, taskId = -1): string {
  const id = createHash("sha256").update(`${executionId}\u0000${purpose}\u0000${taskId}`).digest("hex").slice(0, 16);
  return id === "0000000000000000" ? "0000000000000001" : id;
}
