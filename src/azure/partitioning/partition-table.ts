// The `{Hub}Partitions` table of the original's TablePartitionManager: one row per control queue, PartitionKey ""
// and RowKey the queue's name (AS Partitioning/TablePartitionLease.cs), columns CurrentOwner, NextOwner,
// OwnedSince, LastRenewal, ExpiresAt (Edm.DateTime) and IsDraining; null columns are left out, as the .NET
// table SDK leaves them out. Every change is a Replace guarded by the ETag read (TablePartitionManager.cs:414).
// The table kind writes no taskhub.json (:264-266), so the rows are what records the partition count here.
import { RestError } from "@azure/core-rest-pipeline";
import type { TableClient, TableEntity } from "@azure/data-tables";
import { PartitionCountMismatchError } from "../storage/task-hub-resources.js";
import { readBool, readDate, readString } from "../tracking/table-values.js";
import type { PartitionRow } from "./table-lease-round.js";

export const PARTITION_ROW_KEY = "";

export class PartitionTable {
  constructor(
    readonly table: TableClient,
    private readonly queueNames: string[],
    private readonly taskHubName: string,
  ) {}

  /**
   * Creates the table and a row per control queue (Insert: an existing row is left alone, CreateLease :269-292).
   * Rows are the table kind's record of the partition count: other control-queue rows mean another count, refused
   * as taskhub.json's mismatch is, unless the caller asked for the change (then missing rows are added and surplus
   * ones deleted: the original's manager would otherwise claim and listen to every row it finds).
   */
  async ensure(allowPartitionCountChange: boolean): Promise<void> {
    await ignore(409, this.table.createTable());
    const wanted = new Set(this.queueNames);
    let existing = await this.list();
    // Fewer rows may be another starter's creation under way (its inserts run in parallel): look once more.
    if (existing.length > 0 && existing.length < this.queueNames.length) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      existing = await this.list();
    }
    const surplus = existing.filter((row) => !wanted.has(row.rowKey));
    if (existing.length > 0 && (surplus.length > 0 || existing.length < this.queueNames.length)) {
      if (!allowPartitionCountChange) throw new PartitionCountMismatchError(this.taskHubName, existing.length, this.queueNames.length, "its Partitions table");
      await Promise.all(surplus.map((row) => ignore(404, this.table.deleteEntity(PARTITION_ROW_KEY, row.rowKey))));
    }
    const present = new Set(existing.map((row) => row.rowKey));
    await Promise.all(
      this.queueNames
        .filter((name) => !present.has(name))
        .map((rowKey) => ignore(409, this.table.createEntity({ partitionKey: PARTITION_ROW_KEY, rowKey, IsDraining: false }))),
    );
  }

  /** Every row, in RowKey order (the table's order, which the balancing follows). */
  async list(): Promise<PartitionRow[]> {
    const rows: PartitionRow[] = [];
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq ''` } })) {
      const rowKey = String(entity.rowKey);
      rows.push({
        rowKey,
        partition: partitionOfQueue(rowKey),
        CurrentOwner: readString(entity.CurrentOwner) ?? null,
        NextOwner: readString(entity.NextOwner) ?? null,
        OwnedSince: readDate(entity.OwnedSince) ?? null,
        LastRenewal: readDate(entity.LastRenewal) ?? null,
        ExpiresAt: readDate(entity.ExpiresAt) ?? null,
        IsDraining: readBool(entity.IsDraining) ?? false,
        etag: String(entity.etag),
      });
    }
    return rows;
  }

  /** Replaces a row if its ETag is still the one read; a 412 (another worker wrote it since) is thrown. */
  async replace(row: PartitionRow): Promise<void> {
    const entity: TableEntity<Record<string, unknown>> = { partitionKey: PARTITION_ROW_KEY, rowKey: row.rowKey, IsDraining: row.IsDraining };
    for (const column of ["CurrentOwner", "NextOwner", "OwnedSince", "LastRenewal", "ExpiresAt"] as const) {
      if (row[column] !== null) entity[column] = row[column];
    }
    await this.table.updateEntity(entity, "Replace", { etag: row.etag });
  }
}

/** The partition number of a control queue's name (`{hub}-control-NN`). */
export function partitionOfQueue(queueName: string): number {
  const match = /-control-(\d+)$/.exec(queueName);
  return match ? Number(match[1]) : -1;
}

export function isEtagConflict(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 412;
}

async function ignore(statusCode: number, operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === statusCode)) throw error;
  }
}
