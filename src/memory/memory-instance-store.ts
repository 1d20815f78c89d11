// Status rows and histories held in memory, with the Instances table's semantics: a merge keeps columns it does
// not set, queries page in instance-id order with a continuation token, a status filter purges only finished
// instances. Callers get copies: nothing they hold changes under them.
import type { HistoryEvent, OrchestrationRuntimeStatus } from "../core/index.js";
import type { InstanceRecord, InstanceStatusUpdate, OrchestrationQuery } from "../backend/orchestration-service.js";

/** Only finished instances are purged by a status filter, as in the original. */
const PURGEABLE_STATUSES: readonly OrchestrationRuntimeStatus[] = ["Completed", "Failed", "Canceled", "Terminated"];

interface StoredInstance {
  record?: InstanceRecord;
  history: HistoryEvent[];
}

export class MemoryInstanceStore {
  private readonly instances = new Map<string, StoredInstance>();

  getRecord(instanceId: string, fetchPayloads = true): InstanceRecord | undefined {
    const record = this.instances.get(instanceId)?.record;
    return record && copyRecord(record, fetchPayloads);
  }

  getHistory(instanceId: string): HistoryEvent[] {
    return [...(this.instances.get(instanceId)?.history ?? [])];
  }

  /** A start's Pending row: replaces whatever row the instance had (its history stays until the start runs). */
  writePending(instanceId: string, update: Partial<InstanceStatusUpdate> & { executionId: string; name: string; createdTime: Date }): void {
    this.entry(instanceId).record = undefined;
    this.merge(instanceId, { ...update, runtimeStatus: "Pending", lastUpdatedTime: update.createdTime });
  }

  /** InsertOrMerge: columns left undefined keep their stored values. */
  merge(instanceId: string, update: Partial<InstanceStatusUpdate>): InstanceRecord {
    const entry = this.entry(instanceId);
    const record: InstanceRecord = entry.record ?? {
      instanceId,
      executionId: "",
      name: "",
      runtimeStatus: "Pending",
      createdAt: new Date(0),
      lastUpdatedAt: new Date(0),
    };
    // Written column by column (no intermediate objects): this runs for every commit.
    if (update.name !== undefined) record.name = update.name;
    if (update.version !== undefined) record.version = update.version;
    if (update.executionId !== undefined) record.executionId = update.executionId;
    if (update.runtimeStatus !== undefined) record.runtimeStatus = update.runtimeStatus;
    if (update.input !== undefined) record.input = update.input;
    if (update.output !== undefined) record.output = update.output;
    if (update.customStatus !== undefined) record.customStatus = update.customStatus;
    if (update.failureDetails !== undefined) record.failureDetails = update.failureDetails;
    if (update.createdTime !== undefined) record.createdAt = update.createdTime;
    if (update.lastUpdatedTime !== undefined) record.lastUpdatedAt = update.lastUpdatedTime;
    if (update.completedTime !== undefined) record.completedAt = update.completedTime;
    if (update.scheduledStartTime !== undefined) record.scheduledStartAt = update.scheduledStartTime;
    if (update.tags !== undefined) record.tags = update.tags;
    entry.record = record;
    return copyRecord(record, true);
  }

  /** Appends events, or with `replace` makes them the whole history (a new execution). */
  writeHistory(instanceId: string, events: HistoryEvent[], replace: boolean): void {
    const entry = this.entry(instanceId);
    entry.history = replace ? [...events] : [...entry.history, ...events];
  }

  query(query: OrchestrationQuery, page: { pageSize: number; continuationToken?: string }): { instances: InstanceRecord[]; continuationToken?: string } {
    if (!Number.isInteger(page.pageSize) || page.pageSize < 1) throw new RangeError(`pageSize must be a positive integer, not ${page.pageSize}`);
    const matches = [...this.instances.entries()]
      .filter(([id, entry]) => entry.record !== undefined && (page.continuationToken === undefined || id > page.continuationToken))
      .filter(([, entry]) => matchesQuery(entry.record!, query))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const taken = matches.slice(0, page.pageSize);
    const more = matches.length > page.pageSize;
    return {
      instances: taken.map(([, entry]) => copyRecord(entry.record!, query.fetchPayloads ?? true)),
      continuationToken: more ? taken[taken.length - 1]![0] : undefined,
    };
  }

  /** Deletes the row and the history; true when there was either. */
  delete(instanceId: string): boolean {
    const entry = this.instances.get(instanceId);
    this.instances.delete(instanceId);
    return entry !== undefined && (entry.record !== undefined || entry.history.length > 0);
  }

  /** The ids a bulk purge deletes: those the query finds, and with a status filter only finished ones. */
  purgeable(query: OrchestrationQuery): string[] {
    const runtimeStatus = query.runtimeStatus?.filter((status) => PURGEABLE_STATUSES.includes(status));
    if (runtimeStatus && runtimeStatus.length === 0) return [];
    return [...this.instances.entries()]
      .filter(([, entry]) => entry.record !== undefined && matchesQuery(entry.record, { ...query, runtimeStatus }))
      .map(([id]) => id);
  }

  clear(): void {
    this.instances.clear();
  }

  private entry(instanceId: string): StoredInstance {
    let entry = this.instances.get(instanceId);
    if (!entry) this.instances.set(instanceId, (entry = { history: [] }));
    return entry;
  }
}

function matchesQuery(record: InstanceRecord, query: OrchestrationQuery): boolean {
  if (query.runtimeStatus && !query.runtimeStatus.includes(record.runtimeStatus)) return false;
  if (query.createdFrom && record.createdAt < query.createdFrom) return false;
  if (query.createdTo && record.createdAt > query.createdTo) return false;
  if (query.instanceIdPrefix !== undefined && !record.instanceId.startsWith(query.instanceIdPrefix)) return false;
  return true;
}

function copyRecord(record: InstanceRecord, fetchPayloads: boolean): InstanceRecord {
  const copy: InstanceRecord = { ...record, ...(record.tags && { tags: { ...record.tags } }) };
  if (!fetchPayloads) {
    delete copy.input;
    delete copy.output;
    delete copy.customStatus;
    delete copy.failureDetails;
  }
  return copy;
}
