// The Instances table: one row per instance with the original's columns, so status reads and queries never
// touch history. A payload too large for a column holds the full URL of its blob, as the original writes it.
import type { TableClient } from "@azure/data-tables";
import {
  entityToInstanceRow,
  INSTANCE_PAYLOAD_COLUMNS,
  INSTANCE_STATUS_COLUMNS,
  instanceFieldsToEntity,
  payloadFromBlob,
  type InstanceEntity,
  type InstanceFields,
  type InstanceRow,
} from "./instance-entity-codec.js";
import { decodeInstanceQueryToken, encodeInstanceQueryToken, instanceQueryFilter, type InstanceQuery } from "./instance-query.js";
import { exceedsInlineLimit, instancePropertyBlobName, type LargePropertyStore } from "./large-property-store.js";
import { sanitizeKey } from "../key-sanitation.js";
import { PayloadLimitExceededError } from "../../core/errors.js";

/** Columns a reader resolves when they hold a URL into the large-messages container (Tags: older dtfx rows). */
const URL_COLUMNS = [...INSTANCE_PAYLOAD_COLUMNS, "Tags"];

/**
 * Columns written to a blob when too large for the row: as the original's create does, the column becomes ""
 * with `{Column}BlobName` beside it (ATS:805,1296-1316). CustomStatus and Tags never spill, as there.
 */
const SPILLED_COLUMNS = ["Input", "Output"];

export interface InstancePageOptions {
  pageSize: number;
  continuationToken?: string;
  /** False selects every column but Input, Output and CustomStatus (so no failure details either). */
  fetchPayloads?: boolean;
  /** With fetchPayloads, false leaves Input unselected, so a spilled input's blob is never read (default true). */
  fetchInput?: boolean;
}

/** The unzipped bytes a page of rows may still read from blobs; past them the page is refused, not held. */
class PagePayloadBudget {
  private spent = 0;
  constructor(readonly limit: number) {}
  get remaining(): number {
    return Math.max(0, this.limit - this.spent);
  }
  spend(text: string): void {
    this.spent += Buffer.byteLength(text, "utf8");
    if (this.spent > this.limit) throw this.exceeded();
  }
  exceeded(): PayloadLimitExceededError {
    return new PayloadLimitExceededError(
      `The payloads of this page of instances come to more than ${this.limit} bytes: ask for fewer at a time ` +
        `(a smaller page size, 'top' over HTTP) or leave the inputs out`,
      this.limit,
    );
  }
}

/** Rows of a page resolve their blobs this many at a time, so the budget stops a page before it is all in memory. */
const PAGE_BLOB_CONCURRENCY = 4;
/** The default of maxPagePayloadBytes. */
export const DEFAULT_MAX_PAGE_PAYLOAD_BYTES = 16 * 1024 * 1024;

const httpStatusOf = (error: unknown) => (error as { statusCode?: unknown } | null)?.statusCode;

export class InstancesTable {
  constructor(
    private readonly table: TableClient,
    private readonly largeProperties: LargePropertyStore,
    private readonly taskHubName: string,
    private readonly maxPagePayloadBytes = DEFAULT_MAX_PAGE_PAYLOAD_BYTES,
  ) {}

  /** InsertOrMerge: columns left undefined keep their stored values. */
  async insertOrMerge(instanceId: string, fields: InstanceFields): Promise<void> {
    await this.table.upsertEntity(await this.toEntity(instanceId, fields), "Merge");
  }

  /** InsertOrMerge of an episode's checkpoint columns (see instance-checkpoint.ts); undefined ones are not written. */
  async mergeCheckpoint(instanceId: string, columns: Record<string, unknown>): Promise<void> {
    const entity: InstanceEntity = { partitionKey: sanitizeKey(instanceId), rowKey: "", TaskHubName: this.taskHubName };
    for (const [column, value] of Object.entries(columns)) if (value !== undefined) entity[column] = value;
    await this.spillLarge(entity);
    await this.table.upsertEntity(entity, "Merge");
  }

  /** A blob's URL, as the original writes it into Instances columns. */
  blobUrl(blobName: string): string {
    return this.largeProperties.blobUrl(blobName);
  }

  /**
   * Records a start as the original does: Insert for a new instance, Replace of the row read at `etag` for a
   * restart. False when another writer was first (409/412): a worker's newer status wins over Pending.
   */
  async writePending(instanceId: string, fields: InstanceFields, etag: string | undefined): Promise<boolean> {
    const entity = await this.toEntity(instanceId, fields);
    try {
      if (etag === undefined) await this.table.createEntity(entity);
      else await this.table.updateEntity(entity, "Replace", { etag });
      return true;
    } catch (error) {
      if (httpStatusOf(error) === 409 || httpStatusOf(error) === 412) return false;
      throw error;
    }
  }

  async get(instanceId: string, options: { fetchPayloads?: boolean } = {}): Promise<InstanceRow | undefined> {
    const fetchPayloads = options.fetchPayloads ?? true;
    const entity = await this.read(instanceId, fetchPayloads);
    return entity && this.toRow(entity, fetchPayloads);
  }

  /**
   * The row a read would return once `fields` are the only ones written to it (payloads resolved), without a
   * request: what a worker knows of a brand-new instance it has just finished.
   */
  rowAsWritten(instanceId: string, fields: InstanceFields): InstanceRow {
    return entityToInstanceRow(instanceFieldsToEntity(instanceId, fields, this.taskHubName));
  }

  /** The status columns and the row's ETag, for a writer that must not overwrite a newer row. */
  async getForUpdate(instanceId: string): Promise<{ row: InstanceRow; etag: string } | undefined> {
    const entity = await this.read(instanceId, false);
    return entity && { row: await this.toRow(entity, false), etag: String(entity.etag) };
  }

  /** One page of instances matching the query; `continuationToken` is absent on the last page. */
  async query(filter: InstanceQuery, page: InstancePageOptions): Promise<{ rows: InstanceRow[]; continuationToken?: string }> {
    const fetchPayloads = page.fetchPayloads ?? true;
    const fetchInput = fetchPayloads && (page.fetchInput ?? true);
    const select = !fetchPayloads ? INSTANCE_STATUS_COLUMNS
      : fetchInput ? undefined
      : [...INSTANCE_STATUS_COLUMNS, ...INSTANCE_PAYLOAD_COLUMNS.filter((column) => column !== "Input")];
    const queryOptions = { filter: instanceQueryFilter(filter), select };
    const pages = this.table.listEntities<Record<string, unknown>>({ queryOptions }).byPage({
      maxPageSize: page.pageSize,
      continuationToken: page.continuationToken === undefined ? undefined : decodeInstanceQueryToken(page.continuationToken),
    });
    const result = await pages.next();
    if (result.done || !result.value) return { rows: [] };
    const budget = new PagePayloadBudget(this.maxPagePayloadBytes);
    const rows: InstanceRow[] = [];
    for (let i = 0; i < result.value.length; i += PAGE_BLOB_CONCURRENCY) {
      const slice = result.value.slice(i, i + PAGE_BLOB_CONCURRENCY);
      rows.push(...(await Promise.all(slice.map((entity) => this.toRow(entity, fetchPayloads, budget)))));
    }
    const next = result.value.continuationToken;
    return next ? { rows, continuationToken: encodeInstanceQueryToken(next) } : { rows };
  }

  /** Deletes the row; false if there was none. */
  async delete(instanceId: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(sanitizeKey(instanceId), "");
      return true;
    } catch (error) {
      if (httpStatusOf(error) === 404) return false;
      throw error;
    }
  }

  private async read(instanceId: string, fetchPayloads: boolean): Promise<Record<string, unknown> | undefined> {
    const queryOptions = fetchPayloads ? {} : { queryOptions: { select: INSTANCE_STATUS_COLUMNS } };
    try {
      return await this.table.getEntity<Record<string, unknown>>(sanitizeKey(instanceId), "", queryOptions);
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async toEntity(instanceId: string, fields: InstanceFields): Promise<InstanceEntity> {
    const entity = instanceFieldsToEntity(instanceId, fields, this.taskHubName);
    await this.spillLarge(entity);
    return entity;
  }

  private async spillLarge(entity: InstanceEntity): Promise<void> {
    const large = SPILLED_COLUMNS.filter((column) => exceedsInlineLimit(entity[column]));
    await Promise.all(
      large.map(async (column) => {
        const blobName = instancePropertyBlobName(entity.partitionKey, column);
        await this.largeProperties.upload(blobName, entity[column] as string);
        entity[column] = "";
        entity[`${column}BlobName`] = blobName;
      }),
    );
  }

  private async toRow(entity: Record<string, unknown>, fetchPayloads: boolean, budget?: PagePayloadBudget): Promise<InstanceRow> {
    const columns = fetchPayloads ? URL_COLUMNS : ["Tags"];
    await Promise.all(columns.map((column) => this.resolveUrl(entity, column, budget)));
    if (fetchPayloads) await Promise.all(SPILLED_COLUMNS.map((column) => this.resolveBlobName(entity, column, budget)));
    return entityToInstanceRow(entity);
  }

  /** An empty column with `{Column}BlobName` beside it: the payload is that blob's content. */
  private async resolveBlobName(entity: Record<string, unknown>, column: string, budget?: PagePayloadBudget): Promise<void> {
    const blobName = entity[`${column}BlobName`];
    if (entity[column] !== "" || typeof blobName !== "string" || blobName === "") return;
    entity[column] = await this.downloadWithin(blobName, budget);
  }

  /** Replaces a column holding a URL into the large-messages container by the blob's content. */
  private async resolveUrl(entity: Record<string, unknown>, column: string, budget?: PagePayloadBudget): Promise<void> {
    const value = entity[column];
    const blobName = typeof value === "string" ? this.largeProperties.blobNameOf(value) : undefined;
    if (!blobName) return;
    entity[column] = payloadFromBlob(column, blobName, await this.downloadWithin(blobName, budget));
  }

  /** A blob's text, counted against the page's budget when there is one. */
  private async downloadWithin(blobName: string, budget?: PagePayloadBudget): Promise<string> {
    if (budget && budget.remaining === 0) throw budget.exceeded();
    let text: string;
    try {
      text = await this.largeProperties.download(blobName, budget?.remaining);
    } catch (error) {
      // Past what the page has left, the page is what is too large, not the blob: say so.
      if (budget && error instanceof PayloadLimitExceededError && error.limitInBytes < this.largeProperties.maxPayloadBytes) {
        throw budget.exceeded();
      }
      throw error;
    }
    budget?.spend(text);
    return text;
  }
}
