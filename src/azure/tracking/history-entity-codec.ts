// A history event as a row of the History table, column for column as the original writes it
// (AS`Tracking/TableEntityConverter.cs:178-272`): every [DataMember] of the event; EventType and status by name;
// `_Timestamp` for the event's time (`Timestamp` is Azure's); strings, ints (Int32), bools and dates native, a
// null one left out; complex values as Json.NET strings without `$type`, a null one as the text "null".
// The reader also takes Int64, enum numbers and any of those spellings.
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
  traceContextFromJson,
  traceContextToJson,
} from "./table-json-values.js";

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
  const absent = value === undefined || value === null;
  switch (field.kind) {
    case "failureDetails":
      return stringifyForTable(absent ? null : failureDetailsToJson(value as never));
    case "orchestrationInstance":
      return stringifyForTable(absent ? null : orchestrationInstanceToJson(value as never));
    case "parentInstance":
      return stringifyForTable(absent ? null : parentInstanceToJson(value as never));
    case "tags":
      return stringifyForTable(absent ? null : tagsToJson(value as never));
    case "traceContext":
      return stringifyForTable(absent ? null : traceContextToJson(value as never));
    case "int":
      return absent ? 0 : value; // non-nullable in .NET
    case "bool":
      return absent ? false : value;
    default:
      return absent ? undefined : value; // strings, int?, Dates and status names as they are; null: no column
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
      return traceContextFromJson(parseJsonColumn(readString(value)));
    case "int":
    case "nullableInt":
      return readInt(value);
    case "bool":
      return readBool(value) || undefined; // an event's own bool (GenerateNewTrace) is absent unless set
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
