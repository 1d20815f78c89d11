// Complex values as the original keeps them in table columns: Json.NET's default serializer (no `$type`,
// nulls written out, members in declaration order), so a .NET reader gets exactly the objects it expects.
import type { DistributedTraceContext, FailureDetails, OrchestrationInstance, ParentInstance } from "../../core/index.js";

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** DurableTask.Core.FailureDetails' public properties in order (CO`FailureDetails.cs:140-165`), Properties null. */
export function failureDetailsToJson(details: FailureDetails | undefined): JsonObject | null {
  if (!details) return null;
  return {
    ErrorType: details.errorType,
    ErrorMessage: details.message,
    StackTrace: details.stackTrace ?? null,
    InnerFailure: failureDetailsToJson(details.innerFailure),
    IsNonRetriable: details.isNonRetriable ?? false,
    Properties: null,
  };
}

/** DurableTask.Core.Tracing.DistributedTraceContext's [DataMember]s, ActivityStartTime as a DateTimeOffset. */
export function traceContextToJson(context: DistributedTraceContext | undefined): JsonObject | null {
  if (!context) return null;
  return {
    TraceParent: context.traceParent,
    TraceState: context.traceState ?? null,
    Id: context.id ?? null,
    SpanId: context.spanId ?? null,
    ActivityStartTime: context.activityStartTime ? context.activityStartTime.toISOString().replace(/Z$/, "+00:00") : null,
  };
}

export function traceContextFromJson(value: unknown): DistributedTraceContext | undefined {
  if (!isObject(value) || typeof value.TraceParent !== "string") return undefined;
  const context: DistributedTraceContext = { traceParent: value.TraceParent };
  if (typeof value.TraceState === "string") context.traceState = value.TraceState;
  if (typeof value.Id === "string") context.id = value.Id;
  if (typeof value.SpanId === "string") context.spanId = value.SpanId;
  if (typeof value.ActivityStartTime === "string") context.activityStartTime = new Date(value.ActivityStartTime);
  return context;
}

export function failureDetailsFromJson(value: unknown): FailureDetails | undefined {
  if (!isObject(value) || typeof value.ErrorType !== "string") return undefined;
  const details: FailureDetails = { errorType: value.ErrorType, message: String(value.ErrorMessage ?? "") };
  if (typeof value.StackTrace === "string") details.stackTrace = value.StackTrace;
  const inner = failureDetailsFromJson(value.InnerFailure);
  if (inner) details.innerFailure = inner;
  if (value.IsNonRetriable === true) details.isNonRetriable = true;
  return details;
}

/** DurableTask.Core.OrchestrationInstance: InstanceId, ExecutionId. */
export function orchestrationInstanceToJson(instance: OrchestrationInstance | undefined): JsonObject | null {
  if (!instance) return null;
  return { InstanceId: instance.instanceId, ExecutionId: instance.executionId ?? null };
}

export function orchestrationInstanceFromJson(value: unknown): OrchestrationInstance | undefined {
  if (!isObject(value) || typeof value.InstanceId !== "string") return undefined;
  const instance: OrchestrationInstance = { instanceId: value.InstanceId };
  if (typeof value.ExecutionId === "string") instance.executionId = value.ExecutionId;
  return instance;
}

/** DurableTask.Core.ParentInstance, whose members are declared Name, OrchestrationInstance, TaskScheduleId, Version. */
export function parentInstanceToJson(parent: ParentInstance | undefined): JsonObject | null {
  if (!parent) return null;
  return {
    Name: parent.name ?? null,
    OrchestrationInstance: orchestrationInstanceToJson(parent.orchestrationInstance),
    TaskScheduleId: parent.taskScheduleId,
    Version: parent.version ?? null,
  };
}

export function parentInstanceFromJson(value: unknown): ParentInstance | undefined {
  if (!isObject(value)) return undefined;
  const orchestrationInstance = orchestrationInstanceFromJson(value.OrchestrationInstance);
  if (!orchestrationInstance) return undefined;
  const taskScheduleId = typeof value.TaskScheduleId === "number" ? value.TaskScheduleId : -1;
  const parent: ParentInstance = { taskScheduleId, orchestrationInstance };
  if (typeof value.Name === "string") parent.name = value.Name;
  if (typeof value.Version === "string") parent.version = value.Version;
  return parent;
}

/** IDictionary<string, string>: a plain JSON object. */
export function tagsToJson(tags: Record<string, string> | undefined): JsonObject | null {
  return tags ? { ...tags } : null;
}

export function tagsFromJson(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value).filter(([key, v]) => key !== "$type" && typeof v === "string");
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * JSON text for a column. U+2028/U+2029 are written as escapes (same JSON value): Azurite rejects entity-group
 * transactions whose body holds them raw.
 */
export function stringifyForTable(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Parses a JSON column; "null", empty, absent and malformed text are all undefined. */
export function parseJsonColumn(text: string | undefined): unknown {
  if (text === undefined || text === "" || text === "null") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
