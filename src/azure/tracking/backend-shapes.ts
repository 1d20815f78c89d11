// The tracking store speaks in the Instances table's terms (createdTime, …); the backend interface in the
// client's (createdAt, …). These two functions translate, so the service stays a thin shell.
import type { InstanceRecord, OrchestrationQuery } from "../../backend/orchestration-service.js";
import type { InstanceRow } from "./instance-entity-codec.js";
import type { InstanceQuery } from "./instance-query.js";

export function toInstanceRecord(row: InstanceRow): InstanceRecord {
  const record: InstanceRecord = {
    instanceId: row.instanceId,
    executionId: row.executionId,
    name: row.name,
    runtimeStatus: row.runtimeStatus,
    createdAt: row.createdTime,
    lastUpdatedAt: row.lastUpdatedTime,
  };
  const optional: Partial<InstanceRecord> = {
    version: row.version,
    completedAt: row.completedTime,
    scheduledStartAt: row.scheduledStartTime,
    input: row.input,
    output: row.output,
    customStatus: row.customStatus,
    failureDetails: row.failureDetails,
    tags: row.tags,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
  return record;
}

export function toInstanceQuery(query: OrchestrationQuery): InstanceQuery {
  const result: InstanceQuery = {};
  if (query.runtimeStatus) result.runtimeStatus = query.runtimeStatus;
  if (query.createdFrom) result.createdTimeFrom = query.createdFrom;
  if (query.createdTo) result.createdTimeTo = query.createdTo;
  if (query.instanceIdPrefix) result.instanceIdPrefix = query.instanceIdPrefix;
  return result;
}
