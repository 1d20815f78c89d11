import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RestError } from "@azure/core-rest-pipeline";
import { EVENT_TYPES, type HistoryEvent } from "../../../src/core/history-events.js";
import { sanitizeKey } from "../../../src/azure/key-sanitation.js";
import { HistoryConflictError } from "../../../src/azure/tracking/history-table.js";
import { HISTORY_FIXTURES, sampleHistory } from "../../support/event-fixtures.js";
import { partitionRows, startTrackingStorage, type TrackingStorage } from "./tracking-test-storage.js";

let storage: TrackingStorage;
beforeAll(async () => {
  storage = await startTrackingStorage("HistoryHub");
});
afterAll(async () => storage?.stop());

const execution = (n: number) => `exec${n}`.padEnd(32, "0");

describe("HistoryTable", () => {
  it("round-trips every event kind", async () => {
    const events = EVENT_TYPES.map((t) => HISTORY_FIXTURES[t]);
    await storage.history.append("all-kinds", { executionId: execution(1), events, startIndex: 0, etag: undefined });
    const loaded = await storage.history.load("all-kinds");
    expect(loaded.events).toEqual(events);
    expect(loaded.executionId).toBe(execution(1));
    expect(loaded.rowCount).toBe(events.length);
    expect(loaded.etag).toMatch(/.+/);
    expect(await storage.history.getHistory("all-kinds")).toEqual(events);
  });

  it("returns nothing for an unknown instance", async () => {
    expect(await storage.history.load("never-written")).toEqual({ events: [], executionId: undefined, etag: undefined, rowCount: 0 });
  });

  const hostileIds = [
    "a/b\\c#d?e'f",
    "control\u0000\u0001\u001f\u007f\u009f-chars",
    "東京-🚀-ünïcödé",
    "^0 looks escaped ^",
    "x".repeat(100),
    "'; DROP TABLE --",
  ];
  it.each(hostileIds.map((id) => [id]))("keeps hostile id %j in its own sanitized partition", async (id) => {
    const events = sampleHistory(2);
    const { etag } = await storage.history.append(id, { executionId: execution(2), events, startIndex: 0, etag: undefined });
    const loaded = await storage.history.load(id);
    expect(loaded.events).toEqual(events);
    expect(loaded.etag).toBe(etag);
    const rows = await partitionRows(storage.historyClient, sanitizeKey(id));
    expect(rows.map((r) => r.rowKey)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `000000000000000${i}`).concat("sentinel"));
  });

  it("appends episode after episode with the ETag each one returns", async () => {
    const events = sampleHistory(3);
    let { etag } = await storage.history.append("episodes", { executionId: execution(3), events: events.slice(0, 2), startIndex: 0, etag: undefined });
    ({ etag } = await storage.history.append("episodes", { executionId: execution(3), events: events.slice(2, 5), startIndex: 2, etag }));
    ({ etag } = await storage.history.append("episodes", { executionId: execution(3), events: events.slice(5), startIndex: 5, etag }));
    const loaded = await storage.history.load("episodes");
    expect(loaded.events).toEqual(events);
    expect(loaded.etag).toBe(etag);
  });

  it("refuses the second of two writers that loaded the same history, keeping the first's rows", async () => {
    const id = "split-brain";
    const start = sampleHistory(0);
    await storage.history.append(id, { executionId: execution(4), events: start, startIndex: 0, etag: undefined });
    const [first, second] = await Promise.all([storage.history.load(id), storage.history.load(id)]);
    const firstEvents = sampleHistory(1).slice(2);
    const secondEvents = sampleHistory(2).slice(2).map((e) => ({ ...e, timestamp: new Date(42) }));
    await storage.history.append(id, { executionId: execution(4), events: firstEvents, startIndex: 2, etag: first.etag });
    const error = await storage.history
      .append(id, { executionId: execution(4), events: secondEvents, startIndex: 2, etag: second.etag })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryConflictError);
    expect((error as Error).name).toBe("HistoryConflictError");
    expect((error as Error).cause).toBeInstanceOf(RestError);
    expect(((error as Error).cause as RestError).statusCode).toBe(412);
    expect((await storage.history.load(id)).events).toEqual([...start, ...firstEvents]);
  });

  it("refuses a second writer of a new instance (the sentinel already exists)", async () => {
    const id = "new-twice";
    await storage.history.append(id, { executionId: execution(5), events: sampleHistory(0), startIndex: 0, etag: undefined });
    const error = await storage.history
      .append(id, { executionId: execution(6), events: sampleHistory(1), startIndex: 0, etag: undefined })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryConflictError);
    expect(((error as Error).cause as RestError).statusCode).toBe(409);
    const loaded = await storage.history.load(id);
    expect(loaded.executionId).toBe(execution(5));
    expect(loaded.events).toEqual(sampleHistory(0));
  });

  it("treats a vanished sentinel (a purge meanwhile) as a conflict", async () => {
    const id = "purged-meanwhile";
    const { etag } = await storage.history.append(id, { executionId: execution(7), events: sampleHistory(0), startIndex: 0, etag: undefined });
    await storage.history.deleteHistory(id);
    const error = await storage.history
      .append(id, { executionId: execution(7), events: sampleHistory(1).slice(2), startIndex: 2, etag })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryConflictError);
    expect(await partitionRows(storage.historyClient, id)).toEqual([]);
  });

  it("writes 250 events in 3 transactions, the sentinel in each, complete only at the last", async () => {
    const id = "two-hundred-fifty";
    const events = sampleHistory(124); // 2 + 248 events
    expect(events).toHaveLength(250);
    const submit = vi.spyOn(storage.historyClient, "submitTransaction");
    try {
      await storage.history.append(id, { executionId: execution(8), events, startIndex: 0, etag: undefined });
      const transactions = submit.mock.calls.map(([actions]) => actions);
      expect(transactions.map((actions) => actions.length)).toEqual([100, 100, 53]);
      const sentinels = transactions.map((actions) => actions.at(-1)!);
      expect(sentinels.map(([kind, entity]) => [kind, entity.rowKey, entity.IsCheckpointComplete])).toEqual([
        ["create", "sentinel", false],
        ["update", "sentinel", false],
        ["update", "sentinel", true],
      ]);
      expect(transactions.flat().filter(([, e]) => e.rowKey !== "sentinel").every(([kind]) => kind === "upsert")).toBe(true);
    } finally {
      submit.mockRestore();
    }
    const sentinel = await storage.historyClient.getEntity<Record<string, unknown>>(id, "sentinel");
    expect(sentinel).toMatchObject({ ExecutionId: execution(8), IsCheckpointComplete: true });
    expect(sentinel.CheckpointCompletedTimestamp).toBeInstanceOf(Date);
    expect((await storage.history.load(id)).events).toEqual(events);
  });

  it("overwrites a continued-as-new instance with exactly the new execution, old blobs gone", async () => {
    const id = "continue/as/new";
    const old = sampleHistory(5);
    (old[3] as { result?: string }).result = JSON.stringify("o".repeat(40_000)); // spills
    await storage.history.append(id, { executionId: execution(9), events: old, startIndex: 0, etag: undefined });
    const oldBlobs = (await storage.blobNames()).filter((name) => name.startsWith(`${sanitizeKey(id)}/`));
    expect(oldBlobs).toHaveLength(1);
    const loaded = await storage.history.load(id);
    const next = sampleHistory(1).map((e) => ({ ...e, timestamp: new Date(7) }));
    (next[1] as { input?: string }).input = JSON.stringify("n".repeat(40_000));
    await storage.history.append(id, {
      executionId: execution(10), events: next, startIndex: 0, etag: loaded.etag, previousRowCount: loaded.rowCount,
    });
    const rows = await partitionRows(storage.historyClient, sanitizeKey(id));
    expect(rows).toHaveLength(next.length + 1);
    expect(rows.every((row) => row.ExecutionId === execution(10))).toBe(true);
    const after = await storage.history.load(id);
    expect(after).toMatchObject({ events: next, executionId: execution(10), rowCount: next.length });
    const blobs = (await storage.blobNames()).filter((name) => name.startsWith(`${sanitizeKey(id)}/`));
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatch(/^continue\^0as\^0new\/history-0000000000000001-ExecutionStarted-[0-9A-F]{8}-Input\.json\.gz$/);
  });

  it("reads only the first execution when leftovers of an older one remain", async () => {
    const id = "leftovers";
    const old = sampleHistory(3);
    const { etag } = await storage.history.append(id, { executionId: execution(11), events: old, startIndex: 0, etag: undefined });
    // A new execution written without cleanup (as after a crash mid-commit) leaves old rows past its end.
    const next = sampleHistory(0);
    await storage.history.append(id, { executionId: execution(12), events: next, startIndex: 0, etag, previousRowCount: 0 });
    const loaded = await storage.history.load(id);
    expect(loaded).toMatchObject({ events: next, executionId: execution(12), rowCount: old.length });
    // The next new execution cleans them up.
    await storage.history.append(id, {
      executionId: execution(13), events: next, startIndex: 0, etag: loaded.etag, previousRowCount: loaded.rowCount,
    });
    expect(await partitionRows(storage.historyClient, id)).toHaveLength(next.length + 1);
  });

  it("deletes every row of an instance, sentinel included", async () => {
    const id = "to-delete";
    await storage.history.append(id, { executionId: execution(14), events: sampleHistory(60), startIndex: 0, etag: undefined });
    expect(await storage.history.deleteHistory(id)).toBe(123);
    expect(await partitionRows(storage.historyClient, id)).toEqual([]);
    expect(await storage.history.deleteHistory(id)).toBe(0);
  });

  it("removes the blobs it uploaded for a transaction that conflicted", async () => {
    const id = "conflict-blobs";
    const { etag: stale } = await storage.history.append(id, { executionId: execution(15), events: sampleHistory(0), startIndex: 0, etag: undefined });
    await storage.history.append(id, { executionId: execution(15), events: sampleHistory(1).slice(2, 3), startIndex: 2, etag: stale });
    const big: HistoryEvent = { eventType: "EventRaised", eventId: -1, timestamp: new Date(1), name: "Big", input: JSON.stringify("b".repeat(40_000)) };
    const error = await storage.history
      .append(id, { executionId: execution(15), events: [big], startIndex: 3, etag: stale })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryConflictError);
    expect((await storage.blobNames()).filter((name) => name.startsWith(`${id}/`))).toEqual([]);
    expect((await storage.history.load(id)).events).toHaveLength(3);
  });

  it("round-trips line separators, which Azurite refuses inside transactions, through blobs", async () => {
    const id = "line-separators";
    const failed: HistoryEvent = {
      eventType: "TaskFailed", eventId: -1, isPlayed: false, timestamp: new Date(3), taskScheduledId: 0,
      reason: "one\u2028two\u2029three", details: "plain", failureDetails: { errorType: "E", message: "a\u2028b" },
    };
    await storage.history.append(id, { executionId: execution(16), events: [failed], startIndex: 0, etag: undefined });
    expect((await storage.history.load(id)).events).toEqual([failed]);
    const [row] = await partitionRows(storage.historyClient, id);
    expect(row).toMatchObject({ Reason: "", Details: "plain" });
    expect(row!.ReasonBlobName).toMatch(/^line-separators\/history-0000000000000000-TaskFailed-[0-9A-F]{8}-Reason\.json\.gz$/);
    expect(row!.FailureDetails).toContain("\\u2028");
  });
});
