// Which storage account a `dtfx` command talks to: a connection string (flag or environment), an account
// name signed in through DefaultAzureCredential, or neither (the caller then starts embedded Azurite).
import { DefaultAzureCredential } from "@azure/identity";
import { AzureStorageOrchestrationService } from "../azure/azure-storage-orchestration-service.js";
import type { Logger } from "../logging/logger.js";

export interface ConnectionFlags {
  connectionString?: string;
  accountName?: string;
  taskHub: string;
  partitions: number;
}

/** True when the flags (or AZURE_STORAGE_CONNECTION_STRING) name an account; false means "use embedded Azurite". */
export function namesAnAccount(flags: Pick<ConnectionFlags, "connectionString" | "accountName">): boolean {
  return Boolean(flags.connectionString ?? process.env.AZURE_STORAGE_CONNECTION_STRING ?? flags.accountName);
}

export function openService(flags: ConnectionFlags, log?: Logger): AzureStorageOrchestrationService {
  const common = { taskHubName: flags.taskHub, partitionCount: flags.partitions, log };
  const connectionString = flags.connectionString ?? process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (connectionString) return new AzureStorageOrchestrationService({ ...common, connectionString });
  if (flags.accountName) {
    return new AzureStorageOrchestrationService({
      ...common,
      accountName: flags.accountName,
      credential: new DefaultAzureCredential(),
    });
  }
  throw new Error(
    "No storage account: pass --connection-string, set AZURE_STORAGE_CONNECTION_STRING, or pass --account-name. " +
      "To reach the embedded Azurite of 'npm start', keep it running (commands then find it through azurite.json) " +
      "or pass --connection-string UseDevelopmentStorage=true",
  );
}
