// A history event as a row of the History table, column for column as the original writes it: EventType by
// name, `_Timestamp` for the event's time (Timestamp is Azure's), complex values as JSON strings.
import type { TableEntity } from "@azure/data-tables";
import { EVENT_TYPES, type EventType, type HistoryEvent } from "../../core/index.js";
import { BASE_EVENT_FIELDS, EVENT_FIELDS, type EventField } from "../event-fields.js";
import { sanitizeKey } from "../key-sanitation.js";
import {
  dateFromOriginal,
  failureDetailsFromOriginal,
  failureDetailsToOriginal,
  instanceFromOriginal,
  instanceToOriginal,
  parentFromOriginal,
  parentToOriginal,
  tagsFromOriginal,
  tagsToOriginal,
} from "../original-values.js";

export type HistoryRow = TableEntity<Record<string, unknown>>;

export const SENTINEL_ROW_KEY = "sentinel";

export const rowKeyOf = (index: number) => index.toString(16).toUpperCase().padStart(16, "0");

export function eventToRow(instanceId: string, executionId: string, index: number, event: HistoryEvent): HistoryRow {
  const row: HistoryRow = {
    partitionKey: sanitizeKey(instanceId),
    rowKey: rowKeyOf(index),
    EventType: event.eventType,
    EventId: event.eventId,
    IsPlayed: event.isPlayed ?? false,
    _Timestamp: event.timestamp,
    ExecutionId: executionId,
  };
  const values = event as unknown as Record<string, unknown>;
  for (const field of EVENT_FIELDS[event.eventType]) {
    const value = toColumn(field, values[field.name]);
    if (value !== undefined) row[field.original] = value;
  }
  return row;
}

export function rowToEvent(row: Record<string, unknown>): HistoryEvent {
  const eventType = EVENT_TYPES.find((t) => t === row.EventType) ?? EVENT_TYPES[Number(row.EventType)];
  if (!eventType) throw new Error(`Unknown EventType ${JSON.stringify(row.EventType)} in history row ${String(row.rowKey)}`);
  const event: Record<string, unknown> = { eventType };
  const fields = [...BASE_EVENT_FIELDS.filter((f) => f.name !== "timestamp"), ...EVENT_FIELDS[eventType as EventType]];
  for (const field of fields) {
    const value = fromColumn(field, row[field.original]);
    if (value !== undefined) event[field.name] = value;
  }
  event.eventId ??= -1;
  event.timestamp = dateFromOriginal(row._Timestamp) ?? dateFromOriginal(row.timestamp) ?? new Date(0);
  return event as unknown as HistoryEvent;
}

function toColumn(field: EventField, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case "failureDetails":
      return JSON.stringify(failureDetailsToOriginal(value as never));
    case "orchestrationInstance":
      return JSON.stringify(instanceToOriginal(value as never));
    case "parentInstance":
      return JSON.stringify(parentToOriginal(value as never));
    case "tags":
      return JSON.stringify(tagsToOriginal(value as never));
    default:
      return value;
  }
}

function fromColumn(field: EventField, value: unknown): unknown {
  if (value === undefined || value === null || value === "null") return undefined;
  const complex = (parse: (v: unknown) => unknown) => parse(typeof value === "string" ? JSON.parse(value) : value);
  switch (field.kind) {
    case "failureDetails":
      return complex(failureDetailsFromOriginal);
    case "orchestrationInstance":
      return complex(instanceFromOriginal);
    case "parentInstance":
      return complex(parentFromOriginal);
    case "tags":
      return complex(tagsFromOriginal);
    case "date":
      return dateFromOriginal(value);
    case "int":
      return typeof value === "object" ? Number((value as { value: string }).value) : Number(value);
    case "bool":
      return value === true || value === "true";
    default:
      return value;
  }
}
