// The Instances table on a real Azurite: the original's columns, spilled payloads as blob URLs, rows
// written by .NET, and the Pending write that never overwrites a worker's newer status.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageClients } from "../../../src/azure/storage-clients.js";
import { InstancesTable } from "../../../src/azure/tracking/instances-table.js";
import { LargePropertyStore } from "../../../src/azure/tracking/large-property-store.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

let azurite: RunningAzurite;
let clients: StorageClients;
let instances: InstancesTable;
const TABLE = "TrackInstances";
const CONTAINER = "track-largemessages";
const t = new Date("2026-01-01T00:00:00.000Z");
const base = { name: "Orch", executionId: "e1", createdTime: t, lastUpdatedTime: t };

beforeAll(async () => {
  azurite = await startAzurite();
  clients = new StorageClients({ connectionString: azurite.connectionString });
  await clients.table(TABLE).createTable();
  await clients.container(CONTAINER).createIfNotExists();
  instances = new InstancesTable(clients.table(TABLE), new LargePropertyStore(clients, CONTAINER), "Track");
});

afterAll(async () => {
  await azurite?.stop();
});

describe("the Instances table", () => {
  it("writes the original's columns and merges updates", async () => {
    await instances.insertOrMerge("i/1", { ...base, runtimeStatus: "Running", input: '"in"', tags: { k: "v" } });
    await instances.insertOrMerge("i/1", { runtimeStatus: "Completed", output: "42", completedTime: t, lastUpdatedTime: t });
    const row = await clients.table(TABLE).getEntity("i^01", "");
    expect(row).toMatchObject({ Name: "Orch", ExecutionId: "e1", RuntimeStatus: "Completed", Input: '"in"', Output: "42", TaskHubName: "Track", Tags: '{"k":"v"}' });
    const record = await instances.get("i/1", { fetchPayloads: true });
    expect(record).toMatchObject({ instanceId: "i/1", runtimeStatus: "Completed", input: '"in"', output: "42", tags: { k: "v" } });
    const lean = await instances.get("i/1", { fetchPayloads: false });
    expect(lean?.input).toBeUndefined();
  });

  it("spills payloads over 60 KiB to blobs whose URL the row keeps", async () => {
    const big = JSON.stringify("z".repeat(40_000));
    await instances.insertOrMerge("big", { ...base, runtimeStatus: "Completed", input: big, output: big, customStatus: big });
    const row = await clients.table(TABLE).getEntity<Record<string, string>>("big", "");
    expect(row.Input).toMatch(/^http:\/\/.*\/track-largemessages\/big\/instance-Input-[0-9a-f]{8}\.json\.gz$/);
    const record = await instances.get("big", { fetchPayloads: true });
    expect([record?.input, record?.output, record?.customStatus]).toEqual([big, big, big]);
  });

  it("reads a row written by .NET: a blob URL in Input, 'null' strings", async () => {
    const blobName = "dotnet-2/message-0123456789abcdef0123456789abcdef-ExecutionStarted.json.gz";
    const blob = clients.container(CONTAINER).getBlockBlobClient(blobName);
    await blob.uploadData(gzipSync(Buffer.from('"from a blob"')));
    await clients.table(TABLE).createEntity({
      partitionKey: "dotnet-2", rowKey: "", Name: "DotNet", Version: "", ExecutionId: "abc", Input: blob.url,
      Output: "null", CustomStatus: "null", RuntimeStatus: "Running", CreatedTime: t, LastUpdatedTime: t,
      CompletedTime: new Date("0001-01-01T00:00:00Z"), TaskHubName: "Track",
    });
    const record = await instances.get("dotnet-2", { fetchPayloads: true });
    expect(record).toMatchObject({ name: "DotNet", runtimeStatus: "Running", input: '"from a blob"' });
    expect(record?.output).toBeUndefined();
    expect(record?.customStatus).toBeUndefined();
    expect(record?.completedAt).toBeUndefined();
  });

  it("writes Pending only where no newer status was written", async () => {
    await instances.writePending("p1", { ...base, runtimeStatus: "Pending" }, undefined);
    expect((await instances.get("p1", { fetchPayloads: false }))?.runtimeStatus).toBe("Pending");
    // A worker finished first: the client's late Pending write must not undo it.
    await instances.insertOrMerge("p2", { ...base, runtimeStatus: "Completed" });
    await instances.writePending("p2", { ...base, runtimeStatus: "Pending" }, undefined);
    expect((await instances.get("p2", { fetchPayloads: false }))?.runtimeStatus).toBe("Completed");
    // A restart replaces a finished row read at its ETag, unless a worker wrote in between.
    const read = await instances.getForUpdate("p2");
    await instances.writePending("p2", { ...base, executionId: "e2", runtimeStatus: "Pending" }, read!.etag);
    expect(await instances.get("p2", { fetchPayloads: false })).toMatchObject({ executionId: "e2", runtimeStatus: "Pending" });
    const stale = await instances.getForUpdate("p2");
    await instances.insertOrMerge("p2", { runtimeStatus: "Running" });
    await instances.writePending("p2", { ...base, executionId: "e3", runtimeStatus: "Pending" }, stale!.etag);
    expect(await instances.get("p2", { fetchPayloads: false })).toMatchObject({ executionId: "e2", runtimeStatus: "Running" });
  });

  it("queries by status, time and id prefix, page by page", async () => {
    for (let i = 0; i < 7; i++) await instances.insertOrMerge(`q-${i}`, { ...base, runtimeStatus: i % 2 ? "Failed" : "Completed" });
    await instances.insertOrMerge("qq", { ...base, runtimeStatus: "Completed" });
    const seen: string[] = [];
    let continuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await instances.query({ instanceIdPrefix: "q-", runtimeStatus: ["Completed"] }, { pageSize: 2, continuationToken });
      seen.push(...page.rows.map((r) => r.instanceId));
      continuationToken = page.continuationToken;
      pages++;
    } while (continuationToken);
    expect(seen.sort()).toEqual(["q-0", "q-2", "q-4", "q-6"]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const none = await instances.query({ instanceIdPrefix: "q-", createdFrom: new Date("2027-01-01") }, { pageSize: 10 });
    expect(none.rows).toEqual([]);
  });
});
