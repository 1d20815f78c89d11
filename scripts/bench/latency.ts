// One HelloCities at a time on an idle hub, as the caller sees it: from scheduleNewOrchestration to
// waitForOrchestrationCompletion returning, client and worker in one process.
import { AzureStorageOrchestrationService, TaskHubClient, TaskHubWorker } from "../../dist/index.js";
import { registerHelloCities } from "../../dist/samples/hello-cities.js";
import { percentile, type ScenarioResult } from "./report.js";

export async function runLatency(connectionString: string, count: number): Promise<ScenarioResult> {
  const service = new AzureStorageOrchestrationService({ connectionString, taskHubName: `BenchLatency${Date.now().toString(36)}`, partitionCount: 4 });
  const worker = new TaskHubWorker(service);
  registerHelloCities(worker);
  await worker.start();
  const client = new TaskHubClient(service);
  const latencies: number[] = [];
  for (let i = 0; i < count + 3; i++) {
    const t0 = performance.now();
    const id = await client.scheduleNewOrchestration("HelloCities");
    await client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    if (i >= 3) latencies.push(performance.now() - t0); // the first runs warm up connections
    await new Promise((r) => setTimeout(r, 20));
  }
  await worker.stop({ timeoutInMs: 10_000 });
  await service.close();
  latencies.sort((a, b) => a - b);
  return { scenario: "latency", runs: count, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: percentile(latencies, 100), goalP50Ms: 50, goalP99Ms: 200 };
}
