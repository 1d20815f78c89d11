// The orchestrators, activities and entities every conformance case runs, registered once per backend.
import { EntityId, type OrchestrationContext } from "../../src/core/index.js";
import type { TaskHubWorker } from "../../src/worker/task-hub-worker.js";
import { registerSamples } from "../../src/samples/index.js";

/** Attempts per key of the Flaky activity (it fails twice, then succeeds). */
const attempts = new Map<string, number>();

export function registerConformanceFunctions(worker: TaskHubWorker): void {
  registerSamples(worker); // HelloCities, FanOutFanIn, Monitor, Approval, Counter
  worker
    .addOrchestrator("Greet", function* (ctx: OrchestrationContext, cities: string[]) {
      const out: string[] = [];
      for (const city of cities) out.push((yield ctx.callActivity("SayHello", city)) as string);
      return out;
    })
    .addOrchestrator("Parent", function* (ctx: OrchestrationContext, cities: string[]) {
      const child = (yield ctx.callSubOrchestrator("Greet", cities, { instanceId: `${ctx.instanceId}-child` })) as string[];
      return child.length;
    })
    .addOrchestrator("Race", function* (ctx: OrchestrationContext) {
      const timer = ctx.createTimer(60_000);
      const event = ctx.waitForExternalEvent<string>("Go");
      const winner = yield ctx.whenAny<unknown>([timer, event]);
      if (winner === event) timer.cancel();
      return winner === event ? `event:${event.result}` : "timer";
    })
    .addOrchestrator("ShortTimer", function* (ctx: OrchestrationContext) {
      const before = ctx.currentUtcDateTime.getTime();
      yield ctx.createTimer(200);
      return ctx.currentUtcDateTime.getTime() - before >= 200;
    })
    .addOrchestrator("Collect", function* (ctx: OrchestrationContext, n: number) {
      const seen: unknown[] = [];
      for (let i = 0; i < n; i++) seen.push(yield ctx.waitForExternalEvent("Item"));
      ctx.setCustomStatus({ seen: seen.length });
      return seen;
    })
    .addOrchestrator("AfterActivity", function* (ctx: OrchestrationContext) {
      const first = (yield ctx.callActivity("Echo", "once")) as string;
      const go = (yield ctx.waitForExternalEvent<string>("Go")) as string;
      return `${first}+${go}`;
    })
    .addOrchestrator("Fails", function* (ctx: OrchestrationContext) {
      try {
        yield ctx.callActivity("Throw", "inner");
      } catch (error) {
        throw new RangeError(`caught: ${(error as Error).message}`);
      }
    })
    .addOrchestrator("Retries", function* (ctx: OrchestrationContext, key: string) {
      return (yield ctx.callActivity("Flaky", key, { retry: { maxNumberOfAttempts: 3, firstRetryIntervalInMs: 50 } })) as number;
    })
    .addOrchestrator("Countdown", function* (ctx: OrchestrationContext, n: number) {
      if (n > 0) ctx.continueAsNew(n - 1);
      return `done at ${n}`;
    })
    .addOrchestrator("Reads", function* (ctx: OrchestrationContext, key: string) {
      const counter = new EntityId("Counter", key);
      yield ctx.callEntity(counter, "add", 5);
      return (yield ctx.callEntity(counter, "get")) as number;
    })
    .addOrchestrator("Transfers", function* (ctx: OrchestrationContext, keys: [string, string]) {
      const [a, b] = keys.map((k) => new EntityId("Counter", k));
      const lock = yield ctx.lockEntities(a!, b!);
      yield ctx.callEntity(a!, "subtract", 3);
      yield ctx.callEntity(b!, "add", 3);
      (lock as { release(): void }).release();
      return [(yield ctx.callEntity(a!, "get")) as number, (yield ctx.callEntity(b!, "get")) as number];
    })
    .addActivity("Echo", (_ctx, value: unknown) => value)
    .addActivity("Throw", (_ctx, message: string) => {
      throw new TypeError(message);
    })
    .addActivity("Flaky", (_ctx, key: string) => {
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n < 3) throw new Error(`attempt ${n} fails`);
      return n;
    });
}
