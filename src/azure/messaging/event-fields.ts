// The original's field names for each history event kind, shared by the queue-message codec and the History
// table codec so both spell an event exactly as DurableTask.Core does. Our HistoryEvent uses the same names
// in camelCase; `kind` says how a value is carried.
import type { EventType } from "../../core/history-events.js";

export type FieldKind =
  | "string" // JSON text payloads and plain strings
  | "int"
  | "nullableInt" // int? (Generation): null when unset
  | "bool"
  | "date"
  | "status" // OrchestrationStatus enum: a name in tables, an integer in messages
  | "failureDetails" // { ErrorType, ErrorMessage, StackTrace, InnerFailure, IsNonRetriable }
  | "orchestrationInstance" // { InstanceId, ExecutionId }
  | "parentInstance" // { Name, Version, TaskScheduleId, OrchestrationInstance }
  | "tags" // Dictionary<string, string>
  | "traceContext"; // DistributedTraceContext { TraceParent, TraceState, Id, SpanId, ActivityStartTime }

export interface EventField {
  /** Our camelCase property on HistoryEvent. */
  name: string;
  /** The original's property name (PascalCase). */
  original: string;
  kind: FieldKind;
}

const f = (name: string, kind: FieldKind, original = name[0]!.toUpperCase() + name.slice(1)): EventField => ({
  name,
  original,
  kind,
});

/** Fields every event has besides EventType (the original's HistoryEvent base class). */
export const BASE_EVENT_FIELDS: readonly EventField[] = [f("eventId", "int"), f("isPlayed", "bool"), f("timestamp", "date")];

const completion = [f("taskScheduledId", "int"), f("result", "string")];
const failure = [f("taskScheduledId", "int"), f("reason", "string"), f("details", "string"), f("failureDetails", "failureDetails")];

/** The event-specific fields of each kind, in the original's declaration order. */
export const EVENT_FIELDS: Readonly<Record<EventType, readonly EventField[]>> = {
  ExecutionStarted: [
    f("orchestrationInstance", "orchestrationInstance"),
    f("parentInstance", "parentInstance"),
    f("name", "string"),
    f("version", "string"),
    f("input", "string"),
    f("tags", "tags"),
    f("correlation", "string"),
    f("parentTraceContext", "traceContext"),
    f("scheduledStartTime", "date"),
    f("generation", "nullableInt"),
    f("generateNewTrace", "bool"),
  ],
  ExecutionCompleted: [f("orchestrationStatus", "status"), f("result", "string"), f("failureDetails", "failureDetails")],
  ExecutionFailed: [f("failureDetails", "failureDetails")],
  ExecutionTerminated: [f("input", "string")],
  TaskScheduled: [
    f("name", "string"),
    f("version", "string"),
    f("input", "string"),
    f("parentTraceContext", "traceContext"),
    f("tags", "tags"),
  ],
  TaskCompleted: completion,
  TaskFailed: failure,
  SubOrchestrationInstanceCreated: [
    f("name", "string"),
    f("version", "string"),
    f("instanceId", "string"),
    f("input", "string"),
    f("clientSpanId", "string"),
    f("tags", "tags"),
  ],
  SubOrchestrationInstanceCompleted: completion,
  SubOrchestrationInstanceFailed: failure,
  TimerCreated: [f("fireAt", "date")],
  TimerFired: [f("timerId", "int"), f("fireAt", "date")],
  OrchestratorStarted: [],
  OrchestratorCompleted: [],
  EventSent: [f("instanceId", "string"), f("name", "string"), f("input", "string")],
  EventRaised: [f("name", "string"), f("input", "string"), f("parentTraceContext", "traceContext")],
  // ContinueAsNewEvent derives from ExecutionCompletedEvent: FailureDetails is a column too (always "null").
  ContinueAsNew: [f("orchestrationStatus", "status"), f("result", "string"), f("failureDetails", "failureDetails")],
  GenericEvent: [f("data", "string")],
  HistoryState: [],
  ExecutionSuspended: [f("reason", "string")],
  ExecutionResumed: [f("reason", "string")],
  ExecutionRewound: [
    f("reason", "string"),
    f("parentExecutionId", "string"),
    f("instanceId", "string"),
    f("parentTraceContext", "traceContext"),
  ],
};

/** The .NET type name the original writes as `$type` for each event kind (assembly omitted). */
export function eventTypeName(eventType: EventType): string {
  const classNames: Partial<Record<EventType, string>> = {
    ExecutionFailed: "ExecutionCompletedEvent",
    ContinueAsNew: "ContinueAsNewEvent",
    GenericEvent: "GenericEvent",
    HistoryState: "HistoryStateEvent",
  };
  return `DurableTask.Core.History.${classNames[eventType] ?? `${eventType}Event`}`;
}
