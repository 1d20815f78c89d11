// The History table on a real Azurite: the original's layout, the sentinel ETag guard, batching, new
// executions over old ones, large properties, and rows written the way .NET writes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPES, type HistoryEvent } from "../../../src/core/index.js";
import { sanitizeKey } from "../../../src/azure/key-sanitation.js";
import { StorageClients } from "../../../src/azure/storage-clients.js";
import { eventToRow, rowToEvent } from "../../../src/azure/tracking/history-entity-codec.js";
import { HistoryConflictError, HistoryTable } from "../../../src/azure/tracking/history-table.js";
import { LargePropertyStore } from "../../../src/azure/tracking/large-property-store.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

let azurite: RunningAzurite;
let clients: StorageClients;
let history: HistoryTable;
const TABLE = "TrackHistory";
const CONTAINER = "track-largemessages";
const t = new Date("2026-01-01T00:00:00.000Z");

beforeAll(async () => {
  azurite = await startAzurite();
  clients = new StorageClients({ connectionString: azurite.connectionString });
  await clients.table(TABLE).createTable();
  await clients.container(CONTAINER).createIfNotExists();
  history = new HistoryTable(clients.table(TABLE), new LargePropertyStore(clients, CONTAINER));
});

afterAll(async () => {
  await azurite?.stop();
});

const started = (executionId: string, input?: string): HistoryEvent => ({
  eventType: "ExecutionStarted", eventId: -1, timestamp: t, name: "Orch", input,
  orchestrationInstance: { instanceId: "x", executionId },
  parentInstance: { name: "P", taskScheduleId: 3, orchestrationInstance: { instanceId: "p", executionId: "pe" } },
  tags: { a: "b" },
});
const scheduled = (id: number): HistoryEvent => ({ eventType: "TaskScheduled", eventId: id, timestamp: t, name: "A", input: `${id}` });

/** One event of every kind, with every field set. */
const EVERY_KIND: HistoryEvent[] = [
  started("e1", '"in"'),
  { eventType: "ExecutionCompleted", eventId: 9, timestamp: t, orchestrationStatus: "Failed", result: '"r"', failureDetails: { errorType: "E", message: "m", stackTrace: "s", innerFailure: { errorType: "I", message: "i" } } },
  { eventType: "ExecutionFailed", eventId: -1, timestamp: t, failureDetails: { errorType: "E", message: "m" } },
  { eventType: "ExecutionTerminated", eventId: -1, timestamp: t, input: '"why"' },
  scheduled(0),
  { eventType: "TaskCompleted", eventId: -1, timestamp: t, taskScheduledId: 0, result: "1" },
  { eventType: "TaskFailed", eventId: -1, timestamp: t, taskScheduledId: 0, reason: "r", details: "d", failureDetails: { errorType: "E", message: "m" } },
  { eventType: "SubOrchestrationInstanceCreated", eventId: 1, timestamp: t, name: "C", instanceId: "c", input: "2" },
  { eventType: "SubOrchestrationInstanceCompleted", eventId: -1, timestamp: t, taskScheduledId: 1, result: "3" },
  { eventType: "SubOrchestrationInstanceFailed", eventId: -1, timestamp: t, taskScheduledId: 1, reason: "r", failureDetails: { errorType: "E", message: "m" } },
  { eventType: "TimerCreated", eventId: 2, timestamp: t, fireAt: new Date("2026-01-02T00:00:00.000Z") },
  { eventType: "TimerFired", eventId: -1, timestamp: t, timerId: 2, fireAt: new Date("2026-01-02T00:00:00.000Z") },
  { eventType: "OrchestratorStarted", eventId: -1, timestamp: t },
  { eventType: "OrchestratorCompleted", eventId: -1, timestamp: t },
  { eventType: "EventSent", eventId: 3, timestamp: t, instanceId: "o", name: "N", input: "4" },
  { eventType: "EventRaised", eventId: -1, timestamp: t, name: "N", input: "5" },
  { eventType: "ContinueAsNew", eventId: 4, timestamp: t, result: "6" },
  { eventType: "GenericEvent", eventId: -1, timestamp: t, data: "g" },
  { eventType: "HistoryState", eventId: -1, timestamp: t },
  { eventType: "ExecutionSuspended", eventId: -1, timestamp: t, reason: "s" },
  { eventType: "ExecutionResumed", eventId: -1, timestamp: t, reason: "r" },
  { eventType: "ExecutionRewound", eventId: -1, timestamp: t, reason: "w" },
];

const normalize = (events: HistoryEvent[]) => events.map((e) => ({ ...e, isPlayed: undefined }));

describe("history rows", () => {
  it("covers every event kind and round-trips each through the codec", () => {
    expect(new Set(EVERY_KIND.map((e) => e.eventType))).toEqual(new Set(EVENT_TYPES));
    for (const event of EVERY_KIND) {
      const row = eventToRow("x", "e1", 0, event);
      expect(row.EventType).toBe(event.eventType);
      expect({ ...rowToEvent(row), isPlayed: undefined }).toEqual({ ...event, isPlayed: undefined });
    }
  });

  it("writes the original's columns and keys", async () => {
    const id = "cols/#?";
    const { etag } = await history.append(id, { executionId: "e1", events: [started("e1", '"in"'), scheduled(0)], startIndex: 0, etag: undefined });
    expect(etag).toBeTruthy();
    const rows = [];
    for await (const row of clients.table(TABLE).listEntities({ queryOptions: { filter: `PartitionKey eq '${sanitizeKey(id).replace(/'/g, "''")}'` } })) rows.push(row);
    expect(rows.map((r) => r.rowKey)).toEqual(["0000000000000000", "0000000000000001", "sentinel"]);
    expect(rows[0]).toMatchObject({ partitionKey: "cols^0^2^3", EventType: "ExecutionStarted", EventId: -1, ExecutionId: "e1", Name: "Orch", Input: '"in"' });
    expect(rows[0]!._Timestamp).toBeDefined();
    expect(rows[2]).toMatchObject({ ExecutionId: "e1", IsCheckpointComplete: true });
  });

  it("round-trips every event kind through the table", async () => {
    await history.append("every", { executionId: "e1", events: EVERY_KIND, startIndex: 0, etag: undefined });
    const loaded = await history.load("every");
    expect(normalize(loaded.events)).toEqual(normalize(EVERY_KIND));
    expect(loaded.rowCount).toBe(EVERY_KIND.length);
  });
});

describe("the sentinel guard", () => {
  it("lets the first of two writers with the same ETag win and refuses the second", async () => {
    const id = "conflict";
    await history.append(id, { executionId: "e1", events: [started("e1")], startIndex: 0, etag: undefined });
    const a = await history.load(id);
    const b = await history.load(id);
    await history.append(id, { executionId: "e1", events: [scheduled(0)], startIndex: 1, etag: a.etag });
    await expect(history.append(id, { executionId: "e1", events: [scheduled(7)], startIndex: 1, etag: b.etag })).rejects.toBeInstanceOf(HistoryConflictError);
    const after = await history.load(id);
    expect(after.events.map((e) => e.eventId)).toEqual([-1, 0]);
  });

  it("refuses a second creator of a new instance", async () => {
    await history.append("new-twice", { executionId: "e1", events: [started("e1")], startIndex: 0, etag: undefined });
    await expect(history.append("new-twice", { executionId: "e1", events: [started("e1")], startIndex: 0, etag: undefined })).rejects.toBeInstanceOf(HistoryConflictError);
  });

  it("writes 250 events in three transactions, the sentinel in each", async () => {
    const events = [started("e1"), ...Array.from({ length: 249 }, (_, i) => scheduled(i))];
    const before = clients.meter.snapshot().byKind["table.batch"] ?? 0;
    const { etag } = await history.append("long", { executionId: "e1", events, startIndex: 0, etag: undefined });
    expect((clients.meter.snapshot().byKind["table.batch"] ?? 0) - before).toBe(3);
    const loaded = await history.load("long");
    expect(loaded.events).toHaveLength(250);
    expect(loaded.etag).toBe(etag);
  });
});

describe("executions", () => {
  it("a new execution replaces the old one and its leftover rows", async () => {
    const id = "generations";
    const first = [started("e1"), scheduled(0), scheduled(1), scheduled(2)];
    const { etag } = await history.append(id, { executionId: "e1", events: first, startIndex: 0, etag: undefined });
    await history.append(id, { executionId: "e2", events: [started("e2", "2")], startIndex: 0, etag, previousRowCount: 4 });
    const loaded = await history.load(id);
    expect(loaded.executionId).toBe("e2");
    expect(loaded.events).toHaveLength(1);
    expect(loaded.rowCount).toBe(1);
  });

  it("reads only the current execution when an older one's rows remain", async () => {
    const id = "leftovers";
    const { etag } = await history.append(id, { executionId: "e1", events: [started("e1"), scheduled(0), scheduled(1)], startIndex: 0, etag: undefined });
    // As if the cleanup after the new execution's write had not happened yet.
    await history.append(id, { executionId: "e2", events: [started("e2")], startIndex: 0, etag });
    const loaded = await history.load(id);
    expect(loaded.events.map((e) => e.eventType)).toEqual(["ExecutionStarted"]);
    expect(loaded.rowCount).toBe(3);
  });
});

describe("large properties", () => {
  for (const [label, length] of [["0 B", 0], ["60 KB", 30_000], ["just over 60 KiB", 30 * 1024 + 1], ["10 MB", 5_000_000]] as const) {
    it(`round-trips ${label}`, async () => {
      const id = `large-${length}`;
      const input = "x".repeat(length);
      await history.append(id, { executionId: "e1", events: [started("e1", input), { eventType: "TaskCompleted", eventId: -1, timestamp: t, taskScheduledId: 0, result: input }], startIndex: 0, etag: undefined });
      const loaded = await history.load(id);
      expect((loaded.events[0] as { input?: string }).input ?? "").toHaveLength(length);
      expect((loaded.events[1] as { result?: string }).result ?? "").toHaveLength(length);
      const spilled = [];
      for await (const blob of clients.container(CONTAINER).listBlobsFlat({ prefix: `${id}/` })) spilled.push(blob.name);
      expect(spilled.length > 0).toBe(length * 2 > 60 * 1024);
      if (spilled.length) expect(spilled[0]).toMatch(new RegExp(`^${id}/history-0000000000000000-ExecutionStarted-[0-9a-f]{8}-Input\\.json\\.gz$`));
    }, 60_000);
  }
});

describe("rows written by DurableTask.AzureStorage (.NET)", () => {
  it("reads typed values, 'null' strings and spilled properties as the original writes them", async () => {
    const table = clients.table(TABLE);
    const pk = "dotnet-1";
    const blobName = `${pk}/history-0000000000000001-TaskCompleted-0a1b2c3d-Result.json.gz`;
    const { gzipSync } = await import("node:zlib");
    const big = JSON.stringify("y".repeat(40_000));
    await clients.container(CONTAINER).getBlockBlobClient(blobName).uploadData(gzipSync(Buffer.from(big)));
    await table.createEntity({
      partitionKey: pk, rowKey: "0000000000000000", EventType: "ExecutionStarted", EventId: { value: "-1", type: "Int32" },
      IsPlayed: false, _Timestamp: t, ExecutionId: "abc", Name: "DotNetOrch", Input: '"hi"', Version: "",
      OrchestrationInstance: '{"$type":"DurableTask.Core.OrchestrationInstance","InstanceId":"dotnet-1","ExecutionId":"abc"}',
      ParentInstance: "null", Tags: "null",
    });
    await table.createEntity({
      partitionKey: pk, rowKey: "0000000000000001", EventType: "TaskCompleted", EventId: -1, IsPlayed: true,
      _Timestamp: t, ExecutionId: "abc", TaskScheduledId: { value: "0", type: "Int64" }, Result: "", ResultBlobName: blobName,
    });
    await table.createEntity({ partitionKey: pk, rowKey: "sentinel", ExecutionId: "abc", IsCheckpointComplete: true });
    const loaded = await history.load(pk);
    expect(loaded.events[0]).toMatchObject({ eventType: "ExecutionStarted", name: "DotNetOrch", input: '"hi"', orchestrationInstance: { instanceId: "dotnet-1", executionId: "abc" } });
    expect((loaded.events[0] as { parentInstance?: unknown }).parentInstance).toBeUndefined();
    expect(loaded.events[1]).toMatchObject({ eventType: "TaskCompleted", taskScheduledId: 0, result: big });
  });
});
