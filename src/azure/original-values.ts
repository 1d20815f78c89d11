// Complex values in the original's shapes (PascalCase objects with Json.NET's `$type`), shared by the
// queue-message codec (nested objects) and the History table codec (the same objects as JSON strings).
import type { FailureDetails, OrchestrationInstance, ParentInstance } from "../core/index.js";

const TYPE = "$type";
export const TAGS_TYPE =
  "System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]]";

type Json = Record<string, unknown>;

export function failureDetailsToOriginal(details: FailureDetails | undefined): Json | null {
  if (!details) return null;
  return {
    [TYPE]: "DurableTask.Core.FailureDetails",
    ErrorType: details.errorType,
    ErrorMessage: details.message,
    StackTrace: details.stackTrace ?? null,
    InnerFailure: failureDetailsToOriginal(details.innerFailure),
    IsNonRetriable: details.isNonRetriable ?? false,
  };
}

export function failureDetailsFromOriginal(value: unknown): FailureDetails | undefined {
  if (!isObject(value)) return undefined;
  const details: FailureDetails = { errorType: String(value.ErrorType ?? "Error"), message: String(value.ErrorMessage ?? "") };
  if (typeof value.StackTrace === "string") details.stackTrace = value.StackTrace;
  const inner = failureDetailsFromOriginal(value.InnerFailure);
  if (inner) details.innerFailure = inner;
  if (value.IsNonRetriable === true) details.isNonRetriable = true;
  return details;
}

export function instanceToOriginal(instance: OrchestrationInstance | undefined): Json | null {
  if (!instance) return null;
  return { [TYPE]: "DurableTask.Core.OrchestrationInstance", InstanceId: instance.instanceId, ExecutionId: instance.executionId ?? null };
}

export function instanceFromOriginal(value: unknown): OrchestrationInstance | undefined {
  if (!isObject(value) || typeof value.InstanceId !== "string") return undefined;
  const instance: OrchestrationInstance = { instanceId: value.InstanceId };
  if (typeof value.ExecutionId === "string") instance.executionId = value.ExecutionId;
  return instance;
}

export function parentToOriginal(parent: ParentInstance | undefined): Json | null {
  if (!parent) return null;
  return {
    [TYPE]: "DurableTask.Core.ParentInstance",
    Name: parent.name ?? null,
    Version: parent.version ?? null,
    TaskScheduleId: parent.taskScheduleId,
    OrchestrationInstance: instanceToOriginal(parent.orchestrationInstance),
  };
}

export function parentFromOriginal(value: unknown): ParentInstance | undefined {
  if (!isObject(value)) return undefined;
  const orchestrationInstance = instanceFromOriginal(value.OrchestrationInstance);
  if (!orchestrationInstance) return undefined;
  const parent: ParentInstance = { taskScheduleId: Number(value.TaskScheduleId ?? -1), orchestrationInstance };
  if (typeof value.Name === "string") parent.name = value.Name;
  if (typeof value.Version === "string") parent.version = value.Version;
  return parent;
}

export function tagsToOriginal(tags: Record<string, string> | undefined): Json | null {
  return tags ? { [TYPE]: TAGS_TYPE, ...tags } : null;
}

export function tagsFromOriginal(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const tags = Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== TYPE && typeof v === "string")) as Record<string, string>;
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/** Json.NET's round-trip date format: seven fractional digits, UTC. */
export function dateToOriginal(date: Date | undefined): string | null {
  return date ? date.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z") : null;
}

export function dateFromOriginal(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== "string" || value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
