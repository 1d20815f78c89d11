// Span names and attribute keys as DurableTask.Core writes them, so traces from dtfx and from .NET workers on
// one hub read alike (src/DurableTask.Core/Tracing/Schema.cs and TraceActivityConstants.cs at 5217032).
export const TRACER_NAME = "DurableTask.Core"; // the original's ActivitySource name (Tracing/TraceHelper.cs:33)

export const ATTR = {
  type: "durabletask.type",
  name: "durabletask.task.name",
  version: "durabletask.task.version",
  instanceId: "durabletask.task.instance_id",
  executionId: "durabletask.task.execution_id",
  status: "durabletask.task.status",
  taskId: "durabletask.task.task_id",
  eventTargetInstanceId: "durabletask.event.target_instance_id",
  fireAt: "durabletask.fire_at",
  operation: "durabletask.task.operation",
  scheduledTime: "durabletask.task.scheduled_time",
  entityErrorMessage: "durabletask.entity.error_message",
} as const;

export const SPAN_TYPE = {
  orchestration: "orchestration",
  activity: "activity",
  event: "event",
  timer: "timer",
  entity: "entity",
} as const;

/** `create_orchestration:Hello`, `activity:SayHello@(v2)`: the original's CreateSpanName. */
export function spanName(kind: string, taskName: string, version?: string): string {
  return version ? `${kind}:${taskName}@(${version})` : `${kind}:${taskName}`;
}

export const timerSpanName = (orchestrationName: string) => `orchestration:${orchestrationName}:timer`;
export const entitySpanName = (entityName: string, operation: string) => `entity:${entityName}:${operation}`;
