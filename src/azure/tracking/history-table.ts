// The History table: one partition per instance, one row per event of the current execution, and a
// sentinel row whose ETag guards every write, so two workers can never both extend one history.
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { HistoryEvent } from "../../core/index.js";
import { sanitizeKey } from "../key-sanitation.js";
import { HistoryConflictError } from "./history-conflict-error.js";
import {
  entityToEvent,
  eventToEntity,
  SENTINEL_ROW_KEY,
  sequenceNumberOf,
  type HistoryEntity,
} from "./history-entity-codec.js";
import {
  rowActions,
  sentinelAction,
  splitIntoTransactions,
  type HistoryRowOperation,
} from "./history-transactions.js";
import {
  blobNameColumn,
  historyPropertyBlobName,
  mustSpillFromHistoryRow,
  SPILLABLE_PROPERTIES,
  type LargePropertyStore,
} from "./large-property-store.js";

export { HistoryConflictError };

export interface LoadedHistory {
  events: HistoryEvent[];
  executionId?: string;
  /** The sentinel row's ETag; undefined for an instance never written. */
  etag?: string;
  /** History rows in the partition (sentinel aside), leftovers of an older execution included. */
  rowCount: number;
}

export interface AppendOptions {
  executionId: string;
  events: HistoryEvent[];
  /** The sequence number of the first event: the current length, or 0 for a new execution. */
  startIndex: number;
  /** The sentinel's ETag from load(); undefined for a new instance. */
  etag: string | undefined;
  /** For a new execution over an old one: the old row count (0 skips looking for leftovers). */
  previousRowCount?: number;
}

/** Where each spilled property of a row lives: `{Property}BlobName` columns that hold a name. */
export function spilledProperties(entity: Record<string, unknown>): { property: string; blobName: string }[] {
  return SPILLABLE_PROPERTIES.flatMap((property) => {
    const blobName = entity[blobNameColumn(property)];
    return typeof blobName === "string" && blobName !== "" ? [{ property, blobName }] : [];
  });
}

export class HistoryTable {
  constructor(
    private readonly table: TableClient,
    private readonly largeProperties: LargePropertyStore,
  ) {}

  /** The current execution's events (one query, paged through), with the sentinel's ETag. */
  async load(instanceId: string): Promise<LoadedHistory> {
    const { rows, sentinel } = await this.readPartition(instanceId);
    const executionId = rows[0]?.ExecutionId as string | undefined;
    // One execution per instance: rows from the first of another execution on are leftovers of an older one.
    const end = rows.findIndex((row) => row.ExecutionId !== executionId);
    const current = end < 0 ? rows : rows.slice(0, end);
    const events = await Promise.all(current.map(async (row) => entityToEvent(await this.resolveSpilled(row))));
    return { events, executionId, etag: sentinel?.etag, rowCount: rows.length };
  }

  /** The history as a client sees it: the same reading, no ETag needed. */
  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return (await this.load(instanceId)).events;
  }

  /**
   * Writes events as rows startIndex… in ETag-guarded transactions; throws HistoryConflictError, never
   * overwrites, when another writer got there first. A new execution also removes the old one's leftovers.
   */
  async append(instanceId: string, options: AppendOptions): Promise<{ etag: string; blobUrls: Map<number, Map<string, string>> }> {
    const partitionKey = sanitizeKey(instanceId);
    const isNewExecution = options.startIndex === 0 && options.etag !== undefined && options.previousRowCount !== 0;
    const previous = isNewExecution ? await this.readPreviousRows(partitionKey) : { rowKeys: [], blobNames: [] };
    const entities = options.events.map((event, i) =>
      eventToEntity(instanceId, options.executionId, options.startIndex + i, event),
    );
    await Promise.all(entities.map((entity) => this.spillLarge(entity)));
    const leftovers = previous.rowKeys.filter((rowKey) => (sequenceNumberOf(rowKey) ?? 0) >= entities.length);
    const operations: HistoryRowOperation[] = [
      ...entities.map((entity) => ({ kind: "upsert" as const, entity })),
      ...leftovers.map((rowKey) => ({ kind: "delete" as const, partitionKey, rowKey })),
    ];
    const etag = await this.submitAll(instanceId, partitionKey, options, splitIntoTransactions(operations));
    // Only now is nothing pointing at the old execution's blobs any more.
    await Promise.allSettled(previous.blobNames.map((blobName) => this.largeProperties.delete(blobName)));
    return { etag, blobUrls: this.blobUrlsOf(entities) };
  }

  /** Event index → spilled property → its blob's URL: what the Instances row points at (ATS:1275-1294). */
  private blobUrlsOf(entities: HistoryEntity[]): Map<number, Map<string, string>> {
    const urls = new Map<number, Map<string, string>>();
    entities.forEach((entity, i) => {
      const spilled = spilledProperties(entity);
      if (spilled.length > 0) urls.set(i, new Map(spilled.map((p) => [p.property, this.largeProperties.blobUrl(p.blobName)])));
    });
    return urls;
  }

  /** Deletes every row of the instance, sentinel included; returns how many rows there were. */
  async deleteHistory(instanceId: string): Promise<number> {
    const partitionKey = sanitizeKey(instanceId);
    const rowKeys: string[] = [];
    const filter = odata`PartitionKey eq ${partitionKey}`;
    for await (const row of this.table.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) rowKeys.push(row.rowKey!);
    for (let i = 0; i < rowKeys.length; i += 100) {
      await this.table.submitTransaction(rowKeys.slice(i, i + 100).map((rowKey) => ["delete", { partitionKey, rowKey }]));
    }
    return rowKeys.length;
  }

  private async readPartition(instanceId: string): Promise<{ rows: HistoryEntity[]; sentinel?: HistoryEntity }> {
    const rows: HistoryEntity[] = [];
    let sentinel: HistoryEntity | undefined;
    const filter = odata`PartitionKey eq ${sanitizeKey(instanceId)}`;
    for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      if (row.rowKey === SENTINEL_ROW_KEY) sentinel = row as HistoryEntity;
      else rows.push(row as HistoryEntity);
    }
    rows.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
    return { rows, sentinel };
  }

  /** The row keys and blob names of whatever history the partition holds, before a new execution replaces it. */
  private async readPreviousRows(partitionKey: string): Promise<{ rowKeys: string[]; blobNames: string[] }> {
    const select = ["RowKey", ...SPILLABLE_PROPERTIES.map(blobNameColumn)];
    const filter = odata`PartitionKey eq ${partitionKey}`;
    const rowKeys: string[] = [];
    const blobNames: string[] = [];
    for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select } })) {
      if (row.rowKey === SENTINEL_ROW_KEY) continue;
      rowKeys.push(row.rowKey!);
      blobNames.push(...spilledProperties(row).map((spilled) => spilled.blobName));
    }
    return { rowKeys, blobNames };
  }

  private async submitAll(
    instanceId: string, partitionKey: string, options: AppendOptions, transactions: HistoryRowOperation[][],
  ): Promise<string> {
    let etag = options.etag;
    for (let i = 0; i < transactions.length; i++) {
      const isLastTransaction = i === transactions.length - 1;
      const sentinel = sentinelAction({ partitionKey, executionId: options.executionId, etag, isLastTransaction, now: new Date() });
      try {
        etag = await this.submit(instanceId, [...rowActions(transactions[i]!), sentinel]);
      } catch (error) {
        // Rows of transactions that never committed point at blobs nobody will read: remove them.
        await this.deleteBlobsOf(transactions.slice(i).flat());
        throw error;
      }
    }
    return etag!;
  }

  private async submit(instanceId: string, actions: TransactionAction[]): Promise<string> {
    try {
      const response = await this.table.submitTransaction(actions);
      // Sub-responses come in the order of the operations; the sentinel is the last one.
      const etag = response.subResponses[actions.length - 1]?.etag;
      if (!etag) throw new Error(`The history transaction of '${instanceId}' returned no ETag for the sentinel`);
      return etag;
    } catch (error) {
      if (isHistoryConflict(error)) throw new HistoryConflictError(instanceId, { cause: error });
      throw error;
    }
  }

  private async spillLarge(entity: HistoryEntity): Promise<void> {
    const large = SPILLABLE_PROPERTIES.filter((property) => mustSpillFromHistoryRow(entity[property]));
    await Promise.all(
      large.map(async (property) => {
        const blobName = historyPropertyBlobName(entity.partitionKey, entity.rowKey, String(entity.EventType), property);
        await this.largeProperties.upload(blobName, entity[property] as string);
        entity[property] = "";
        entity[blobNameColumn(property)] = blobName;
      }),
    );
  }

  private async resolveSpilled(entity: HistoryEntity): Promise<HistoryEntity> {
    const spilled = spilledProperties(entity);
    const values = await Promise.all(spilled.map(({ blobName }) => this.largeProperties.download(blobName)));
    spilled.forEach(({ property }, i) => (entity[property] = values[i]));
    return entity;
  }

  private async deleteBlobsOf(operations: HistoryRowOperation[]): Promise<void> {
    const blobNames = operations.flatMap((op) => (op.kind === "upsert" ? spilledProperties(op.entity) : []));
    await Promise.allSettled(blobNames.map(({ blobName }) => this.largeProperties.delete(blobName)));
  }
}

/**
 * 412: the sentinel's ETag moved; 409: a new instance's sentinel already exists; 404: the sentinel (or a
 * leftover row) vanished, e.g. a purge. Each means someone else changed the history. A missing table is not.
 */
function isHistoryConflict(error: unknown): boolean {
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (statusCode === 404) return code !== "TableNotFound";
  return statusCode === 409 || statusCode === 412;
}
