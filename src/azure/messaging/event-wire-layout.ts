// The order in which Json.NET writes each history event class's properties in a queue message, as read
// from DurableTask.Core/History/*.cs: [DataMember] fields first, then the class's own properties (the
// EventType override is declared first), then inherited ones; the HistoryEvent base fields (EventId,
// IsPlayed, Timestamp) come last, after every kind's own.
// Properties the original has but dtfx does not model are written with the value they hold by default.
import type { EventType } from "../../core/history-events.js";
import type { JsonValue } from "./json-net-format.js";

/** An original property name we model (see EVENT_FIELDS), or [name, default] for one we only write. */
export type WireProperty = string | readonly [original: string, defaultValue: JsonValue];

const completion = ["EventType", "TaskScheduledId", "Result"];
const failure = ["EventType", "TaskScheduledId", "Reason", "Details", "FailureDetails"];

/** Each kind's own properties in wire order; "EventType" marks where the enum goes. */
export const EVENT_WIRE_LAYOUT: Readonly<Record<EventType, readonly WireProperty[]>> = {
  ExecutionStarted: [
    "OrchestrationInstance", // a field, so it precedes EventType
    "EventType",
    "ParentInstance",
    "Name",
    "Version",
    "Input",
    "Tags",
    "Correlation",
    "ParentTraceContext",
    "ScheduledStartTime",
    "Generation",
    "GenerateNewTrace",
  ],
  ExecutionCompleted: ["EventType", "OrchestrationStatus", "Result", "FailureDetails"],
  // No class of its own in the original (eventTypeName() says ExecutionCompletedEvent): spelled like it.
  ExecutionFailed: ["EventType", ["OrchestrationStatus", 3], ["Result", null], "FailureDetails"],
  ExecutionTerminated: ["EventType", "Input"],
  TaskScheduled: ["EventType", "Name", "Version", "Input", "ParentTraceContext", "Tags"],
  TaskCompleted: completion,
  TaskFailed: failure,
  SubOrchestrationInstanceCreated: [
    "EventType",
    "Name",
    "Version",
    "InstanceId",
    "Input",
    "ClientSpanId",
    "Tags",
  ],
  SubOrchestrationInstanceCompleted: completion,
  SubOrchestrationInstanceFailed: failure,
  TimerCreated: ["EventType", "FireAt"],
  TimerFired: ["EventType", "TimerId", "FireAt"],
  OrchestratorStarted: ["EventType"],
  OrchestratorCompleted: ["EventType"],
  EventSent: ["EventType", "InstanceId", "Name", "Input"],
  EventRaised: ["EventType", "Name", "Input", "ParentTraceContext"],
  // ContinueAsNewEvent derives from ExecutionCompletedEvent and inherits its three properties.
  ContinueAsNew: ["EventType", "OrchestrationStatus", "Result", "FailureDetails"],
  GenericEvent: ["Data", "EventType"], // Data is a field
  HistoryState: ["EventType", ["State", null]],
  ExecutionSuspended: ["EventType", "Reason"],
  ExecutionResumed: ["EventType", "Reason"],
  ExecutionRewound: ["EventType", "Reason", "ParentExecutionId", "InstanceId", "ParentTraceContext"],
};

/** Value-typed properties that are nullable in the original (`DateTime?`): null, not a default, when unset. */
export const NULLABLE_VALUE_PROPERTIES: ReadonlySet<string> = new Set(["ScheduledStartTime", "Generation"]);
