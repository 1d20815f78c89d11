// The in-process maps of announced rows and cached histories are bounded in characters as well as in entries.
import { describe, expect, it } from "vitest";
import { AnnouncementMap } from "../../../src/backend/announcement-map.js";
import { historyChars, InstanceCache } from "../../../src/azure/sessions/instance-cache.js";
import type { InstanceRecord } from "../../../src/backend/orchestration-service.js";
import type { HistoryEvent } from "../../../src/core/index.js";

const record = (payloadChars: number) => ({ input: "x".repeat(payloadChars) }) as unknown as InstanceRecord;

describe("AnnouncementMap", () => {
  it("keeps at most maxChars of rows: 10,000 rows of 16K characters no longer fit", () => {
    const map = new AnnouncementMap<{ status: string; record?: InstanceRecord }>(10_000, 4 * 1024 * 1024);
    for (let i = 0; i < 10_000; i++) map.set(`id-${i}`, { status: "Completed", record: record(16 * 1024) });
    expect(map.heldChars).toBeLessThanOrEqual(4 * 1024 * 1024);
    // Before this bound all 10,000 stayed: about 164M characters.
    expect(map.size).toBeLessThan(300);
    expect(map.get("id-9999")?.record).toBeDefined();
    expect(map.get("id-0")).toBeUndefined();
  });

  it("still bounds the count, and accounts replaced and deleted entries", () => {
    const map = new AnnouncementMap<{ status: string; record?: InstanceRecord }>(3, 1_000_000);
    for (const id of ["a", "b", "c", "d"]) map.set(id, { status: "Running" });
    expect(map.size).toBe(3);
    map.set("b", { status: "Completed", record: record(1000) });
    const held = map.heldChars;
    map.set("b", { status: "Completed" });
    expect(map.heldChars).toBeLessThan(held - 900);
    map.clear();
    expect(map.heldChars).toBe(0);
  });
});

describe("InstanceCache", () => {
  const history = (payloadChars: number): HistoryEvent[] => [
    { eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(0), name: "O", input: "x".repeat(payloadChars), orchestrationInstance: { instanceId: "i" } } as HistoryEvent,
  ];

  it("evicts the least recent histories once their characters pass the bound", () => {
    const cache = new InstanceCache(1000, 1_000_000);
    for (let i = 0; i < 10; i++) cache.set(`i${i}`, { events: history(200_000), rowCount: 1 });
    expect(cache.heldChars).toBeLessThanOrEqual(1_000_000);
    expect(cache.get("i9")).toBeDefined();
    expect(cache.get("i0")).toBeUndefined();
  });

  it("does not keep a history larger than the whole bound", () => {
    const cache = new InstanceCache(1000, 1000);
    cache.set("small", { events: history(10), rowCount: 1 });
    cache.set("huge", { events: history(5000), rowCount: 1 });
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.get("small")).toBeDefined();
    expect(historyChars(history(5000))).toBeGreaterThan(5000);
  });
});
