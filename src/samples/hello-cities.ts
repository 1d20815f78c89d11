// Function chaining: one activity per city in a row (input: an array of city names, default Tokyo, Seattle,
// London), each result feeding the output.
import type { OrchestrationContext } from "../core/index.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

const DEFAULT_CITIES = ["Tokyo", "Seattle", "London"];

export function* helloCities(ctx: OrchestrationContext, input: unknown): Generator<any, string[], any> {
  const cities = Array.isArray(input) ? input.map(String) : DEFAULT_CITIES;
  const out: string[] = [];
  for (const city of cities) out.push(yield ctx.callActivity("SayHello", city));
  return out;
}

export function registerHelloCities(worker: TaskHubWorker): void {
  worker
    .addOrchestrator("HelloCities", helloCities)
    .addActivity("SayHello", (_ctx, name: string) => `Hello ${name}!`);
}
