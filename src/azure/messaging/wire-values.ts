// One event property's value in a queue message, both ways, by its kind (see event-fields.ts): the nested
// classes with their `$type` and PascalCase names, enums as integers, dates in Json.NET's format.
import {
  ORCHESTRATION_STATUSES,
  type DistributedTraceContext,
  type FailureDetails,
  type OrchestrationInstance,
  type ParentInstance,
} from "../../core/history-events.js";
import type { FieldKind } from "./event-fields.js";
import { DOTNET_MIN_DATE, formatJsonNetDate, OrderedJson, type JsonValue } from "./json-net-format.js";
import {
  readBoolean,
  readDate,
  readEnum,
  readInteger,
  readRecord,
  readString,
  readStringMap,
} from "./wire-reader.js";

/** The .NET type names written as `$type` (assembly left out, as the original's binder does). */
export const TYPE_NAMES = {
  messageData: "DurableTask.AzureStorage.MessageData",
  taskMessage: "DurableTask.Core.TaskMessage",
  orchestrationInstance: "DurableTask.Core.OrchestrationInstance",
  parentInstance: "DurableTask.Core.ParentInstance",
  failureDetails: "DurableTask.Core.FailureDetails",
  traceContext: "DurableTask.Core.Tracing.DistributedTraceContext",
  executionContext: "DurableTask.Core.OrchestrationExecutionContext",
  stringDictionary:
    "System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]]",
} as const;

export function orchestrationInstanceToJson(instance: OrchestrationInstance | undefined): JsonValue {
  if (!instance) return null;
  return new OrderedJson([
    ["$type", TYPE_NAMES.orchestrationInstance],
    ["InstanceId", instance.instanceId],
    ["ExecutionId", instance.executionId ?? null],
  ]);
}

export function orchestrationInstanceFromJson(value: unknown, path: string): OrchestrationInstance | undefined {
  const record = readRecord(value, path);
  if (!record) return undefined;
  const executionId = readString(record.ExecutionId, `${path}.ExecutionId`);
  return { instanceId: readString(record.InstanceId, `${path}.InstanceId`) ?? "", ...(executionId !== undefined && { executionId }) };
}

function parentInstanceToJson(parent: ParentInstance | undefined): JsonValue {
  if (!parent) return null;
  return new OrderedJson([
    ["$type", TYPE_NAMES.parentInstance],
    ["Name", parent.name ?? null],
    ["OrchestrationInstance", orchestrationInstanceToJson(parent.orchestrationInstance)],
    ["TaskScheduleId", parent.taskScheduleId],
    ["Version", parent.version ?? null],
  ]);
}

function parentInstanceFromJson(value: unknown, path: string): ParentInstance | undefined {
  const record = readRecord(value, path);
  if (!record) return undefined;
  const name = readString(record.Name, `${path}.Name`);
  const version = readString(record.Version, `${path}.Version`);
  return {
    ...(name !== undefined && { name }),
    ...(version !== undefined && { version }),
    taskScheduleId: readInteger(record.TaskScheduleId, `${path}.TaskScheduleId`) ?? 0,
    orchestrationInstance: orchestrationInstanceFromJson(record.OrchestrationInstance, `${path}.OrchestrationInstance`) ?? {
      instanceId: "",
    },
  };
}

/** FailureDetails has no [DataContract], so all its public properties are written, `Properties` included. */
function failureDetailsToJson(details: FailureDetails | undefined): JsonValue {
  if (!details) return null;
  return new OrderedJson([
    ["$type", TYPE_NAMES.failureDetails],
    ["ErrorType", details.errorType],
    ["ErrorMessage", details.message],
    ["StackTrace", details.stackTrace ?? null],
    ["InnerFailure", failureDetailsToJson(details.innerFailure)],
    ["IsNonRetriable", details.isNonRetriable ?? false],
    ["Properties", null],
  ]);
}

function failureDetailsFromJson(value: unknown, path: string): FailureDetails | undefined {
  const record = readRecord(value, path);
  if (!record) return undefined;
  const stackTrace = readString(record.StackTrace, `${path}.StackTrace`);
  const innerFailure = failureDetailsFromJson(record.InnerFailure, `${path}.InnerFailure`);
  const isNonRetriable = readBoolean(record.IsNonRetriable, `${path}.IsNonRetriable`);
  return {
    errorType: readString(record.ErrorType, `${path}.ErrorType`) ?? "",
    message: readString(record.ErrorMessage, `${path}.ErrorMessage`) ?? "",
    ...(stackTrace !== undefined && { stackTrace }),
    ...(innerFailure && { innerFailure }),
    ...(isNonRetriable && { isNonRetriable }), // only when set, so user-facing details stay small
  };
}

/** DistributedTraceContext's [DataMember]s in declaration order; ActivityStartTime is a DateTimeOffset. */
function traceContextToJson(context: DistributedTraceContext | undefined): JsonValue {
  if (!context) return null;
  return new OrderedJson([
    ["$type", TYPE_NAMES.traceContext],
    ["TraceParent", context.traceParent],
    ["TraceState", context.traceState ?? null],
    ["Id", context.id ?? null],
    ["SpanId", context.spanId ?? null],
    ["ActivityStartTime", context.activityStartTime ? formatJsonNetDate(context.activityStartTime).replace(/Z$/, "+00:00") : null],
  ]);
}

export function traceContextFromJson(value: unknown, path: string): DistributedTraceContext | undefined {
  const record = readRecord(value, path);
  if (!record) return undefined;
  const context: DistributedTraceContext = { traceParent: readString(record.TraceParent, `${path}.TraceParent`) ?? "" };
  const traceState = readString(record.TraceState, `${path}.TraceState`);
  const id = readString(record.Id, `${path}.Id`);
  const spanId = readString(record.SpanId, `${path}.SpanId`);
  const activityStartTime = readDate(record.ActivityStartTime, `${path}.ActivityStartTime`);
  if (traceState !== undefined) context.traceState = traceState;
  if (id !== undefined) context.id = id;
  if (spanId !== undefined) context.spanId = spanId;
  if (activityStartTime) context.activityStartTime = activityStartTime;
  return context;
}

export function tagsToJson(tags: Record<string, string> | undefined): JsonValue {
  if (!tags) return null;
  return new OrderedJson([["$type", TYPE_NAMES.stringDictionary], ...Object.entries(tags)]);
}

/** What the original writes for an unset value of this kind: null for references, the default for value types. */
function defaultJson(kind: FieldKind, nullable: boolean, defaultStatus: number): JsonValue {
  if (nullable) return null;
  if (kind === "int") return 0;
  if (kind === "bool") return false;
  if (kind === "date") return formatJsonNetDate(DOTNET_MIN_DATE);
  if (kind === "status") return defaultStatus;
  return null;
}

export interface ValueContext {
  /** The original's property name, for nullable lookups and error paths. */
  path: string;
  nullable: boolean;
  /** The status an unset OrchestrationStatus holds (ContinuedAsNew for ContinueAsNewEvent). */
  defaultStatus: number;
}

export function valueToJson(kind: FieldKind, value: unknown, context: ValueContext): JsonValue {
  if (value === undefined || value === null) return defaultJson(kind, context.nullable, context.defaultStatus);
  switch (kind) {
    case "string":
    case "int":
    case "nullableInt":
    case "bool":
      return value as JsonValue;
    case "date":
      return formatJsonNetDate(value as Date);
    case "status":
      return ORCHESTRATION_STATUSES.indexOf(value as (typeof ORCHESTRATION_STATUSES)[number]);
    case "failureDetails":
      return failureDetailsToJson(value as FailureDetails);
    case "orchestrationInstance":
      return orchestrationInstanceToJson(value as OrchestrationInstance);
    case "parentInstance":
      return parentInstanceToJson(value as ParentInstance);
    case "tags":
      return tagsToJson(value as Record<string, string>);
    case "traceContext":
      return traceContextToJson(value as DistributedTraceContext);
  }
}

/** The decoded value, or undefined when absent; value types fall back to .NET's defaults unless nullable. */
export function valueFromJson(kind: FieldKind, json: unknown, context: ValueContext): unknown {
  const { path } = context;
  switch (kind) {
    case "string":
      return readString(json, path);
    case "int":
      return readInteger(json, path) ?? 0;
    case "nullableInt":
      return readInteger(json, path);
    case "bool":
      return readBoolean(json, path) ?? false;
    case "date":
      return readDate(json, path) ?? (context.nullable ? undefined : new Date(DOTNET_MIN_DATE));
    case "status":
      return readEnum(ORCHESTRATION_STATUSES, json, path) ?? ORCHESTRATION_STATUSES[context.defaultStatus];
    case "failureDetails":
      return failureDetailsFromJson(json, path);
    case "orchestrationInstance":
      return orchestrationInstanceFromJson(json, path);
    case "parentInstance":
      return parentInstanceFromJson(json, path);
    case "tags":
      return readStringMap(json, path);
    case "traceContext":
      return traceContextFromJson(json, path);
  }
}
