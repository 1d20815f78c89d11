// Fan-out/fan-in: n activities in parallel, then their results summed.
import type { OrchestrationContext } from "../core/index.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

export function* fanOutFanIn(ctx: OrchestrationContext, n: number | undefined): Generator<any, number, any> {
  const count = typeof n === "number" && n >= 0 ? n : 10;
  const tasks = Array.from({ length: count }, (_, i) => ctx.callActivity("Square", i + 1));
  const squares: number[] = yield ctx.whenAll(tasks);
  return squares.reduce((sum, x) => sum + x, 0);
}

export function registerFanOutFanIn(worker: TaskHubWorker): void {
  worker.addOrchestrator("FanOutFanIn", fanOutFanIn).addActivity("Square", (_ctx, x: number) => x * x);
}
