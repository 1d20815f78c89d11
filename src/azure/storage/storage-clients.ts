// Builds the @azure clients of one storage account, each with the request meter in its pipeline. The SDKs
// parse connection strings themselves (fromConnectionString); we never do.
import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { AzureNamedKeyCredential, TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import { BlobServiceClient, BlockBlobClient, ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { QueueClient, QueueServiceClient } from "@azure/storage-queue";
import { StorageMeter, type StorageService } from "./storage-meter.js";

export type StorageConnection =
  | { connectionString: string }
  | {
      accountName: string;
      credential: TokenCredential | StorageSharedKeyCredential;
      /** Defaults to core.windows.net. */
      endpointSuffix?: string;
      /** Override one service's URL (e.g. Azurite's `http://127.0.0.1:10000/devstoreaccount1`). */
      blobEndpoint?: string;
      queueEndpoint?: string;
      tableEndpoint?: string;
    };

export interface StorageRetryOptions {
  /** Tries in all, the first included. */
  maxTries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
  /** Queue and blob only: a try that takes longer is abandoned and retried. */
  tryTimeoutInMs?: number;
}

export type StorageClientsOptions = StorageConnection & { retryOptions?: StorageRetryOptions };

/** Short retries: the dispatchers have their own backoff, and a stalled request holds a worker slot. */
export const DEFAULT_STORAGE_RETRY: Required<StorageRetryOptions> = {
  maxTries: 4,
  retryDelayInMs: 100,
  maxRetryDelayInMs: 2_000,
  tryTimeoutInMs: 60_000,
};

export interface StorageClientSet {
  queueService: QueueServiceClient;
  blobService: BlobServiceClient;
  /** One client per table name, reused. */
  tableClient(name: string): TableClient;
}

export function createStorageClients(options: StorageClientsOptions, meter: StorageMeter): StorageClientSet {
  const retry = { ...DEFAULT_STORAGE_RETRY, ...options.retryOptions };
  const tables = new Map<string, TableClient>();
  return {
    queueService: createQueueService(options, storagePipelineOptions(meter, "queue", retry)),
    blobService: createBlobService(options, storagePipelineOptions(meter, "blob", retry)),
    tableClient(name) {
      let client = tables.get(name);
      if (!client) tables.set(name, (client = createTableClient(options, name, tableOptions(meter, retry))));
      return client;
    },
  };
}

/** The set plus shorthands for one queue, container, blob or table, and the meter they all report to. */
export class StorageClients implements StorageClientSet {
  readonly queueService: QueueServiceClient;
  readonly blobService: BlobServiceClient;
  private readonly set: StorageClientSet;

  constructor(options: StorageClientsOptions, readonly meter: StorageMeter = new StorageMeter()) {
    this.set = createStorageClients(options, meter);
    this.queueService = this.set.queueService;
    this.blobService = this.set.blobService;
  }

  tableClient(name: string): TableClient {
    return this.set.tableClient(name);
  }
  table(name: string): TableClient {
    return this.set.tableClient(name);
  }
  queue(name: string): QueueClient {
    return this.queueService.getQueueClient(name);
  }
  container(name: string): ContainerClient {
    return this.blobService.getContainerClient(name);
  }
  blockBlob(container: string, blobName: string): BlockBlobClient {
    return this.container(container).getBlockBlobClient(blobName);
  }
}

/** What we hand the queue and blob SDKs: their retry options, and the meter as an additional policy. */
interface MeteredPipelineOptions {
  retryOptions: Required<StorageRetryOptions>;
  additionalPolicies: AdditionalPolicy[];
}

interface AdditionalPolicy {
  policy: PipelinePolicy;
  position: "perCall" | "perRetry";
}

function createQueueService(options: StorageClientsOptions, pipeline: MeteredPipelineOptions): QueueServiceClient {
  if ("connectionString" in options) return QueueServiceClient.fromConnectionString(options.connectionString, pipeline);
  return new QueueServiceClient(endpointOf(options, "queue"), options.credential, pipeline);
}

function createBlobService(options: StorageClientsOptions, pipeline: MeteredPipelineOptions): BlobServiceClient {
  if ("connectionString" in options) return BlobServiceClient.fromConnectionString(options.connectionString, pipeline);
  return new BlobServiceClient(endpointOf(options, "blob"), options.credential, pipeline);
}

function createTableClient(options: StorageClientsOptions, name: string, clientOptions: TableServiceClientOptions) {
  if ("connectionString" in options) return TableClient.fromConnectionString(options.connectionString, name, clientOptions);
  const url = endpointOf(options, "table");
  const credential = options.credential;
  if (!(credential instanceof StorageSharedKeyCredential)) return new TableClient(url, name, credential, clientOptions);
  // The tables SDK signs with a named-key credential; the blob/queue one keeps the same key as bytes.
  const key = (credential as unknown as { accountKey: Buffer }).accountKey.toString("base64");
  return new TableClient(url, name, new AzureNamedKeyCredential(credential.accountName, key), clientOptions);
}

/** The account's URL for a service (URL-and-credential connections only), without a trailing slash. */
function endpointOf(options: Exclude<StorageClientsOptions, { connectionString: string }>, service: StorageService) {
  const explicit = { queue: options.queueEndpoint, blob: options.blobEndpoint, table: options.tableEndpoint }[service];
  const url = explicit ?? `https://${options.accountName}.${service}.${options.endpointSuffix ?? "core.windows.net"}`;
  return url.replace(/\/+$/, "");
}

/**
 * Their StoragePipelineOptions type omits `additionalPolicies`, but both SDKs pass it on to core-client, which
 * places a "perRetry" policy after the Sign phase (so each try is counted); the meter tests pin this down.
 */
function storagePipelineOptions(
  meter: StorageMeter,
  service: StorageService,
  retry: Required<StorageRetryOptions>,
): MeteredPipelineOptions {
  return {
    retryOptions: { ...retry },
    additionalPolicies: handedOutOnce({ policy: meter.policy(service), position: "perRetry" }),
  };
}

function tableOptions(meter: StorageMeter, retry: Required<StorageRetryOptions>): TableServiceClientOptions {
  return {
    // As the storage SDKs do for their own clients: the caller picked the URL, http for Azurite included.
    allowInsecureConnection: true,
    retryOptions: {
      maxRetries: retry.maxTries - 1,
      retryDelayInMs: retry.retryDelayInMs,
      maxRetryDelayInMs: retry.maxRetryDelayInMs,
    },
    additionalPolicies: [{ policy: meter.policy("table"), position: "perRetry" }],
  };
}

/**
 * The queue and blob SDKs re-read `additionalPolicies` each time they build an internal context on a
 * client's shared pipeline (QueueClient does so on every deleteMessage), adding the policy again each time:
 * the pipeline would grow without end. This list yields its entry to the first reader only.
 */
function handedOutOnce(entry: AdditionalPolicy): AdditionalPolicy[] {
  let handedOut = false;
  const list = {
    get length() {
      return handedOut ? 0 : 1;
    },
    *[Symbol.iterator]() {
      if (handedOut) return;
      handedOut = true;
      yield entry;
    },
  };
  return list as unknown as AdditionalPolicy[];
}
