// The conformance suite on the Azure Storage backend, over one in-process Azurite for the file.
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite } from "../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../support/test-hub.js";
import { describeBackendConformance } from "./conformance-suite.js";

describeBackendConformance("Azure Storage (Azurite)", async () => {
  const azurite = await startAzurite();
  const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: uniqueHubName("Conf"), partitionCount: 2 });
  return { service, dispose: () => azurite.stop() };
});
