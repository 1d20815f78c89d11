// An instance's status as a row of the Instances table (PartitionKey = sanitized id, RowKey ""), with the
// original's column names and value kinds (AS`Tracking/AzureTableTrackingStore.cs:788-827,937-1050`): a Failed
// instance's Output is "ErrorType: ErrorMessage" text, a terminated one's the raw reason, a null CustomStatus or
// Tags the text "null". The reader also takes the FailureDetails JSON older dtfx versions wrote there.
import type { FailureDetails, OrchestrationRuntimeStatus } from "../../core/index.js";
import { sanitizeKey, unsanitizeKey } from "../key-sanitation.js";
import { statusOf } from "./history-entity-codec.js";
import { failureText } from "./instance-checkpoint.js";
import { failureDetailsFromJson, parseJsonColumn, stringifyForTable, tagsFromJson } from "./table-json-values.js";
import { readInt, readNullableText, readOptionalDate, readString } from "./table-values.js";

/** What a writer sets; undefined leaves the stored column alone (InsertOrMerge), null writes .NET's "null". */
export interface InstanceFields {
  name?: string;
  version?: string;
  executionId?: string;
  runtimeStatus?: OrchestrationRuntimeStatus;
  input?: string | null;
  output?: string | null;
  customStatus?: string | null;
  createdTime?: Date;
  lastUpdatedTime?: Date;
  completedTime?: Date;
  scheduledStartTime?: Date;
  generation?: number;
  /** null writes "null", as the original's TagsSerializer does for no tags. */
  tags?: Record<string, string> | null;
  /** A Failed instance's failure; stored in Output as "ErrorType: ErrorMessage", in place of any output. */
  failureDetails?: FailureDetails;
}

/** One Instances row as read: payloads are JSON text ("null" included); absent columns are undefined. */
export interface InstanceRow {
  instanceId: string;
  name: string;
  version?: string;
  executionId: string;
  input?: string;
  output?: string;
  customStatus?: string;
  runtimeStatus: OrchestrationRuntimeStatus;
  createdTime: Date;
  lastUpdatedTime: Date;
  completedTime?: Date;
  scheduledStartTime?: Date;
  generation?: number;
  tags?: Record<string, string>;
  failureDetails?: FailureDetails;
}

export interface InstanceEntity {
  partitionKey: string;
  rowKey: string;
  [column: string]: unknown;
}

/**
 * Columns that may hold a blob URL instead of their value (the original writes URLs in Input and Output; older
 * dtfx versions also in CustomStatus), or be "" with a `{Column}BlobName` column (the original's create quirk).
 */
export const INSTANCE_PAYLOAD_COLUMNS = ["Input", "Output", "CustomStatus"] as const;

/** Everything but the payloads: what a query without payloads selects. */
export const INSTANCE_STATUS_COLUMNS = [
  "PartitionKey", "RowKey", "Name", "Version", "ExecutionId", "RuntimeStatus", "CreatedTime", "LastUpdatedTime",
  "CompletedTime", "ScheduledStartTime", "Generation", "Tags", "TaskHubName",
];

export function instanceFieldsToEntity(instanceId: string, fields: InstanceFields, taskHubName: string): InstanceEntity {
  const nullable = (value: string | null | undefined) => (value === null ? "null" : value);
  const output = fields.failureDetails ? failureText(fields.failureDetails) : nullable(fields.output);
  const columns: Record<string, unknown> = {
    Name: fields.name,
    Version: fields.version,
    ExecutionId: fields.executionId,
    Input: nullable(fields.input),
    Output: output,
    CustomStatus: nullable(fields.customStatus),
    RuntimeStatus: fields.runtimeStatus,
    CreatedTime: fields.createdTime,
    LastUpdatedTime: fields.lastUpdatedTime,
    CompletedTime: fields.completedTime,
    ScheduledStartTime: fields.scheduledStartTime,
    Generation: fields.generation,
    Tags: fields.tags === null ? "null" : fields.tags && stringifyForTable(fields.tags),
    TaskHubName: taskHubName,
  };
  const entity: InstanceEntity = { partitionKey: sanitizeKey(instanceId), rowKey: "" };
  for (const [column, value] of Object.entries(columns)) if (value !== undefined) entity[column] = value;
  return entity;
}

/** Decodes a row whose payload URLs were already replaced by the payloads. */
export function entityToInstanceRow(entity: Record<string, unknown>): InstanceRow {
  const runtimeStatus = statusOf(entity.RuntimeStatus) ?? "Pending";
  const row: InstanceRow = {
    instanceId: unsanitizeKey(String(entity.partitionKey ?? entity.PartitionKey ?? "")),
    name: readNullableText(entity.Name) ?? "",
    executionId: readNullableText(entity.ExecutionId) ?? "",
    runtimeStatus,
    createdTime: readOptionalDate(entity.CreatedTime) ?? new Date(0),
    lastUpdatedTime: readOptionalDate(entity.LastUpdatedTime) ?? new Date(0),
  };
  const optional: Partial<InstanceRow> = {
    version: readNullableText(entity.Version),
    // Payload columns hold JSON text, where "null" is the value null (and .NET's way of writing a null).
    input: readString(entity.Input),
    customStatus: readString(entity.CustomStatus),
    completedTime: readOptionalDate(entity.CompletedTime),
    scheduledStartTime: readOptionalDate(entity.ScheduledStartTime),
    generation: readInt(entity.Generation),
    tags: tagsFromJson(parseJsonColumn(readString(entity.Tags))),
    ...outputAndFailure(runtimeStatus, readString(entity.Output)),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
  return row;
}

/** A Failed row's Output is its failure: ours as JSON, the original's as "ErrorType: ErrorMessage" text. */
function outputAndFailure(status: OrchestrationRuntimeStatus, output: string | undefined): Partial<InstanceRow> {
  if (status !== "Failed" || output === undefined) return { output };
  const parsed = parseJsonColumn(output);
  const details = failureDetailsFromJson(parsed);
  if (details) return { failureDetails: details };
  return { failureDetails: failureFromText(typeof parsed === "string" ? parsed : output) };
}

/** FailureDetails.ToString() of the original is "{ErrorType}: {ErrorMessage}". */
function failureFromText(text: string): FailureDetails {
  const match = /^([\w.`+[\]]+): ([\s\S]*)$/.exec(text);
  return match ? { errorType: match[1]!, message: match[2]! } : { errorType: "Error", message: text };
}

/**
 * A payload kept in a blob. The original's client points a Pending row's Input at the ExecutionStarted
 * message it spilled; that blob holds the whole message, whose event carries the input.
 */
export function payloadFromBlob(column: string, blobName: string, text: string): string | undefined {
  if (column !== "Input" || !blobName.endsWith("ExecutionStarted.json.gz")) return text;
  const message = parseJsonColumn(text) as { TaskMessage?: { Event?: { Input?: unknown } } } | undefined;
  const input = message?.TaskMessage?.Event?.Input;
  return typeof input === "string" ? input : undefined;
}
