// Monitor: polls a condition on a durable timer, then continues as new so the history stays short.
// Input: { checks, intervalInMs, round? }; each generation checks once, and after `checks` rounds it ends.
import type { OrchestrationContext } from "../core/index.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

export interface MonitorInput {
  checks?: number;
  intervalInMs?: number;
  round?: number;
}

export function* monitor(ctx: OrchestrationContext, input: MonitorInput | undefined): Generator<any, unknown, any> {
  const { checks = 3, intervalInMs = 1000, round = 1 } = input ?? {};
  const status: string = yield ctx.callActivity("CheckStatus", round);
  ctx.setCustomStatus({ round, status });
  if (status === "done" || round >= checks) return { rounds: round, status };
  yield ctx.createTimer(intervalInMs);
  ctx.continueAsNew({ checks, intervalInMs, round: round + 1 });
  return undefined;
}

export function registerMonitor(worker: TaskHubWorker): void {
  worker
    .addOrchestrator("Monitor", monitor)
    .addActivity("CheckStatus", (_ctx, round: number) => (round >= 3 ? "done" : "pending"));
}
