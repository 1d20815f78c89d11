// The History table: one partition per instance, one row per event of the current execution, and a
// sentinel row whose ETag guards every write, so two workers can never both extend one history.
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import { RestError } from "@azure/core-rest-pipeline";
import type { HistoryEvent } from "../../core/index.js";
import { sanitizeKey } from "../key-sanitation.js";
import { eventToRow, rowKeyOf, rowToEvent, SENTINEL_ROW_KEY, type HistoryRow } from "./history-entity-codec.js";
import { LargePropertyStore, needsSpill } from "./large-property-store.js";

/** Another worker wrote this instance since we read it; the episode must be abandoned, never forced. */
export class HistoryConflictError extends Error {
  override readonly name = "HistoryConflictError";
}

export interface LoadedHistory {
  events: HistoryEvent[];
  executionId?: string;
  /** The sentinel row's ETag; undefined for an instance never written. */
  etag?: string;
  /** History rows in the partition (sentinel aside), including leftovers of an earlier execution. */
  rowCount: number;
}

export interface AppendRequest {
  executionId: string;
  events: HistoryEvent[];
  /** The row number of the first event: the current length, or 0 for a new execution. */
  startIndex: number;
  etag: string | undefined;
  /** For a new execution over an old one: the old row count, so leftover rows are deleted. */
  previousRowCount?: number;
}

const MAX_ROWS_PER_BATCH = 99;
/** Azure limits a batch to 4 MiB; leave room for the envelope. */
const MAX_BATCH_BYTES = 3 * 1024 * 1024;

export class HistoryTable {
  constructor(
    private readonly table: TableClient,
    private readonly largeProperties: LargePropertyStore,
  ) {}

  async load(instanceId: string): Promise<LoadedHistory> {
    const rows: HistoryRow[] = [];
    let sentinel: HistoryRow | undefined;
    const filter = odata`PartitionKey eq ${sanitizeKey(instanceId)}`;
    for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      if (row.rowKey === SENTINEL_ROW_KEY) sentinel = row as HistoryRow;
      else rows.push(row as HistoryRow);
    }
    rows.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
    const executionId = rows[0]?.ExecutionId as string | undefined;
    // One execution per instance: rows past the first of another execution are leftovers of an older one.
    const firstOther = rows.findIndex((row) => row.ExecutionId !== executionId);
    const current = firstOther < 0 ? rows : rows.slice(0, firstOther);
    const events = await Promise.all(current.map((row) => this.resolveSpilled(row).then(rowToEvent)));
    return { events, executionId, etag: sentinel?.etag as string | undefined, rowCount: rows.length };
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return (await this.load(instanceId)).events;
  }

  async append(instanceId: string, request: AppendRequest): Promise<{ etag: string }> {
    const rows = await Promise.all(
      request.events.map((event, i) => this.spillLarge(instanceId, eventToRow(instanceId, request.executionId, request.startIndex + i, event))),
    );
    let etag = request.etag;
    const batches = splitIntoBatches(rows);
    for (let i = 0; i < batches.length; i++) {
      const isLast = i === batches.length - 1;
      const actions: TransactionAction[] = batches[i]!.map((row) => ["upsert", row, "Replace"]);
      actions.push(this.sentinelAction(instanceId, request.executionId, etag, isLast));
      etag = await this.submit(instanceId, actions);
    }
    const end = request.startIndex + request.events.length;
    if (request.previousRowCount !== undefined && request.previousRowCount > end) {
      await this.deleteRows(instanceId, end, request.previousRowCount);
    }
    return { etag: etag! };
  }

  /** Deletes every row of the instance, sentinel included; returns how many there were. */
  async deleteHistory(instanceId: string): Promise<number> {
    const partitionKey = sanitizeKey(instanceId);
    const keys: string[] = [];
    const filter = odata`PartitionKey eq ${partitionKey}`;
    for await (const row of this.table.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) keys.push(row.rowKey!);
    for (let i = 0; i < keys.length; i += 100) {
      await this.table.submitTransaction(keys.slice(i, i + 100).map((rowKey) => ["delete", { partitionKey, rowKey }]));
    }
    return keys.length;
  }

  private sentinelAction(instanceId: string, executionId: string, etag: string | undefined, isLast: boolean): TransactionAction {
    const sentinel = {
      partitionKey: sanitizeKey(instanceId),
      rowKey: SENTINEL_ROW_KEY,
      ExecutionId: executionId,
      IsCheckpointComplete: isLast,
      ...(isLast ? { CheckpointCompletedTimestamp: new Date() } : {}),
    };
    // Add when the instance is new: a second writer of a new instance then conflicts too.
    return etag === undefined ? ["create", sentinel] : ["update", sentinel, "Merge", { etag }];
  }

  private async submit(instanceId: string, actions: TransactionAction[]): Promise<string> {
    try {
      const response = await this.table.submitTransaction(actions);
      // The sentinel is the batch's last operation (not every service names the row in its sub-responses).
      const etag = response.getResponseForEntity(SENTINEL_ROW_KEY)?.etag ?? response.subResponses.at(-1)?.etag;
      if (!etag) throw new Error("The history batch returned no sentinel ETag");
      return etag;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) {
        throw new HistoryConflictError(`Another worker updated the history of '${instanceId}' first`, { cause: error });
      }
      throw error;
    }
  }

  private async deleteRows(instanceId: string, from: number, to: number): Promise<void> {
    const partitionKey = sanitizeKey(instanceId);
    for (let start = from; start < to; start += 100) {
      const actions: TransactionAction[] = [];
      for (let i = start; i < Math.min(to, start + 100); i++) actions.push(["delete", { partitionKey, rowKey: rowKeyOf(i) }]);
      await this.table.submitTransaction(actions).catch((error: unknown) => {
        // Rows already gone (a retried cleanup) are fine: delete them one by one, ignoring 404s.
        if (!(error instanceof RestError && error.statusCode === 404)) throw error;
        return Promise.all(actions.map(([, e]) => this.table.deleteEntity(e.partitionKey, e.rowKey).catch(() => undefined)));
      });
    }
  }

  private async spillLarge(instanceId: string, row: HistoryRow): Promise<HistoryRow> {
    const large = Object.entries(row).filter(([name, value]) => !["partitionKey", "rowKey"].includes(name) && needsSpill(value));
    await Promise.all(
      large.map(async ([name, value]) => {
        const blobName = `${sanitizeKey(instanceId)}/history-${row.rowKey}-${String(row.EventType)}-${LargePropertyStore.randomSuffix()}-${name}.json.gz`;
        await this.largeProperties.put(blobName, value as string);
        row[name] = "";
        row[`${name}BlobName`] = blobName;
      }),
    );
    return row;
  }

  private async resolveSpilled(row: HistoryRow): Promise<HistoryRow> {
    const spilled = Object.keys(row).filter((k) => k.endsWith("BlobName") && typeof row[k] === "string" && row[k]);
    await Promise.all(
      spilled.map(async (key) => {
        row[key.slice(0, -"BlobName".length)] = await this.largeProperties.get(row[key] as string);
      }),
    );
    return row;
  }
}

function splitIntoBatches(rows: HistoryRow[]): HistoryRow[][] {
  const batches: HistoryRow[][] = [[]];
  let bytes = 0;
  for (const row of rows) {
    const size = estimateBytes(row);
    const current = batches[batches.length - 1]!;
    if (current.length >= MAX_ROWS_PER_BATCH || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push([row]);
      bytes = size;
    } else {
      current.push(row);
      bytes += size;
    }
  }
  return batches;
}

function estimateBytes(row: HistoryRow): number {
  let bytes = 200;
  for (const value of Object.values(row)) bytes += typeof value === "string" ? value.length * 2 : 16;
  return bytes;
}
