// The Instances table: one row per instance (PartitionKey = sanitized id, RowKey ""), with the original's
// columns, so status queries never read history. Payload columns over 60 KiB hold a blob URL instead.
import { odata, type TableClient, type TableEntityResult } from "@azure/data-tables";
import { RestError } from "@azure/core-rest-pipeline";
import type { OrchestrationRuntimeStatus } from "../../core/index.js";
import type { InstanceRecord, InstanceStatusUpdate, OrchestrationQuery } from "../../backend/orchestration-service.js";
import { sanitizeKey, unsanitizeKey } from "../key-sanitation.js";
import { dateFromOriginal, failureDetailsFromOriginal, failureDetailsToOriginal } from "../original-values.js";
import { LargePropertyStore, needsSpill } from "./large-property-store.js";

type Row = Record<string, unknown>;
const PAYLOAD_COLUMNS = ["Input", "Output", "CustomStatus"] as const;
const STATUS_COLUMNS = [
  "Name", "Version", "ExecutionId", "RuntimeStatus", "CreatedTime", "LastUpdatedTime", "CompletedTime",
  "ScheduledStartTime", "Tags", "FailureDetails", "Generation",
];

export class InstancesTable {
  constructor(
    private readonly table: TableClient,
    private readonly largeProperties: LargePropertyStore,
    private readonly taskHubName: string,
  ) {}

  /** InsertOrMerge: columns left undefined keep their stored values. */
  async insertOrMerge(instanceId: string, update: Partial<InstanceStatusUpdate>): Promise<void> {
    await this.table.upsertEntity(await this.toRow(instanceId, update), "Merge");
  }

  /**
   * Records a start as Pending, unless a worker already wrote a newer status: creates the row (a 409 means a
   * worker was first) or replaces the row read at `etag` (a 412 means the same).
   */
  async writePending(instanceId: string, update: InstanceStatusUpdate, etag: string | undefined): Promise<void> {
    const row = await this.toRow(instanceId, update);
    try {
      if (etag === undefined) await this.table.createEntity(row);
      else await this.table.updateEntity(row, "Replace", { etag });
    } catch (error) {
      if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) throw error;
    }
  }

  async getForUpdate(instanceId: string): Promise<{ row: InstanceRecord; etag: string } | undefined> {
    const entity = await this.read(instanceId, STATUS_COLUMNS);
    return entity && { row: await this.toRecord(entity, false), etag: entity.etag };
  }

  async get(instanceId: string, options: { fetchPayloads: boolean }): Promise<InstanceRecord | undefined> {
    const entity = await this.read(instanceId, options.fetchPayloads ? undefined : STATUS_COLUMNS);
    return entity && this.toRecord(entity, options.fetchPayloads);
  }

  async query(
    query: OrchestrationQuery,
    page: { pageSize: number; continuationToken?: string },
  ): Promise<{ rows: InstanceRecord[]; continuationToken?: string }> {
    const fetchPayloads = query.fetchPayloads ?? true;
    const pages = this.table
      .listEntities<Row>({ queryOptions: { filter: filterOf(query), select: fetchPayloads ? undefined : [...STATUS_COLUMNS, "PartitionKey"] } })
      .byPage({ maxPageSize: page.pageSize, continuationToken: page.continuationToken });
    const result = await pages.next();
    if (result.done) return { rows: [] };
    const rows = await Promise.all(result.value.map((entity) => this.toRecord(entity, fetchPayloads)));
    return { rows, continuationToken: result.value.continuationToken };
  }

  /** Deletes the row; false if there was none. */
  async delete(instanceId: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(sanitizeKey(instanceId), "");
      return true;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return false;
      throw error;
    }
  }

  private async read(instanceId: string, select: string[] | undefined): Promise<TableEntityResult<Row> | undefined> {
    try {
      return await this.table.getEntity<Row>(sanitizeKey(instanceId), "", select ? { queryOptions: { select } } : {});
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private async toRow(instanceId: string, update: Partial<InstanceStatusUpdate>): Promise<Row & { partitionKey: string; rowKey: string }> {
    const row: Row & { partitionKey: string; rowKey: string } = {
      partitionKey: sanitizeKey(instanceId),
      rowKey: "",
      Name: update.name,
      Version: update.version,
      ExecutionId: update.executionId,
      Input: update.input,
      Output: update.output,
      CustomStatus: update.customStatus,
      RuntimeStatus: update.runtimeStatus,
      CreatedTime: update.createdTime,
      LastUpdatedTime: update.lastUpdatedTime,
      CompletedTime: update.completedTime,
      ScheduledStartTime: update.scheduledStartTime,
      Tags: update.tags && JSON.stringify(update.tags),
      FailureDetails: update.failureDetails && JSON.stringify(failureDetailsToOriginal(update.failureDetails)),
      TaskHubName: this.taskHubName,
    };
    for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
    await Promise.all(
      PAYLOAD_COLUMNS.filter((column) => needsSpill(row[column])).map(async (column) => {
        const blobName = `${row.partitionKey}/instance-${column}-${LargePropertyStore.randomSuffix()}.json.gz`;
        row[column] = await this.largeProperties.put(blobName, row[column] as string);
      }),
    );
    return row;
  }

  private async toRecord(entity: Row, fetchPayloads: boolean): Promise<InstanceRecord> {
    const text = (value: unknown) => (typeof value === "string" && value !== "" && value !== "null" ? value : undefined);
    const record: InstanceRecord = {
      instanceId: unsanitizeKey(String(entity.partitionKey)),
      executionId: text(entity.ExecutionId) ?? "",
      name: text(entity.Name) ?? "",
      runtimeStatus: (text(entity.RuntimeStatus) ?? "Pending") as OrchestrationRuntimeStatus,
      createdAt: dateFromOriginal(entity.CreatedTime) ?? new Date(0),
      lastUpdatedAt: dateFromOriginal(entity.LastUpdatedTime) ?? new Date(0),
    };
    const version = text(entity.Version);
    if (version) record.version = version;
    const completedAt = dateFromOriginal(entity.CompletedTime);
    if (completedAt && completedAt.getTime() > 0) record.completedAt = completedAt;
    const scheduledStartAt = dateFromOriginal(entity.ScheduledStartTime);
    if (scheduledStartAt) record.scheduledStartAt = scheduledStartAt;
    const tags = text(entity.Tags);
    if (tags) record.tags = JSON.parse(tags) as Record<string, string>;
    const failure = text(entity.FailureDetails);
    if (failure) record.failureDetails = failureDetailsFromOriginal(JSON.parse(failure));
    if (fetchPayloads) {
      for (const column of PAYLOAD_COLUMNS) {
        const value = await this.resolvePayload(text(entity[column]));
        if (value !== undefined) record[column === "Input" ? "input" : column === "Output" ? "output" : "customStatus"] = value;
      }
    }
    return record;
  }

  private async resolvePayload(value: string | undefined): Promise<string | undefined> {
    const blobName = value && this.largeProperties.blobNameOfUrl(value);
    return blobName ? this.largeProperties.get(blobName) : value;
  }
}

/** OData for a query: an id prefix is a PartitionKey range (escaping keeps prefixes), then status and time. */
function filterOf(query: OrchestrationQuery): string | undefined {
  const clauses: string[] = [];
  if (query.instanceIdPrefix) {
    const low = sanitizeKey(query.instanceIdPrefix);
    const high = low.slice(0, -1) + String.fromCharCode(low.charCodeAt(low.length - 1) + 1);
    clauses.push(odata`PartitionKey ge ${low} and PartitionKey lt ${high}`);
  }
  if (query.runtimeStatus?.length) {
    clauses.push(`(${query.runtimeStatus.map((s) => odata`RuntimeStatus eq ${s}`).join(" or ")})`);
  }
  if (query.createdFrom) clauses.push(odata`CreatedTime ge ${query.createdFrom}`);
  if (query.createdTo) clauses.push(odata`CreatedTime le ${query.createdTo}`);
  return clauses.length ? clauses.join(" and ") : undefined;
}
