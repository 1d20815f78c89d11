// Entity operations per second on one counter: N signals `add 1` sent from the client (50 at a time) into a
// single entity, timed from the first send until the entity's state reads N, with storage requests per operation;
// once as the client sends them by default (signals of one turn share a message) and once a message each.
import { AzureStorageOrchestrationService, EntityId, TaskHubClient, TaskHubWorker } from "../../dist/index.js";
import { counter } from "../../dist/samples/counter.js";
import type { ScenarioResult } from "./report.js";

export async function runEntities(connectionString: string, operations: number): Promise<ScenarioResult> {
  const batched = await countInto(connectionString, operations, true);
  const unbatched = await countInto(connectionString, operations, false);
  return {
    scenario: "entities",
    operations,
    operationsPerSecond: batched.operationsPerSecond,
    storageRequestsPerOperation: batched.storageRequestsPerOperation,
    unbatchedOperationsPerSecond: unbatched.operationsPerSecond,
    unbatchedStorageRequestsPerOperation: unbatched.storageRequestsPerOperation,
    goal: "≥ 640 operations/s",
  };
}

async function countInto(connectionString: string, operations: number, batched: boolean) {
  const service = new AzureStorageOrchestrationService({
    connectionString,
    taskHubName: `BenchEnt${Date.now().toString(36)}`,
    partitionCount: 4,
    batchClientMessages: batched,
  });
  const worker = new TaskHubWorker(service).addEntity("Counter", counter);
  await worker.start();
  const client = new TaskHubClient(service, { batchEntitySignals: batched });
  const id = new EntityId("Counter", "bench");
  try {
    const before = service.metrics().storageRequests.total;
    const t0 = performance.now();
    for (let sent = 0; sent < operations; sent += 50) {
      await Promise.all(Array.from({ length: Math.min(50, operations - sent) }, () => client.signalEntity(id, "add", 1)));
    }
    let state: number | undefined;
    while ((state = (await client.getEntity<number>(id))?.state) !== operations) {
      if (state !== undefined && state > operations) throw new Error(`The counter overshot: ${state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const requests = service.metrics().storageRequests.total - before;
    return {
      operationsPerSecond: Number((operations / seconds).toFixed(1)),
      storageRequestsPerOperation: Number((requests / operations).toFixed(2)),
    };
  } finally {
    await worker.stop({ timeoutInMs: 10_000 });
    await service.close();
  }
}
