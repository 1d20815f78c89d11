// Human interaction: waits for an "Approval" event, raced against a timer (input: the timeout in ms,
// default 24 hours); if the timer wins, it escalates.
import type { OrchestrationContext } from "../core/index.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export function* approval(ctx: OrchestrationContext, timeoutInMs: number | undefined): Generator<any, string, any> {
  yield ctx.callActivity("RequestApproval", ctx.instanceId);
  const approved = ctx.waitForExternalEvent("Approval");
  const timeout = ctx.createTimer(typeof timeoutInMs === "number" ? timeoutInMs : DAY_MS);
  const winner = yield ctx.whenAny([approved, timeout]);
  if (winner === approved) {
    timeout.cancel();
    return `Approved: ${JSON.stringify(approved.result)}`;
  }
  return yield ctx.callActivity("Escalate", ctx.instanceId);
}

export function registerApproval(worker: TaskHubWorker): void {
  worker
    .addOrchestrator("Approval", approval)
    .addActivity("RequestApproval", (_ctx, id: string) => `approval requested for ${id}`)
    .addActivity("Escalate", (_ctx, id: string) => `Escalated: no approval for ${id} in time`);
}
