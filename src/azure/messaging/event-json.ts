// A history event as the `Event` object of a queue message: `$type`, the kind's properties in the original's
// order, then EventId, IsPlayed and Timestamp. Decoding reads the properties we model and ignores the rest.
import { EVENT_TYPES, type EventType, type HistoryEvent } from "../../core/history-events.js";
import { EVENT_FIELDS, eventTypeName, type EventField } from "./event-fields.js";
import { DOTNET_MIN_DATE, formatJsonNetDate, OrderedJson, type JsonValue } from "./json-net-format.js";
import { MessageDecodeError } from "./message-data.js";
import { EVENT_WIRE_LAYOUT, NULLABLE_VALUE_PROPERTIES } from "./event-wire-layout.js";
import { readBoolean, readDate, readEnum, readInteger, readRecord } from "./wire-reader.js";
import { valueFromJson, valueToJson, type ValueContext } from "./wire-values.js";

const CONTINUED_AS_NEW = 2;
const RUNNING = 0;

function fieldsByOriginalName(eventType: EventType): Map<string, EventField> {
  return new Map(EVENT_FIELDS[eventType].map((field) => [field.original, field]));
}

function contextOf(eventType: EventType, original: string, path: string): ValueContext {
  return {
    path: `${path}.${original}`,
    nullable: NULLABLE_VALUE_PROPERTIES.has(original),
    defaultStatus: eventType === "ContinueAsNew" ? CONTINUED_AS_NEW : RUNNING,
  };
}

export function eventToJson(event: HistoryEvent): OrderedJson {
  const fields = fieldsByOriginalName(event.eventType);
  const values = event as unknown as Record<string, unknown>;
  const entries: [string, JsonValue][] = [["$type", eventTypeName(event.eventType)]];
  for (const property of EVENT_WIRE_LAYOUT[event.eventType]) {
    if (typeof property !== "string") {
      entries.push([property[0], property[1]]); // a property we do not model: its default
    } else if (property === "EventType") {
      entries.push(["EventType", EVENT_TYPES.indexOf(event.eventType)]);
    } else {
      const field = fields.get(property)!;
      entries.push([property, valueToJson(field.kind, values[field.name], contextOf(event.eventType, property, "Event"))]);
    }
  }
  entries.push(
    ["EventId", event.eventId ?? -1],
    ["IsPlayed", event.isPlayed ?? false],
    ["Timestamp", formatJsonNetDate(event.timestamp ?? DOTNET_MIN_DATE)],
  );
  return new OrderedJson(entries);
}

export function eventFromJson(json: unknown, path: string): HistoryEvent {
  const record = readRecord(json, path);
  if (!record) throw new MessageDecodeError(`${path} is missing`);
  const eventType = readEnum(EVENT_TYPES, record.EventType, `${path}.EventType`);
  if (!eventType) throw new MessageDecodeError(`${path}.EventType is missing`);
  const event: Record<string, unknown> = {
    eventType,
    eventId: readInteger(record.EventId, `${path}.EventId`) ?? -1,
    isPlayed: readBoolean(record.IsPlayed, `${path}.IsPlayed`) ?? false,
    timestamp: readDate(record.Timestamp, `${path}.Timestamp`) ?? new Date(DOTNET_MIN_DATE),
  };
  for (const field of EVENT_FIELDS[eventType]) {
    const value = valueFromJson(field.kind, record[field.original], contextOf(eventType, field.original, path));
    // An event's own bool (GenerateNewTrace) is false unless set: left out, so decoded events stay as written.
    if (value !== undefined && !(field.kind === "bool" && value === false)) event[field.name] = value;
  }
  return event as unknown as HistoryEvent;
}
