// Builds the @azure clients of one storage account, each with its own pipeline carrying the request meter.
// Every client is built from the connection string (or URL and credential) by the SDK itself: we never
// parse connection strings. Clients derived from another share its pipeline, so we always build afresh.
import { AzureNamedKeyCredential, TableClient } from "@azure/data-tables";
import type { TokenCredential } from "@azure/core-auth";
import { BlockBlobClient, ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { QueueClient } from "@azure/storage-queue";
import { StorageMeter, type StorageService } from "./storage-meter.js";

export type StorageConnection =
  | { connectionString: string }
  | {
      accountName: string;
      credential: TokenCredential | StorageSharedKeyCredential;
      /** Defaults to core.windows.net. */
      endpointSuffix?: string;
      blobEndpoint?: string;
      queueEndpoint?: string;
      tableEndpoint?: string;
    };

/** Short retries: the dispatchers have their own backoff, and a stalled request holds a worker slot. */
const RETRY = { maxTries: 4, retryDelayInMs: 200, maxRetryDelayInMs: 5_000, tryTimeoutInMs: 60_000 };

export class StorageClients {
  readonly meter = new StorageMeter();

  constructor(private readonly connection: StorageConnection) {}

  queue(name: string): QueueClient {
    const options = { retryOptions: RETRY, ...this.metered("queue") };
    const c = this.connection;
    if ("connectionString" in c) return new QueueClient(c.connectionString, name, options);
    return new QueueClient(`${this.endpoint("queue")}/${name}`, c.credential as TokenCredential, options);
  }

  container(name: string): ContainerClient {
    const options = { retryOptions: RETRY, ...this.metered("blob") };
    const c = this.connection;
    if ("connectionString" in c) return new ContainerClient(c.connectionString, name, options);
    return new ContainerClient(`${this.endpoint("blob")}/${name}`, c.credential as TokenCredential, options);
  }

  blockBlob(container: string, blobName: string): BlockBlobClient {
    const options = { retryOptions: RETRY, ...this.metered("blob") };
    const c = this.connection;
    if ("connectionString" in c) return new BlockBlobClient(c.connectionString, container, blobName, options);
    const url = `${this.endpoint("blob")}/${container}/${blobName.split("/").map(encodeURIComponent).join("/")}`;
    return new BlockBlobClient(url, c.credential as TokenCredential, options);
  }

  table(name: string): TableClient {
    const options = { allowInsecureConnection: true, retryOptions: { maxRetries: RETRY.maxTries - 1 }, ...this.metered("table") };
    const c = this.connection;
    if ("connectionString" in c) return TableClient.fromConnectionString(c.connectionString, name, options);
    if (c.credential instanceof StorageSharedKeyCredential) {
      // The tables SDK takes the same shared key as a named-key credential; the blob SDK keeps it as bytes.
      const key = (c.credential as unknown as { accountKey: Buffer }).accountKey.toString("base64");
      return new TableClient(this.endpoint("table"), name, new AzureNamedKeyCredential(c.accountName, key), options);
    }
    return new TableClient(this.endpoint("table"), name, c.credential, options);
  }

  /** The account's endpoint for a service (only for URL-and-credential connections). */
  private endpoint(service: StorageService): string {
    const c = this.connection as Exclude<StorageConnection, { connectionString: string }>;
    const explicit = { queue: c.queueEndpoint, blob: c.blobEndpoint, table: c.tableEndpoint }[service];
    return (explicit ?? `https://${c.accountName}.${service}.${c.endpointSuffix ?? "core.windows.net"}`).replace(/\/$/, "");
  }

  private metered(service: StorageService) {
    return { additionalPolicies: [this.meter.additionalPolicy(service)] };
  }
}
