import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../../src/core/history-events.js";
import { sanitizeKey } from "../../../src/azure/key-sanitation.js";
import { isBlobOfInstance, purgeInstance, purgeInstances } from "../../../src/azure/tracking/purge.js";
import type { InstanceFields } from "../../../src/azure/tracking/instance-entity-codec.js";
import { sampleHistory } from "../../support/event-fixtures.js";
import { partitionRows, startTrackingStorage, type TrackingStorage } from "./tracking-test-storage.js";

let storage: TrackingStorage;
beforeAll(async () => {
  storage = await startTrackingStorage("PurgeHub");
});
afterAll(async () => storage?.stop());

const bigInput = JSON.stringify("p".repeat(40_000));

/** An instance as a worker leaves it: history with a spilled property, a row with a spilled Input, a message blob. */
async function createInstance(id: string, fields: Partial<InstanceFields> = {}) {
  const events: HistoryEvent[] = sampleHistory(1);
  (events[1] as { input?: string }).input = bigInput;
  await storage.history.append(id, { executionId: "e", events, startIndex: 0, etag: undefined });
  await storage.instances.insertOrMerge(id, {
    name: "N", executionId: "e", runtimeStatus: "Completed", input: bigInput,
    createdTime: new Date(Date.UTC(2024, 0, 1)), lastUpdatedTime: new Date(Date.UTC(2024, 0, 1)), ...fields,
  });
  await storage.blobs.upload(`${id}/message-00000000000000000000000000000000-ExecutionStarted.json.gz`, "{}");
}

async function leftovers(id: string) {
  const blobs = (await storage.blobNames()).filter((name) => isBlobOfInstance(id, name));
  return {
    historyRows: (await partitionRows(storage.historyClient, sanitizeKey(id))).length,
    instanceRow: (await storage.instances.get(id)) !== undefined,
    blobs: blobs.length,
  };
}

describe("isBlobOfInstance", () => {
  it("takes blobs directly under the instance's own folders only", () => {
    expect(isBlobOfInstance("abc", "abc/history-0000000000000001-ExecutionStarted-0000ABCD-Input.json.gz")).toBe(true);
    expect(isBlobOfInstance("abc", "abc/message-00-ExecutionStarted.json.gz")).toBe(true);
    expect(isBlobOfInstance("abc", "abcd/message-00-ExecutionStarted.json.gz")).toBe(false);
    expect(isBlobOfInstance("a", "a/b/message-00-ExecutionStarted.json.gz")).toBe(false); // instance "a/b"
    expect(isBlobOfInstance("a/b", "a/b/message-00-ExecutionStarted.json.gz")).toBe(true);
    expect(isBlobOfInstance("a/b", "a^0b/history--Input-0000ABCD-Input.json.gz")).toBe(true);
    // "x^0y" is both the sanitized "x/y" and a raw id of its own: each keeps its kind of blob.
    expect(isBlobOfInstance("x/y", "x^0y/history--Input-0000ABCD-Input.json.gz")).toBe(true);
    expect(isBlobOfInstance("x/y", "x^0y/message-00-ExecutionStarted.json.gz")).toBe(false);
    expect(isBlobOfInstance("x^0y", "x^0y/message-00-ExecutionStarted.json.gz")).toBe(true);
    expect(isBlobOfInstance("x^0y", "x^0y/history--Input-0000ABCD-Input.json.gz")).toBe(false);
  });
});

describe("purge", () => {
  it("deletes one instance and leaves another that shares its prefix", async () => {
    await createInstance("abc");
    await createInstance("abcd");
    expect(await leftovers("abc")).toEqual({ historyRows: 5, instanceRow: true, blobs: 3 });
    expect(await purgeInstance(storage.history, storage.instances, storage.blobs, "abc")).toEqual({ deletedInstanceCount: 1 });
    expect(await leftovers("abc")).toEqual({ historyRows: 0, instanceRow: false, blobs: 0 });
    expect(await leftovers("abcd")).toEqual({ historyRows: 5, instanceRow: true, blobs: 3 });
    expect((await storage.history.load("abcd")).events).toHaveLength(4);
  });

  it("purges a hostile id's sanitized and raw folders", async () => {
    const id = "dir/sub#1?x";
    await createInstance(id);
    await createInstance("dir");
    expect(await leftovers(id)).toEqual({ historyRows: 5, instanceRow: true, blobs: 3 });
    expect(await purgeInstance(storage.history, storage.instances, storage.blobs, id)).toEqual({ deletedInstanceCount: 1 });
    expect(await leftovers(id)).toEqual({ historyRows: 0, instanceRow: false, blobs: 0 });
    expect(await leftovers("dir")).toEqual({ historyRows: 5, instanceRow: true, blobs: 3 });
  });

  it("says 0 when nothing existed", async () => {
    expect(await purgeInstance(storage.history, storage.instances, storage.blobs, "nobody")).toEqual({ deletedInstanceCount: 0 });
  });

  it("purges by query: created-time window and finished statuses only", async () => {
    const day = (d: number) => new Date(Date.UTC(2031, 0, d));
    await createInstance("bulk-1", { createdTime: day(1), runtimeStatus: "Completed" });
    await createInstance("bulk-2", { createdTime: day(2), runtimeStatus: "Failed" });
    await createInstance("bulk-3", { createdTime: day(3), runtimeStatus: "Running" });
    await createInstance("bulk-4", { createdTime: day(9), runtimeStatus: "Completed" });
    const window = { createdTimeFrom: day(1), createdTimeTo: day(5) };
    expect(await purgeInstances(storage.history, storage.instances, storage.blobs, { ...window, runtimeStatus: ["Running"] }))
      .toEqual({ deletedInstanceCount: 0 });
    expect(await purgeInstances(storage.history, storage.instances, storage.blobs, {
      ...window, runtimeStatus: ["Completed", "Failed", "Running"],
    })).toEqual({ deletedInstanceCount: 2 });
    expect((await leftovers("bulk-1")).instanceRow).toBe(false);
    expect((await leftovers("bulk-2")).instanceRow).toBe(false);
    expect(await leftovers("bulk-3")).toEqual({ historyRows: 5, instanceRow: true, blobs: 3 });
    expect(await leftovers("bulk-4")).toEqual({ historyRows: 5, instanceRow: true, blobs: 3 });
  });

  it("purges more instances than one page holds", async () => {
    const ids = Array.from({ length: 110 }, (_, i) => `many-${i}`);
    await Promise.all(
      ids.map((id) =>
        storage.instances.insertOrMerge(id, { name: "N", runtimeStatus: "Completed", createdTime: new Date(Date.UTC(2032, 0, 1)) }),
      ),
    );
    const result = await purgeInstances(storage.history, storage.instances, storage.blobs, { instanceIdPrefix: "many-" });
    expect(result).toEqual({ deletedInstanceCount: 110 });
    expect((await storage.instances.query({ instanceIdPrefix: "many-" }, { pageSize: 10 })).rows).toEqual([]);
  });
});
