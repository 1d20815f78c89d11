import { describe, expect, it } from "vitest";
import {
  MAX_TRANSACTION_BYTES,
  rowActions,
  sentinelAction,
  splitIntoTransactions,
  type HistoryRowOperation,
} from "../../../src/azure/tracking/history-transactions.js";

const upsert = (i: number, text = ""): HistoryRowOperation => ({
  kind: "upsert",
  entity: { partitionKey: "p", rowKey: String(i).padStart(16, "0"), Input: text },
});

describe("splitIntoTransactions", () => {
  it("flushes at 99 rows", () => {
    const sizes = (n: number) => splitIntoTransactions(Array.from({ length: n }, (_, i) => upsert(i))).map((t) => t.length);
    expect(sizes(1)).toEqual([1]);
    expect(sizes(99)).toEqual([99]);
    expect(sizes(100)).toEqual([99, 1]);
    expect(sizes(250)).toEqual([99, 99, 52]);
  });

  it("flushes once past 3 MB of estimated size", () => {
    const row = (i: number) => upsert(i, "x".repeat(30_000)); // 1 KiB + 60,000 bytes + 34 bytes of keys each
    const transactions = splitIntoTransactions(Array.from({ length: 120 }, (_, i) => row(i)));
    expect(transactions.map((t) => t.length)).toEqual([52, 52, 16]);
    expect(52 * (1024 + 60_000 + 34)).toBeGreaterThan(MAX_TRANSACTION_BYTES);
    expect(51 * (1024 + 60_000 + 34)).toBeLessThanOrEqual(MAX_TRANSACTION_BYTES);
  });

  it("keeps one (sentinel-only) transaction when there is nothing to write", () => {
    expect(splitIntoTransactions([])).toEqual([[]]);
  });

  it("counts deletes too", () => {
    const deletes: HistoryRowOperation[] = Array.from({ length: 150 }, (_, i) => ({ kind: "delete", partitionKey: "p", rowKey: String(i) }));
    expect(splitIntoTransactions([upsert(0), ...deletes]).map((t) => t.length)).toEqual([99, 52]);
  });
});

describe("sentinelAction", () => {
  const now = new Date(123);
  it("adds the sentinel of a new instance", () => {
    expect(sentinelAction({ partitionKey: "p", executionId: "e", etag: undefined, isLastTransaction: false, now })).toEqual([
      "create",
      { partitionKey: "p", rowKey: "sentinel", ExecutionId: "e", IsCheckpointComplete: false },
    ]);
  });

  it("merges with If-Match, completing the checkpoint in the last transaction", () => {
    expect(sentinelAction({ partitionKey: "p", executionId: "e", etag: 'W/"x"', isLastTransaction: true, now })).toEqual([
      "update",
      { partitionKey: "p", rowKey: "sentinel", ExecutionId: "e", IsCheckpointComplete: true, CheckpointCompletedTimestamp: now },
      "Merge",
      { etag: 'W/"x"' },
    ]);
  });
});

describe("rowActions", () => {
  it("upserts with Replace and deletes by key", () => {
    const row = upsert(1) as Extract<HistoryRowOperation, { kind: "upsert" }>;
    expect(rowActions([row, { kind: "delete", partitionKey: "p", rowKey: "r" }])).toEqual([
      ["upsert", row.entity, "Replace"],
      ["delete", { partitionKey: "p", rowKey: "r" }],
    ]);
  });
});
