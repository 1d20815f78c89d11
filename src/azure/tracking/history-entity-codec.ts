// A history event as a row of the History table, column for column as the original writes it: EventType by
// name, `_Timestamp` for the event's time (`Timestamp` is Azure's), ints as Int32, dates as Edm.DateTime,
// complex values as Json.NET strings. The reader also takes what .NET writes (Int64, "null", enum numbers).
import { EVENT_TYPES, ORCHESTRATION_STATUSES, type EventType, type HistoryEvent, type OrchestrationRuntimeStatus } from "../../core/index.js";
import { EVENT_FIELDS, type EventField } from "../messaging/event-fields.js";
import { sanitizeKey } from "../key-sanitation.js";
import { readBool, readDate, readInt, readString } from "./table-values.js";
import {
  failureDetailsFromJson,
  failureDetailsToJson,
  orchestrationInstanceFromJson,
  orchestrationInstanceToJson,
  parentInstanceFromJson,
  parentInstanceToJson,
  parseJsonColumn,
  stringifyForTable,
  tagsFromJson,
  tagsToJson,
} from "./table-json-values.js";
import { traceContextFromJson, traceContextToColumn } from "../messaging/trace-context-json.js";

/** A History table row as the SDK takes and gives it (`partitionKey`/`rowKey` are PartitionKey/RowKey). */
export interface HistoryEntity {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  [column: string]: unknown;
}

export const SENTINEL_ROW_KEY = "sentinel";

/** The row key of the n-th event of an execution: 16 upper-case hex digits, so rows sort in order. */
export const historyRowKey = (sequenceNumber: number): string =>
  sequenceNumber.toString(16).toUpperCase().padStart(16, "0");

/** The sequence number behind a history row key; undefined for the sentinel or anything else. */
export function sequenceNumberOf(rowKey: string): number | undefined {
  return /^[0-9A-Fa-f]{16}$/.test(rowKey) ? parseInt(rowKey, 16) : undefined;
}

export function eventToEntity(instanceId: string, executionId: string, sequenceNumber: number, event: HistoryEvent): HistoryEntity {
  const entity: HistoryEntity = {
    partitionKey: sanitizeKey(instanceId),
    rowKey: historyRowKey(sequenceNumber),
    EventType: event.eventType,
    EventId: event.eventId,
    IsPlayed: event.isPlayed ?? false,
    _Timestamp: event.timestamp,
    ExecutionId: executionId,
  };
  const values = event as unknown as Record<string, unknown>;
  for (const field of EVENT_FIELDS[event.eventType]) {
    const column = fieldToColumn(field, values[field.name]);
    if (column !== undefined) entity[field.original] = column;
  }
  return entity;
}

/** Decodes a row whose spilled properties were already put back in place. */
export function entityToEvent(entity: Record<string, unknown>): HistoryEvent {
  const eventType = eventTypeOf(entity.EventType);
  if (!eventType) {
    throw new Error(`History row ${String(entity.rowKey)} has an unknown EventType ${JSON.stringify(String(entity.EventType))}`);
  }
  const event: Record<string, unknown> = {
    eventType,
    eventId: readInt(entity.EventId) ?? -1,
    isPlayed: readBool(entity.IsPlayed) ?? false,
    timestamp: readDate(entity._Timestamp) ?? readDate(entity.timestamp) ?? new Date(0),
  };
  for (const field of EVENT_FIELDS[eventType]) {
    const value = columnToField(field, entity[field.original]);
    if (value !== undefined) event[field.name] = value;
  }
  return event as unknown as HistoryEvent;
}

/** The event's type from its name, or from the enum's integer value that some writers use. */
export function eventTypeOf(value: unknown): EventType | undefined {
  const text = readString(value);
  if (text !== undefined) return EVENT_TYPES.find((t) => t === text) ?? (/^\d+$/.test(text) ? EVENT_TYPES[Number(text)] : undefined);
  const index = readInt(value);
  return index === undefined ? undefined : EVENT_TYPES[index];
}

function fieldToColumn(field: EventField, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case "failureDetails":
      return stringifyForTable(failureDetailsToJson(value as never));
    case "orchestrationInstance":
      return stringifyForTable(orchestrationInstanceToJson(value as never));
    case "parentInstance":
      return stringifyForTable(parentInstanceToJson(value as never));
    case "tags":
      return stringifyForTable(tagsToJson(value as never));
    case "traceContext":
      return traceContextToColumn(value as never);
    default:
      return value; // strings, Int32 numbers, booleans, Dates and status names go in as they are
  }
}

function columnToField(field: EventField, value: unknown): unknown {
  switch (field.kind) {
    case "failureDetails":
      return failureDetailsFromJson(parseJsonColumn(readString(value)));
    case "orchestrationInstance":
      return orchestrationInstanceFromJson(parseJsonColumn(readString(value)));
    case "parentInstance":
      return parentInstanceFromJson(parseJsonColumn(readString(value)));
    case "tags":
      return tagsFromJson(parseJsonColumn(readString(value)));
    case "traceContext":
      return lenient(() => traceContextFromJson(parseJsonColumn(readString(value)), "ParentTraceContext"));
    case "int":
      return readInt(value);
    case "bool":
      return readBool(value);
    case "date":
      return readDate(value);
    case "status":
      return statusOf(value);
    default:
      return readString(value);
  }
}

/** OrchestrationStatus by name (how the table keeps it), or by its integer value. */
export function statusOf(value: unknown): OrchestrationRuntimeStatus | undefined {
  const text = readString(value);
  const byName = ORCHESTRATION_STATUSES.find((status) => status === text);
  if (byName) return byName;
  const index = readInt(value);
  return index === undefined ? undefined : ORCHESTRATION_STATUSES[index];
}

/** A malformed optional column reads as absent rather than failing the whole history. */
function lenient<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
