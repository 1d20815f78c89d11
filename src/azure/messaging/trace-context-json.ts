// DurableTask.Core's DistributedTraceContext as Json.NET writes it ([DataMember]s in declaration order:
// TraceParent, TraceState, Id, SpanId, ActivityStartTime; Tracing/DistributedTraceContext.cs at 5217032).
// ActivityStartTime is a DateTimeOffset, written with its offset (`+00:00`) rather than `Z`.
import type { DistributedTraceContext } from "../../core/history-events.js";
import { formatJsonNetDate, OrderedJson, type JsonValue } from "./json-net-format.js";
import { readDate, readRecord, readString } from "./wire-reader.js";

export const TRACE_CONTEXT_TYPE_NAME = "DurableTask.Core.Tracing.DistributedTraceContext";

/** In a queue message: `$type` first, as TypeNameHandling.Objects writes it. */
export function traceContextToJson(context: DistributedTraceContext | undefined): JsonValue {
  if (!context) return null;
  return new OrderedJson([["$type", TRACE_CONTEXT_TYPE_NAME], ...traceContextEntries(context)]);
}

/** In a History column: a Json.NET string without `$type`, in the same order. */
export function traceContextToColumn(context: DistributedTraceContext): string {
  return JSON.stringify(Object.fromEntries(traceContextEntries(context)));
}

function traceContextEntries(context: DistributedTraceContext): [string, JsonValue][] {
  return [
    ["TraceParent", context.traceParent],
    ["TraceState", context.traceState ?? null],
    ["Id", context.id ?? null],
    ["SpanId", context.spanId ?? null],
    ["ActivityStartTime", context.activityStartTime ? formatJsonNetDate(context.activityStartTime).replace(/Z$/, "+00:00") : null],
  ];
}

export function traceContextFromJson(value: unknown, path: string): DistributedTraceContext | undefined {
  const record = readRecord(value, path);
  const traceParent = record && readString(record.TraceParent, `${path}.TraceParent`);
  if (!record || !traceParent) return undefined;
  const traceState = readString(record.TraceState, `${path}.TraceState`);
  const id = readString(record.Id, `${path}.Id`);
  const spanId = readString(record.SpanId, `${path}.SpanId`);
  const activityStartTime = readDate(record.ActivityStartTime, `${path}.ActivityStartTime`);
  return {
    traceParent,
    ...(traceState && { traceState }),
    ...(id && { id }),
    ...(spanId && { spanId }),
    ...(activityStartTime && { activityStartTime }),
  };
}
