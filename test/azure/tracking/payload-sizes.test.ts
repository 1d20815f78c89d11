// Payloads of every size that matters, through History Input/Result and Instances Input/Output: inline up to
// 60 x 1024 UTF-16 bytes, in a blob above it, up to 10 MB.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../../src/core/history-events.js";
import { startTrackingStorage, partitionRows, type TrackingStorage } from "./tracking-test-storage.js";

let storage: TrackingStorage;
beforeAll(async () => {
  storage = await startTrackingStorage("SizeHub");
});
afterAll(async () => storage?.stop());

/** JSON text of a string payload with exactly `chars` UTF-16 code units (quotes included). */
const jsonOfLength = (chars: number, fill = "a") => JSON.stringify(fill.repeat(chars - 2));
const incompressible = (chars: number) => JSON.stringify(randomBytes(Math.ceil(chars * 0.75)).toString("base64").slice(0, chars - 2));

const sizes: [string, string, boolean][] = [
  ["0 B", "", false],
  ["~45 KiB", jsonOfLength(23_040), false],
  ["exactly 60 KiB (61,440 bytes)", jsonOfLength(30_720), false],
  ["60 KiB + 2 bytes", jsonOfLength(30_721), true],
  ["60 KiB + 2 bytes of non-ASCII", JSON.stringify("é".repeat(30_719)), true],
  ["64 KiB", jsonOfLength(32_768), true],
  ["10 MB", incompressible(10_000_000), true],
];

describe.each(sizes)("a payload of %s", (label, payload, spills) => {
  const id = `size ${label}`;

  it(`${spills ? "spills" : "stays inline"} in history Input and Result and round-trips`, async () => {
    const events: HistoryEvent[] = [
      { eventType: "TaskScheduled", eventId: 0, isPlayed: false, timestamp: new Date(1), name: "Act", input: payload },
      { eventType: "TaskCompleted", eventId: -1, isPlayed: false, timestamp: new Date(2), taskScheduledId: 0, result: payload },
    ];
    await storage.history.append(id, { executionId: "e", events, startIndex: 0, etag: undefined });
    const rows = await partitionRows(storage.historyClient, id);
    expect(rows[0]!.Input).toBe(spills ? "" : payload);
    expect(rows[1]!.Result).toBe(spills ? "" : payload);
    expect(typeof rows[0]!.InputBlobName === "string").toBe(spills);
    expect(typeof rows[1]!.ResultBlobName === "string").toBe(spills);
    const loaded = await storage.history.load(id);
    expect(loaded.events).toEqual(events);
  });

  it(`${spills ? "spills" : "stays inline"} in instance Input and Output and round-trips`, async () => {
    // As the original's create (ATS:805,1296-1316): the column becomes "" with {Column}BlobName naming the blob.
    // CustomStatus never spills (the worker refuses one over 16 KB, as Durable Functions does).
    const fields = { name: "N", executionId: "e", runtimeStatus: "Completed" as const, createdTime: new Date(1), lastUpdatedTime: new Date(2) };
    await storage.instances.insertOrMerge(id, { ...fields, input: payload, output: payload });
    const entity = await storage.instancesClient.getEntity<Record<string, unknown>>(id, "");
    for (const column of ["Input", "Output"]) {
      expect(entity[column]).toBe(spills ? "" : payload);
      if (spills) expect(entity[`${column}BlobName`]).toMatch(new RegExp(`^size .*/history--${column}-[0-9A-F]{8}-${column}\\.json\\.gz$`));
      else expect(entity).not.toHaveProperty(`${column}BlobName`);
    }
    const row = await storage.instances.get(id);
    expect(row).toMatchObject({ input: payload, output: payload });
  });
});
