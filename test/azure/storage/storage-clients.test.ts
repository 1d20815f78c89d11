import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { StorageSharedKeyCredential } from "@azure/storage-blob";
import { createStorageClients, StorageClients, type StorageClientSet, type StorageClientsOptions } from "../../../src/azure/storage/storage-clients.js";
import { StorageMeter } from "../../../src/azure/storage/storage-meter.js";
import { startAzurite, type RunningAzurite, DEV_ACCOUNT_KEY, DEV_ACCOUNT_NAME } from "../../../src/azurite/start-azurite.js";

/** One queue message, one table entity and one blob through the clients. */
async function roundTrip(clients: StorageClientSet, name: string): Promise<void> {
  const queue = clients.queueService.getQueueClient(name);
  await queue.createIfNotExists();
  await queue.sendMessage("hello");
  const [message] = (await queue.receiveMessages()).receivedMessageItems;
  expect(message?.messageText).toBe("hello");

  const table = clients.tableClient(`T${name.replace(/-/g, "")}`);
  await table.createTable();
  await table.upsertEntity({ partitionKey: "p", rowKey: "r", value: name });
  expect((await table.getEntity<{ value: string }>("p", "r")).value).toBe(name);

  const container = clients.blobService.getContainerClient(name);
  await container.createIfNotExists();
  const blob = container.getBlockBlobClient("a folder/b c.json");
  await blob.upload("{}", 2);
  expect((await blob.downloadToBuffer()).toString()).toBe("{}");
}

describe("createStorageClients", () => {
  let azurite: RunningAzurite;
  let sharedKey: StorageClientsOptions;
  beforeAll(async () => {
    azurite = await startAzurite();
    sharedKey = {
      accountName: DEV_ACCOUNT_NAME,
      credential: new StorageSharedKeyCredential(DEV_ACCOUNT_NAME, DEV_ACCOUNT_KEY),
      queueEndpoint: azurite.queueEndpoint,
      blobEndpoint: `${azurite.blobEndpoint}/`,
      tableEndpoint: azurite.tableEndpoint,
    };
  });
  afterAll(() => azurite?.stop());

  it("works from a connection string (parsed by the SDKs)", async () => {
    await roundTrip(createStorageClients({ connectionString: azurite.connectionString }, new StorageMeter()), "from-cs");
  });

  it("works from an account name and a shared key, tables included (as a named-key credential)", async () => {
    await roundTrip(createStorageClients(sharedKey, new StorageMeter()), "from-key");
  });

  it("signs with the given key: a wrong one is refused by every service", async () => {
    const wrong = new StorageSharedKeyCredential(DEV_ACCOUNT_NAME, Buffer.alloc(64, 1).toString("base64"));
    const clients = createStorageClients({ ...sharedKey, credential: wrong, retryOptions: { maxTries: 1 } }, new StorageMeter());
    await expect(clients.queueService.getQueueClient("from-key").getProperties()).rejects.toMatchObject({ statusCode: 403 });
    await expect(clients.blobService.getContainerClient("from-key").getProperties()).rejects.toMatchObject({ statusCode: 403 });
    await expect(clients.tableClient("Tfromkey").getEntity("p", "r")).rejects.toMatchObject({ statusCode: 403 });
  });

  it("builds https URLs from the account name and endpoint suffix for a token credential, without a request", () => {
    const token: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }) };
    const meter = new StorageMeter();
    const clients = createStorageClients({ accountName: "acct", credential: token, endpointSuffix: "core.chinacloudapi.cn" }, meter);
    expect(clients.queueService.url).toBe("https://acct.queue.core.chinacloudapi.cn");
    expect(clients.blobService.url).toMatch(/^https:\/\/acct\.blob\.core\.chinacloudapi\.cn\/?$/);
    expect(clients.tableClient("Hist").url).toBe("https://acct.table.core.chinacloudapi.cn");
    expect(meter.snapshot().total).toBe(0);
  });

  it("reuses one table client per name", () => {
    const clients = createStorageClients({ connectionString: azurite.connectionString }, new StorageMeter());
    expect(clients.tableClient("Same")).toBe(clients.tableClient("Same"));
    expect(clients.tableClient("Same")).not.toBe(clients.tableClient("Other"));
  });

  it("StorageClients adds shorthands over the same clients and meter", async () => {
    const clients = new StorageClients({ connectionString: azurite.connectionString });
    await clients.queue("short").createIfNotExists();
    await clients.container("short").createIfNotExists();
    await clients.blockBlob("short", "x/y.txt").upload("hi", 2);
    await clients.table("Short").createTable();
    expect(clients.table("Short")).toBe(clients.tableClient("Short"));
    expect(clients.meter.snapshot().byKind).toMatchObject({ "queue.create": 1, "blob.create": 1, "blob.put": 1, "table.create": 1 });
  });
});
