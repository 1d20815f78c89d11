// HelloCities (three chained activities) × N on one worker, all started at once or `concurrency` at a time (each
// caller starting the next when its instance completes): orchestrations per second, start-to-completion latency,
// and storage requests per orchestration by kind (from the service's meter).
import { AzureStorageOrchestrationService, TaskHubClient, TaskHubWorker } from "../../dist/index.js";
import { registerHelloCities } from "../../dist/samples/hello-cities.js";
import { percentile, requestsByKind, type ScenarioResult } from "./report.js";

export async function runHello(
  connectionString: string, count: number, concurrency = count, options: { batchClientMessages?: boolean } = {},
): Promise<ScenarioResult> {
  const service = new AzureStorageOrchestrationService({
    connectionString, taskHubName: `BenchHello${Date.now().toString(36)}`, partitionCount: 4, batchClientMessages: options.batchClientMessages ?? false,
  });
  const worker = new TaskHubWorker(service);
  registerHelloCities(worker);
  await worker.start();
  const client = new TaskHubClient(service);
  const before = service.metrics().storageRequests;
  const started = performance.now();
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next++ < count) {
        const t0 = performance.now();
        const id = await client.scheduleNewOrchestration("HelloCities");
        const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 300_000 });
        if (state.runtimeStatus !== "Completed") throw new Error(`${id} ended ${state.runtimeStatus}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = service.metrics().storageRequests;
  await worker.stop({ timeoutInMs: 10_000 });
  await service.close();
  latencies.sort((a, b) => a - b);
  return {
    scenario: `${concurrency >= count ? "hello" : `hello-concurrency-${concurrency}`}${options.batchClientMessages ? " (batchClientMessages)" : ""}`,
    orchestrations: count,
    seconds: Number(seconds.toFixed(2)),
    orchestrationsPerSecond: Number((count / seconds).toFixed(1)),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    requestsPerOrchestration: Number(((after.total - before.total) / count).toFixed(2)),
    requestsPerOrchestrationByKind: requestsByKind(before, after, count),
  };
}
