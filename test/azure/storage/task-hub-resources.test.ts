import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { TableServiceClient } from "@azure/data-tables";
import { InvalidTaskHubNameError } from "../../../src/core/errors.js";
import { createStorageClients, type StorageClientSet } from "../../../src/azure/storage/storage-clients.js";
import { StorageMeter } from "../../../src/azure/storage/storage-meter.js";
import {
  deleteTaskHub,
  ensureTaskHub,
  parseTaskHubInfo,
  PartitionCountMismatchError,
  readTaskHubInfo,
} from "../../../src/azure/storage/task-hub-resources.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

describe("task hub resources", () => {
  let azurite: RunningAzurite;
  let meter: StorageMeter;
  let clients: StorageClientSet;
  let tables: TableServiceClient;

  beforeAll(async () => {
    azurite = await startAzurite();
    meter = new StorageMeter();
    clients = createStorageClients({ connectionString: azurite.connectionString }, meter);
    tables = TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true });
  });
  afterAll(() => azurite?.stop());

  async function existing(hub: string) {
    const lower = hub.toLowerCase();
    const queues: string[] = [];
    for await (const q of clients.queueService.listQueues({ prefix: `${lower}-` })) queues.push(q.name);
    const containers: string[] = [];
    for await (const c of clients.blobService.listContainers({ prefix: `${lower}-` })) containers.push(c.name);
    const tableNames: string[] = [];
    for await (const t of tables.listTables()) if (t.name?.startsWith(hub)) tableNames.push(t.name);
    return { queues: queues.sort(), containers: containers.sort(), tables: tableNames.sort() };
  }

  it("validates the hub name and partition count before any request", async () => {
    meter.reset();
    await expect(ensureTaskHub(clients, { taskHubName: "bad-name", partitionCount: 4 })).rejects.toThrow(InvalidTaskHubNameError);
    await expect(ensureTaskHub(clients, { taskHubName: "Hub", partitionCount: 17 })).rejects.toThrow(RangeError);
    await expect(ensureTaskHub(clients, { taskHubName: "Hub", partitionCount: 0 })).rejects.toThrow(RangeError);
    await expect(deleteTaskHub(clients, { taskHubName: "x" })).rejects.toThrow(InvalidTaskHubNameError);
    await expect(readTaskHubInfo(clients, "1hub")).rejects.toThrow(InvalidTaskHubNameError);
    expect(meter.snapshot().total).toBe(0);
  });

  it("creates every queue, table and container and taskhub.json, in n + 7 requests", async () => {
    meter.reset();
    await ensureTaskHub(clients, { taskHubName: "FreshHub", partitionCount: 4 });
    expect(meter.snapshot()).toMatchObject({
      total: 11,
      byKind: { "queue.create": 5, "table.create": 2, "blob.create": 3, "blob.put": 1 },
    });
    expect(await existing("FreshHub")).toEqual({
      queues: ["freshhub-control-00", "freshhub-control-01", "freshhub-control-02", "freshhub-control-03", "freshhub-workitems"],
      containers: ["freshhub-largemessages", "freshhub-leases", "freshhub-poison"],
      tables: ["FreshHubHistory", "FreshHubInstances"],
    });
    const info = await readTaskHubInfo(clients, "FreshHub");
    expect(info).toEqual({ TaskHubName: "FreshHub", CreatedAt: expect.any(String), PartitionCount: 4 });
    expect(Number.isNaN(Date.parse(info!.CreatedAt))).toBe(false);
  });

  it("is idempotent: a second call changes nothing and costs one more request (a read)", async () => {
    const before = await readTaskHubInfo(clients, "FreshHub");
    meter.reset();
    await ensureTaskHub(clients, { taskHubName: "FreshHub", partitionCount: 4 });
    expect(meter.snapshot()).toMatchObject({ total: 12, byKind: { "blob.put": 1, "blob.get": 1 } });
    expect(await readTaskHubInfo(clients, "FreshHub")).toEqual(before);
  });

  it("refuses another partition count, leaving taskhub.json as it was", async () => {
    const error = await ensureTaskHub(clients, { taskHubName: "FreshHub", partitionCount: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartitionCountMismatchError);
    expect(error).toMatchObject({
      name: "PartitionCountMismatchError",
      taskHubName: "FreshHub",
      existingPartitionCount: 4,
      requestedPartitionCount: 2,
    });
    expect((error as Error).message).toMatch(/has 4 partitions.*configured with 2.*allowPartitionCountChange/);
    expect((await readTaskHubInfo(clients, "FreshHub"))?.PartitionCount).toBe(4);
  });

  it("changes the partition count when allowed, keeping the hub's creation time", async () => {
    const before = await readTaskHubInfo(clients, "FreshHub");
    await ensureTaskHub(clients, { taskHubName: "FreshHub", partitionCount: 6, allowPartitionCountChange: true });
    expect(await readTaskHubInfo(clients, "FreshHub")).toEqual({ ...before, PartitionCount: 6 });
    expect((await existing("FreshHub")).queues).toContain("freshhub-control-05");
  });

  it("lets exactly one of two racing starters with different counts write taskhub.json", async () => {
    const results = await Promise.allSettled([
      ensureTaskHub(clients, { taskHubName: "RaceHub", partitionCount: 3 }),
      ensureTaskHub(clients, { taskHubName: "RaceHub", partitionCount: 5 }),
    ]);
    const won = results.findIndex((r) => r.status === "fulfilled");
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(lost.reason).toBeInstanceOf(PartitionCountMismatchError);
    expect((await readTaskHubInfo(clients, "RaceHub"))?.PartitionCount).toBe(won === 0 ? 3 : 5);
  });

  it("lets racing starters with the same count all succeed", async () => {
    const starts = Array.from({ length: 4 }, () => ensureTaskHub(clients, { taskHubName: "SameHub", partitionCount: 2 }));
    await expect(Promise.all(starts)).resolves.toBeDefined();
    expect((await readTaskHubInfo(clients, "SameHub"))?.PartitionCount).toBe(2);
  });

  it("deletes everything of a hub, whatever its partition count, and only that hub", async () => {
    await ensureTaskHub(clients, { taskHubName: "FreshHub2", partitionCount: 1 });
    await deleteTaskHub(clients, { taskHubName: "FreshHub" });
    expect(await existing("FreshHub")).toEqual({ queues: [], containers: [], tables: ["FreshHub2History", "FreshHub2Instances"] });
    expect((await existing("FreshHub2")).queues).toEqual(["freshhub2-control-00", "freshhub2-workitems"]);
    expect(await readTaskHubInfo(clients, "FreshHub")).toBeUndefined();
    await expect(deleteTaskHub(clients, { taskHubName: "FreshHub" })).resolves.toBeUndefined();
  });
});

describe("parseTaskHubInfo", () => {
  it("reads the original's layout", () => {
    const text = '{"TaskHubName":"MyHub","CreatedAt":"2019-08-20T20:47:39.5424826Z","PartitionCount":4}';
    expect(parseTaskHubInfo(text)).toEqual({ TaskHubName: "MyHub", CreatedAt: "2019-08-20T20:47:39.5424826Z", PartitionCount: 4 });
  });

  it("says what is wrong with a damaged file", () => {
    expect(() => parseTaskHubInfo("{not json")).toThrow(/not valid JSON/);
    expect(() => parseTaskHubInfo('{"TaskHubName":"x"}')).toThrow(/lacks TaskHubName or PartitionCount/);
    expect(() => parseTaskHubInfo("null")).toThrow(/lacks/);
  });
});
