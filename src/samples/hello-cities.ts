// Function chaining: three activities in a row, each result feeding the output.
import type { OrchestrationContext } from "../core/index.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

export function* helloCities(ctx: OrchestrationContext): Generator<any, string[], any> {
  const out: string[] = [];
  for (const city of ["Tokyo", "Seattle", "London"]) out.push(yield ctx.callActivity("SayHello", city));
  return out;
}

export function registerHelloCities(worker: TaskHubWorker): void {
  worker
    .addOrchestrator("HelloCities", helloCities)
    .addActivity("SayHello", (_ctx, name: string) => `Hello ${name}!`);
}
