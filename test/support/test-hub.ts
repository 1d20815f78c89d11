// A task hub on a fresh in-process Azurite for one test file: service, worker and client wired together.
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import type { AzureStorageOrchestrationServiceOptions } from "../../src/azure/service-options.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { TaskHubWorker, type TaskHubWorkerOptions } from "../../src/worker/task-hub-worker.js";

let hubCounter = 0;

export function uniqueHubName(prefix = "Hub"): string {
  return `${prefix}${Date.now().toString(36)}${(hubCounter++).toString(36)}`.replace(/[^A-Za-z0-9]/g, "");
}

export interface TestHub {
  azurite: RunningAzurite;
  service: AzureStorageOrchestrationService;
  worker: TaskHubWorker;
  client: TaskHubClient;
  stop(): Promise<void>;
}

export async function startTestHub(
  configure: (worker: TaskHubWorker) => void,
  options: { service?: Partial<AzureStorageOrchestrationServiceOptions>; worker?: TaskHubWorkerOptions; azurite?: RunningAzurite } = {},
): Promise<TestHub> {
  const azurite = options.azurite ?? (await startAzurite());
  const service = new AzureStorageOrchestrationService({
    connectionString: azurite.connectionString,
    taskHubName: uniqueHubName(),
    partitionCount: 2,
    ...options.service,
  });
  const worker = new TaskHubWorker(service, options.worker);
  configure(worker);
  await worker.start();
  const client = new TaskHubClient(service);
  return {
    azurite,
    service,
    worker,
    client,
    async stop() {
      await worker.stop({ timeoutInMs: 5_000 });
      await service.close();
      if (!options.azurite) await azurite.stop();
    },
  };
}
