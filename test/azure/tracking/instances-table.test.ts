import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sanitizeKey } from "../../../src/azure/key-sanitation.js";
import type { InstanceFields } from "../../../src/azure/tracking/instance-entity-codec.js";
import { startTrackingStorage, type TrackingStorage } from "./tracking-test-storage.js";

let storage: TrackingStorage;
beforeAll(async () => {
  storage = await startTrackingStorage("InstHub");
});
afterAll(async () => storage?.stop());

const created = new Date("2024-03-04T05:06:07.089Z");
const fullFields: InstanceFields = {
  name: "HelloCities",
  version: "1.0",
  executionId: "0123456789abcdef0123456789abcdef",
  runtimeStatus: "Running",
  input: '["Tokyo"]',
  output: '"out"',
  customStatus: '{"step":1}',
  createdTime: created,
  lastUpdatedTime: new Date(created.getTime() + 1000),
  completedTime: new Date(created.getTime() + 2000),
  scheduledStartTime: new Date(created.getTime() - 1000),
  generation: 2,
  tags: { team: "blue" },
};

describe("InstancesTable", () => {
  it("writes the original's columns and reads them back", async () => {
    await storage.instances.insertOrMerge("full/one", fullFields);
    const entity = await storage.instancesClient.getEntity<Record<string, unknown>>(sanitizeKey("full/one"), "");
    expect(entity).toMatchObject({
      partitionKey: "full^0one", rowKey: "", Name: "HelloCities", Version: "1.0", ExecutionId: fullFields.executionId,
      Input: '["Tokyo"]', Output: '"out"', CustomStatus: '{"step":1}', RuntimeStatus: "Running", CreatedTime: created,
      Generation: 2, Tags: '{"team":"blue"}', TaskHubName: "InstHub",
    });
    expect(await storage.instances.get("full/one")).toEqual({ instanceId: "full/one", ...fullFields });
    const payloads = ["input", "output", "customStatus"];
    const status = Object.fromEntries(Object.entries(fullFields).filter(([key]) => !payloads.includes(key)));
    expect(await storage.instances.get("full/one", { fetchPayloads: false })).toStrictEqual({ instanceId: "full/one", ...status });
  });

  it("merges: columns left undefined keep their values, null writes .NET's \"null\"", async () => {
    await storage.instances.insertOrMerge("merge", fullFields);
    await storage.instances.insertOrMerge("merge", { runtimeStatus: "Completed", customStatus: null, output: '"done"' });
    const entity = await storage.instancesClient.getEntity<Record<string, unknown>>("merge", "");
    expect(entity.CustomStatus).toBe("null");
    const row = await storage.instances.get("merge");
    expect(row).toMatchObject({ name: "HelloCities", runtimeStatus: "Completed", output: '"done"', input: '["Tokyo"]' });
    expect(row?.customStatus).toBe("null"); // the JSON null
  });

  it("keeps a Failed instance's failure in Output as the original's \"ErrorType: ErrorMessage\" text", async () => {
    const failureDetails = { errorType: "TypeError", message: "bad \u2028 thing", stackTrace: "at x", innerFailure: { errorType: "E", message: "in" } };
    await storage.instances.insertOrMerge("failed", { ...fullFields, runtimeStatus: "Failed", output: '"ignored"', failureDetails });
    const entity = await storage.instancesClient.getEntity<Record<string, unknown>>("failed", "");
    expect(entity.Output).toBe("TypeError: bad \u2028 thing");
    const row = await storage.instances.get("failed");
    expect(row?.failureDetails).toEqual({ errorType: "TypeError", message: "bad \u2028 thing" });
    expect(row).not.toHaveProperty("output");
  });

  it("records a start only where no other writer was first", async () => {
    const pending: InstanceFields = { name: "N", executionId: "e1", runtimeStatus: "Pending", createdTime: created, lastUpdatedTime: created };
    expect(await storage.instances.writePending("pending", pending, undefined)).toBe(true);
    expect(await storage.instances.writePending("pending", { ...pending, executionId: "e2" }, undefined)).toBe(false);
    const current = await storage.instances.getForUpdate("pending");
    expect(current?.row).toMatchObject({ executionId: "e1", runtimeStatus: "Pending" });
    await storage.instances.insertOrMerge("pending", { runtimeStatus: "Running" }); // a worker got there: the ETag moves
    expect(await storage.instances.writePending("pending", { ...pending, executionId: "e3" }, current!.etag)).toBe(false);
    const fresh = await storage.instances.getForUpdate("pending");
    expect(await storage.instances.writePending("pending", { ...pending, executionId: "e4" }, fresh!.etag)).toBe(true);
    expect(await storage.instances.get("pending")).toMatchObject({ executionId: "e4", runtimeStatus: "Pending" });
  });

  it("deletes, and says whether there was a row", async () => {
    await storage.instances.insertOrMerge("gone", fullFields);
    expect(await storage.instances.delete("gone")).toBe(true);
    expect(await storage.instances.delete("gone")).toBe(false);
    expect(await storage.instances.get("gone")).toBeUndefined();
    expect(await storage.instances.getForUpdate("gone")).toBeUndefined();
  });

  it("handles hostile ids", async () => {
    const ids = ["a/b\\c#d?e'f", "ctl\u0001\u009f", "東京🚀", "^^", "y".repeat(100)];
    for (const id of ids) await storage.instances.insertOrMerge(id, { ...fullFields, name: id });
    for (const id of ids) expect(await storage.instances.get(id)).toMatchObject({ instanceId: id, name: id });
  });
});

describe("InstancesTable.query", () => {
  const base = Date.UTC(2030, 0, 1);
  beforeAll(async () => {
    const statuses = ["Completed", "Running", "Failed"] as const;
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        storage.instances.insertOrMerge(`q-${String(i).padStart(2, "0")}`, {
          ...fullFields,
          runtimeStatus: statuses[i % 3],
          createdTime: new Date(base + i * 60_000),
        }),
      ),
    );
    await storage.instances.insertOrMerge("q/slash", { ...fullFields, createdTime: new Date(base) });
    await storage.instances.insertOrMerge("q.", { ...fullFields, createdTime: new Date(base) });
  });

  async function allPages(filter: Parameters<TrackingStorage["instances"]["query"]>[0], pageSize: number) {
    const pages: string[][] = [];
    let continuationToken: string | undefined;
    do {
      const page = await storage.instances.query(filter, { pageSize, continuationToken, fetchPayloads: false });
      pages.push(page.rows.map((row) => row.instanceId));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return pages;
  }

  it("pages with opaque continuation tokens", async () => {
    const pages = await allPages({ instanceIdPrefix: "q-" }, 7);
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `q-${String(i).padStart(2, "0")}`));
    const first = await storage.instances.query({ instanceIdPrefix: "q-" }, { pageSize: 7 });
    expect(first.continuationToken).toMatch(/^dtfx1\./);
    expect(first.rows[0]).toHaveProperty("input");
  });

  it("filters by id prefix on the sanitized key, exactly", async () => {
    expect((await allPages({ instanceIdPrefix: "q/" }, 100)).flat()).toEqual(["q/slash"]);
    expect((await allPages({ instanceIdPrefix: "q." }, 100)).flat()).toEqual(["q."]);
  });

  it("filters by status and created time", async () => {
    const failed = (await allPages({ instanceIdPrefix: "q-", runtimeStatus: ["Failed"] }, 100)).flat();
    expect(failed).toEqual(["q-02", "q-05", "q-08", "q-11", "q-14", "q-17", "q-20", "q-23"]);
    const two = (await allPages({ instanceIdPrefix: "q-", runtimeStatus: ["Failed", "Running"] }, 100)).flat();
    expect(two).toHaveLength(16);
    const window = await allPages({ instanceIdPrefix: "q-", createdTimeFrom: new Date(base + 10 * 60_000), createdTimeTo: new Date(base + 12 * 60_000) }, 100);
    expect(window.flat()).toEqual(["q-10", "q-11", "q-12"]);
  });

  it("refuses a token it did not make", async () => {
    await expect(storage.instances.query({}, { pageSize: 5, continuationToken: "garbage" })).rejects.toThrow(TypeError);
  });
});
