// How an append becomes entity-group transactions, decided without I/O: rows in order, at most 99 per
// transaction or about 3 MB, each transaction completed by the sentinel row that guards the whole history.
import type { TransactionAction } from "@azure/data-tables";
import { SENTINEL_ROW_KEY, type HistoryEntity } from "./history-entity-codec.js";

/** A transaction holds 100 operations at most; one is the sentinel's. */
export const MAX_ROWS_PER_TRANSACTION = 99;
/** A transaction holds 4 MiB at most; the original flushes past 3 MB of estimated size. */
export const MAX_TRANSACTION_BYTES = 3 * 1024 * 1024;

export type HistoryRowOperation =
  | { kind: "upsert"; entity: HistoryEntity }
  | { kind: "delete"; partitionKey: string; rowKey: string };

/** Roughly what a row costs in a batch: a flat 1 KiB plus its strings in UTF-16, as the original estimates. */
export function estimatedBytes(operation: HistoryRowOperation): number {
  if (operation.kind === "delete") return 1024;
  let bytes = 1024;
  for (const value of Object.values(operation.entity)) if (typeof value === "string") bytes += value.length * 2;
  return bytes;
}

/** Splits operations into transactions, flushing after the 99th row or once past 3 MB, as the original does. */
export function splitIntoTransactions(operations: readonly HistoryRowOperation[]): HistoryRowOperation[][] {
  const transactions: HistoryRowOperation[][] = [];
  let current: HistoryRowOperation[] = [];
  let bytes = 0;
  for (const operation of operations) {
    current.push(operation);
    bytes += estimatedBytes(operation);
    if (current.length === MAX_ROWS_PER_TRANSACTION || bytes > MAX_TRANSACTION_BYTES) {
      transactions.push(current);
      current = [];
      bytes = 0;
    }
  }
  // Even an append with nothing to write moves the sentinel, so the caller gets a fresh ETag.
  if (current.length > 0 || transactions.length === 0) transactions.push(current);
  return transactions;
}

export interface SentinelState {
  partitionKey: string;
  executionId: string;
  /** The ETag the sentinel had when read; undefined for an instance never written. */
  etag: string | undefined;
  isLastTransaction: boolean;
  now: Date;
}

/**
 * The sentinel's part in a transaction: Add for a new instance (a second writer then gets 409), else
 * UpdateMerge guarded by the ETag (412 when someone else wrote). Only the last one marks the checkpoint complete.
 */
export function sentinelAction(state: SentinelState): TransactionAction {
  const sentinel: HistoryEntity = {
    partitionKey: state.partitionKey,
    rowKey: SENTINEL_ROW_KEY,
    ExecutionId: state.executionId,
    IsCheckpointComplete: state.isLastTransaction,
  };
  if (state.isLastTransaction) sentinel.CheckpointCompletedTimestamp = state.now;
  return state.etag === undefined ? ["create", sentinel] : ["update", sentinel, "Merge", { etag: state.etag }];
}

/** The SDK's actions for one transaction's rows (UpsertReplace, so a replayed episode may rewrite its rows). */
export function rowActions(operations: readonly HistoryRowOperation[]): TransactionAction[] {
  return operations.map((operation) =>
    operation.kind === "upsert"
      ? ["upsert", operation.entity, "Replace"]
      : ["delete", { partitionKey: operation.partitionKey, rowKey: operation.rowKey }],
  );
}
