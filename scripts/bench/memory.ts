// HelloCities (three chained activities) × N started at once on the in-memory backend: the engine's own speed
// with no storage at all (replay, episodes, local activities, dispatch, client waits). A warm-up of `warmup`
// instances runs first so the figure is the engine's, not V8's compiler's.
import { InMemoryOrchestrationService, TaskHubClient, TaskHubWorker } from "../../dist/index.js";
import { registerHelloCities } from "../../dist/samples/hello-cities.js";
import { percentile, type ScenarioResult } from "./report.js";

export async function runMemory(count: number, warmup = 200): Promise<ScenarioResult> {
  const service = new InMemoryOrchestrationService();
  const worker = new TaskHubWorker(service);
  registerHelloCities(worker);
  await worker.start();
  const client = new TaskHubClient(service);
  const runOne = async () => {
    const id = await client.scheduleNewOrchestration("HelloCities");
    const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 300_000 });
    if (state.runtimeStatus !== "Completed") throw new Error(`${id} ended ${state.runtimeStatus}`);
  };
  await Promise.all(Array.from({ length: warmup }, runOne));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const t0 = performance.now();
      await runOne();
      latencies.push(performance.now() - t0);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // CPU time tells the engine's cost apart from a busy machine's: on a shared host the wall clock hides it.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await worker.stop({ timeoutInMs: 10_000 });
  await service.close();
  latencies.sort((a, b) => a - b);
  return {
    scenario: "memory-hello",
    orchestrations: count,
    warmup,
    seconds: Number(seconds.toFixed(3)),
    orchestrationsPerSecond: Number((count / seconds).toFixed(1)),
    orchestrationsPerCpuSecond: Number((count / cpuSeconds).toFixed(1)),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: percentile(latencies, 100),
  };
}
