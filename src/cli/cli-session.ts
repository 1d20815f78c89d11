// Runs one command against the task hub the connection flags name: opens the service, checks that storage
// answers (a one-line error instead of minutes of retries), hands over a client, and always closes the service.
import type { AzureStorageOrchestrationService } from "../azure/azure-storage-orchestration-service.js";
import { TaskHubClient } from "../client/task-hub-client.js";
import type { OrchestrationState } from "../backend/orchestration-service.js";
import { InstanceNotFoundError, wholeNumber, type CliValues } from "./cli-args.js";
import { findRunningAzurite } from "./running-azurite.js";
import { namesAnAccount, openService, type ConnectionFlags } from "./storage-connection.js";

/**
 * How long the first request may take before the command gives up on the account. Later requests keep the
 * service's own retry policy (4 tries, 60 s per try: service options do not expose it), so storage that stops
 * answering mid-command can still hold a command up for minutes.
 */
const CONNECT_TIMEOUT_MS = 15_000;

export class StorageUnreachableError extends Error {
  override name = "StorageUnreachableError";
}

export async function withClient<T>(values: CliValues, run: (client: TaskHubClient) => Promise<T>): Promise<T> {
  const flags: ConnectionFlags = {
    connectionString: values["connection-string"],
    accountName: values["account-name"],
    taskHub: values["task-hub"],
    partitions: wholeNumber("partitions", values.partitions, 1, 16),
  };
  if (!namesAnAccount(flags)) {
    // No account named: the embedded Azurite of a running `npm start` is the one a new user means.
    const emulator = await findRunningAzurite();
    if (emulator) {
      console.error(`Using the embedded Azurite of 'npm start' at ${emulator.description}; pass --connection-string to use another account`);
      flags.connectionString = emulator.connectionString;
    }
  }
  const service = await openHub(flags).catch(async (error: unknown) => {
    const existing = (error as { name?: string; existingPartitionCount?: number }).existingPartitionCount;
    if ((error as Error).name !== "PartitionCountMismatchError" || existing === undefined) throw error;
    // A client must route messages by the hub's own partition count, and the CLI never changes it: adopt it.
    return openHub({ ...flags, partitions: existing });
  });
  try {
    return await run(new TaskHubClient(service));
  } finally {
    await service.close();
  }
}

/** The service, once storage has answered (it creates the hub's resources if needed); closing it on failure. */
async function openHub(flags: ConnectionFlags): Promise<AzureStorageOrchestrationService> {
  const service = openService(flags);
  try {
    await connect(() => service.createIfNotExists(), CONNECT_TIMEOUT_MS);
    return service;
  } catch (error) {
    // Not awaited: a close behind a request that never answered could hold the command up.
    void service.close().catch(() => {});
    throw error;
  }
}

async function connect(createHub: () => Promise<void>, timeoutInMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnreachableError(`Azure Storage did not answer within ${timeoutInMs / 1000} s`)), timeoutInMs);
  });
  try {
    await Promise.race([createHub(), timeout]);
  } catch (error) {
    if (error instanceof StorageUnreachableError || !isConnectionFailure(error)) throw error;
    throw new StorageUnreachableError(`Cannot reach Azure Storage: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Network-level failures (refused, unknown host, reset), as opposed to answers from the service. */
function isConnectionFailure(error: unknown): boolean {
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  return statusCode === undefined && typeof code === "string" && /^(E[A-Z]+|REQUEST_SEND_ERROR)$/.test(code);
}

/** The instance's state, or the not-found error (exit code 3). */
export async function requireInstance(client: TaskHubClient, instanceId: string, fetchPayloads = false): Promise<OrchestrationState> {
  const state = await client.getOrchestrationState(instanceId, { fetchPayloads });
  if (!state) throw new InstanceNotFoundError(`No instance with id '${instanceId}' in this task hub`);
  return state;
}

