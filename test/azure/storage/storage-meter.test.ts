import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer } from "node:net";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { odata } from "@azure/data-tables";
import { classifyRequest, StorageMeter, STORAGE_METER_POLICY_NAME, type StorageService } from "../../../src/azure/storage/storage-meter.js";
import { createStorageClients, StorageClients } from "../../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite, DEV_ACCOUNT_KEY, DEV_ACCOUNT_NAME } from "../../../src/azurite/start-azurite.js";

const kindOf = (service: StorageService, method: string, path: string, headers: Record<string, string> = {}) =>
  classifyRequest(
    service,
    createPipelineRequest({ url: `https://acct.${service}.core.windows.net${path}`, method: method as "GET", headers: createHttpHeaders(headers) }),
  );

describe("classifyRequest", () => {
  it("names queue requests", () => {
    expect(kindOf("queue", "POST", "/q/messages")).toBe("queue.send");
    expect(kindOf("queue", "GET", "/q/messages?numofmessages=32")).toBe("queue.receive");
    expect(kindOf("queue", "GET", "/q/messages?peekonly=true")).toBe("queue.peek");
    expect(kindOf("queue", "DELETE", "/q/messages/abc?popreceipt=x")).toBe("queue.delete");
    expect(kindOf("queue", "PUT", "/q/messages/abc?popreceipt=x&visibilitytimeout=5")).toBe("queue.update");
    expect(kindOf("queue", "PUT", "/q")).toBe("queue.create");
    expect(kindOf("queue", "DELETE", "/q/messages")).toBe("queue.other");
    expect(kindOf("queue", "DELETE", "/q")).toBe("queue.other");
    expect(kindOf("queue", "PUT", "/q?comp=metadata")).toBe("queue.other");
    expect(kindOf("queue", "GET", "/?comp=list")).toBe("queue.other");
  });

  it("names table requests", () => {
    expect(kindOf("table", "POST", "/$batch")).toBe("table.batch");
    expect(kindOf("table", "POST", "/Tables")).toBe("table.create");
    expect(kindOf("table", "DELETE", "/Tables('T')")).toBe("table.other");
    expect(kindOf("table", "GET", "/T(PartitionKey='a',RowKey='')")).toBe("table.get");
    expect(kindOf("table", "GET", "/T()?$filter=PartitionKey%20eq%20'a'")).toBe("table.query");
    expect(kindOf("table", "PUT", "/T(PartitionKey='a',RowKey='b')")).toBe("table.upsert");
    expect(kindOf("table", "PATCH", "/T(PartitionKey='a',RowKey='b')")).toBe("table.merge");
    expect(kindOf("table", "POST", "/T")).toBe("table.insert");
    expect(kindOf("table", "DELETE", "/T(PartitionKey='a',RowKey='b')")).toBe("table.delete");
    expect(kindOf("table", "GET", "/devstoreaccount1/T(PartitionKey='a%2Fb',RowKey='x')")).toBe("table.get");
  });

  it("names blob requests", () => {
    expect(kindOf("blob", "PUT", "/c?restype=container")).toBe("blob.create");
    expect(kindOf("blob", "DELETE", "/c?restype=container")).toBe("blob.other");
    expect(kindOf("blob", "GET", "/c?restype=container&comp=list&prefix=a")).toBe("blob.list");
    expect(kindOf("blob", "PUT", "/c/b")).toBe("blob.put");
    expect(kindOf("blob", "PUT", "/c/b?comp=block&blockid=x")).toBe("blob.put");
    expect(kindOf("blob", "PUT", "/c/b?comp=metadata")).toBe("blob.other");
    expect(kindOf("blob", "GET", "/c/b")).toBe("blob.get");
    expect(kindOf("blob", "HEAD", "/c/b")).toBe("blob.get");
    expect(kindOf("blob", "DELETE", "/c/b")).toBe("blob.delete");
    expect(kindOf("blob", "PUT", "/c/b?comp=lease", { "x-ms-lease-action": "renew" })).toBe("blob.lease");
  });
});

describe("StorageMeter on Azurite", () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite?.stop());

  it("counts a known sequence of queue, table and blob calls exactly", async () => {
    const meter = new StorageMeter();
    const clients = createStorageClients({ connectionString: azurite.connectionString }, meter);
    const queue = clients.queueService.getQueueClient("metered");
    await queue.create();
    for (const text of ["a", "b", "c"]) await queue.sendMessage(text);
    await queue.peekMessages();
    const received = (await queue.receiveMessages({ numberOfMessages: 3 })).receivedMessageItems;
    expect(received).toHaveLength(3);
    const updated = await queue.updateMessage(received[0]!.messageId, received[0]!.popReceipt, "a2", 0);
    await queue.deleteMessage(received[0]!.messageId, updated.popReceipt!);
    for (const message of received.slice(1)) await queue.deleteMessage(message.messageId, message.popReceipt);

    const table = clients.tableClient("Metered");
    await table.createTable();
    await table.createEntity({ partitionKey: "p", rowKey: "1", v: 1 });
    await table.upsertEntity({ partitionKey: "p", rowKey: "1", v: 2 }, "Replace");
    await table.updateEntity({ partitionKey: "p", rowKey: "1", w: 3 }, "Merge");
    await table.getEntity("p", "1");
    for await (const page of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq 'p'` } }).byPage()) void page;
    await table.submitTransaction([["upsert", { partitionKey: "p", rowKey: "2" }], ["upsert", { partitionKey: "p", rowKey: "3" }]]);
    await table.deleteEntity("p", "1");

    const container = clients.blobService.getContainerClient("metered");
    await container.create();
    const blob = container.getBlockBlobClient("dir/b.json");
    await blob.upload("{}", 2);
    await blob.downloadToBuffer(); // two requests: a HEAD for the size, then the GET (download() is one)
    for await (const item of container.listBlobsFlat()) void item;
    const lease = blob.getBlobLeaseClient();
    await lease.acquireLease(15);
    await lease.releaseLease();
    await blob.delete();

    const { total, byKind } = meter.snapshot();
    expect(byKind).toMatchObject({
      "queue.create": 1, "queue.send": 3, "queue.peek": 1, "queue.receive": 1, "queue.update": 1, "queue.delete": 3,
      "table.create": 1, "table.insert": 1, "table.upsert": 1, "table.merge": 1, "table.get": 1, "table.query": 1,
      "table.batch": 1, "table.delete": 1,
      "blob.create": 1, "blob.put": 1, "blob.get": 2, "blob.list": 1, "blob.lease": 2, "blob.delete": 1,
      "queue.other": 0, "table.other": 0, "blob.other": 0,
    });
    expect(total).toBe(26);
    meter.reset();
    expect(meter.snapshot().total).toBe(0);
    expect(Object.values(meter.snapshot().byKind).every((n) => n === 0)).toBe(true);
  });

  it("adds the meter once per pipeline, however many clients and message deletes derive from it", async () => {
    const clients = new StorageClients({ connectionString: azurite.connectionString });
    const queue = clients.queue("growth");
    await queue.create();
    for (let i = 0; i < 25; i++) {
      const sent = await queue.sendMessage(String(i));
      await queue.deleteMessage(sent.messageId, sent.popReceipt);
      await clients.queue("growth").getProperties();
    }
    // The SDK builds a context per deleteMessage on the shared pipeline (internal; read here only to pin it down).
    const pipeline = (queue as unknown as { storageClientContext: { pipeline: { getOrderedPolicies(): { name: string }[] } } })
      .storageClientContext.pipeline;
    expect(pipeline.getOrderedPolicies().filter((p) => p.name === STORAGE_METER_POLICY_NAME)).toHaveLength(1);
    expect(clients.meter.snapshot().byKind).toMatchObject({ "queue.send": 25, "queue.delete": 25, "queue.other": 25 });
  });

  it("shares one meter between connection-string and shared-key clients", async () => {
    const meter = new StorageMeter();
    const a = createStorageClients({ connectionString: azurite.connectionString }, meter);
    const b = createStorageClients(
      {
        accountName: DEV_ACCOUNT_NAME,
        credential: new (await import("@azure/storage-blob")).StorageSharedKeyCredential(DEV_ACCOUNT_NAME, DEV_ACCOUNT_KEY),
        queueEndpoint: azurite.queueEndpoint,
        blobEndpoint: azurite.blobEndpoint,
        tableEndpoint: azurite.tableEndpoint,
      },
      meter,
    );
    await a.queueService.getQueueClient("shared").createIfNotExists();
    await b.queueService.getQueueClient("shared").sendMessage("x");
    expect(meter.snapshot()).toMatchObject({ total: 2, byKind: { "queue.create": 1, "queue.send": 1 } });
  });
});

describe("StorageMeter and retries", () => {
  /** A port nothing listens on: every try is refused at once, and the SDKs retry refused connections. */
  async function deadPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it("counts every try of a retried request", async () => {
    const port = await deadPort();
    const base = `http://127.0.0.1:${port}/${DEV_ACCOUNT_NAME}`;
    const connectionString =
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};` +
      `BlobEndpoint=${base};QueueEndpoint=${base};TableEndpoint=${base};`;
    const meter = new StorageMeter();
    const clients = createStorageClients(
      { connectionString, retryOptions: { maxTries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 10 } },
      meter,
    );
    await expect(clients.queueService.getQueueClient("q").create()).rejects.toThrow();
    await expect(clients.blobService.getContainerClient("c").create()).rejects.toThrow();
    await expect(clients.tableClient("T").createTable()).rejects.toThrow();
    expect(meter.snapshot().byKind).toMatchObject({ "queue.create": 3, "blob.create": 3, "table.create": 3 });
  });
});
