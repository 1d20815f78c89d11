// The history of an orchestration: the event kinds and fields of DurableTask.Core's HistoryEvent classes,
// in camelCase. Payloads (`input`, `result`, …) are JSON *text*, exactly as the original stores them, so
// history round-trips through storage untouched; core parses them only when handing them to user code.

/** DurableTask.Core's EventType enum, in order: the index is the integer value used in queue messages. */
export const EVENT_TYPES = [
  "ExecutionStarted",
  "ExecutionCompleted",
  "ExecutionFailed",
  "ExecutionTerminated",
  "TaskScheduled",
  "TaskCompleted",
  "TaskFailed",
  "SubOrchestrationInstanceCreated",
  "SubOrchestrationInstanceCompleted",
  "SubOrchestrationInstanceFailed",
  "TimerCreated",
  "TimerFired",
  "OrchestratorStarted",
  "OrchestratorCompleted",
  "EventSent",
  "EventRaised",
  "ContinueAsNew",
  "GenericEvent",
  "HistoryState",
  "ExecutionSuspended",
  "ExecutionResumed",
  "ExecutionRewound",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type OrchestrationRuntimeStatus =
  | "Running"
  | "Completed"
  | "ContinuedAsNew"
  | "Failed"
  | "Canceled"
  | "Terminated"
  | "Pending"
  | "Suspended";

/** DurableTask.Core's OrchestrationStatus enum, in order (integer values used in queue messages). */
export const ORCHESTRATION_STATUSES: readonly OrchestrationRuntimeStatus[] = [
  "Running",
  "Completed",
  "ContinuedAsNew",
  "Failed",
  "Canceled",
  "Terminated",
  "Pending",
  "Suspended",
];

export interface FailureDetails {
  errorType: string;
  message: string;
  stackTrace?: string;
  innerFailure?: FailureDetails;
  isNonRetriable?: boolean;
}

/**
 * W3C trace context as DurableTask.Core's DistributedTraceContext carries it (CO`Tracing/DistributedTraceContext.cs`).
 * Written when a trace is active (telemetry/orchestration-tracing.ts); null otherwise, as the original.
 */
export interface DistributedTraceContext {
  traceParent: string;
  traceState?: string;
  id?: string;
  spanId?: string;
  activityStartTime?: Date;
}

export interface OrchestrationInstance {
  instanceId: string;
  executionId?: string;
}

export interface ParentInstance {
  name?: string;
  version?: string;
  taskScheduleId: number;
  orchestrationInstance: OrchestrationInstance;
}

interface EventBase<T extends EventType> {
  eventType: T;
  /** The task id for scheduling events (TaskScheduled, TimerCreated, …), -1 for everything else. */
  eventId: number;
  timestamp: Date;
  isPlayed?: boolean;
}

export interface ExecutionStartedEvent extends EventBase<"ExecutionStarted"> {
  name: string;
  version?: string;
  input?: string;
  orchestrationInstance: OrchestrationInstance;
  parentInstance?: ParentInstance;
  scheduledStartTime?: Date;
  tags?: Record<string, string>;
  /** The legacy correlation JSON (only with the original's EnableDistributedTracing). */
  correlation?: string;
  parentTraceContext?: DistributedTraceContext;
  /** Set by a client start (0, or the previous generation + 1 on a restart); absent for sub-orchestrations. */
  generation?: number;
  generateNewTrace?: boolean;
}
export interface ExecutionCompletedEvent extends EventBase<"ExecutionCompleted"> {
  orchestrationStatus: OrchestrationRuntimeStatus;
  result?: string;
  failureDetails?: FailureDetails;
}
export interface ExecutionFailedEvent extends EventBase<"ExecutionFailed"> {
  failureDetails?: FailureDetails;
}
export interface ExecutionTerminatedEvent extends EventBase<"ExecutionTerminated"> {
  /** The termination reason (the original keeps it in Input). */
  input?: string;
  recurse?: boolean;
}
export interface TaskScheduledEvent extends EventBase<"TaskScheduled"> {
  name: string;
  version?: string;
  /** Always in the message; in history only with the worker's `includeParameters` (as the original). */
  input?: string;
  parentTraceContext?: DistributedTraceContext;
  tags?: Record<string, string>;
}
export interface TaskCompletedEvent extends EventBase<"TaskCompleted"> {
  taskScheduledId: number;
  result?: string;
}
export interface TaskFailedEvent extends EventBase<"TaskFailed"> {
  taskScheduledId: number;
  reason?: string;
  details?: string;
  failureDetails?: FailureDetails;
}
export interface SubOrchestrationInstanceCreatedEvent extends EventBase<"SubOrchestrationInstanceCreated"> {
  name: string;
  version?: string;
  instanceId: string;
  /** In history only with the worker's `includeParameters` (as the original). */
  input?: string;
  clientSpanId?: string;
  tags?: Record<string, string>;
}
export interface SubOrchestrationInstanceCompletedEvent extends EventBase<"SubOrchestrationInstanceCompleted"> {
  taskScheduledId: number;
  result?: string;
}
export interface SubOrchestrationInstanceFailedEvent extends EventBase<"SubOrchestrationInstanceFailed"> {
  taskScheduledId: number;
  reason?: string;
  details?: string;
  failureDetails?: FailureDetails;
}
export interface TimerCreatedEvent extends EventBase<"TimerCreated"> {
  fireAt: Date;
}
export interface TimerFiredEvent extends EventBase<"TimerFired"> {
  timerId: number;
  fireAt: Date;
}
export type OrchestratorStartedEvent = EventBase<"OrchestratorStarted">;
export type OrchestratorCompletedEvent = EventBase<"OrchestratorCompleted">;
export interface EventSentEvent extends EventBase<"EventSent"> {
  instanceId: string;
  name: string;
  input?: string;
}
export interface EventRaisedEvent extends EventBase<"EventRaised"> {
  name: string;
  input?: string;
  parentTraceContext?: DistributedTraceContext;
}
/** Ends an execution that continues as new; `result` holds the next execution's input. */
export interface ContinueAsNewEvent extends EventBase<"ContinueAsNew"> {
  result?: string;
  /** Always ContinuedAsNew (the original's class derives from ExecutionCompletedEvent). */
  orchestrationStatus?: OrchestrationRuntimeStatus;
}
export interface GenericEvent extends EventBase<"GenericEvent"> {
  data?: string;
}
export type HistoryStateEvent = EventBase<"HistoryState">;
export interface ExecutionSuspendedEvent extends EventBase<"ExecutionSuspended"> {
  reason?: string;
}
export interface ExecutionResumedEvent extends EventBase<"ExecutionResumed"> {
  reason?: string;
}
export interface ExecutionRewoundEvent extends EventBase<"ExecutionRewound"> {
  reason?: string;
  parentExecutionId?: string;
  instanceId?: string;
  parentTraceContext?: DistributedTraceContext;
}

export type HistoryEvent =
  | ExecutionStartedEvent
  | ExecutionCompletedEvent
  | ExecutionFailedEvent
  | ExecutionTerminatedEvent
  | TaskScheduledEvent
  | TaskCompletedEvent
  | TaskFailedEvent
  | SubOrchestrationInstanceCreatedEvent
  | SubOrchestrationInstanceCompletedEvent
  | SubOrchestrationInstanceFailedEvent
  | TimerCreatedEvent
  | TimerFiredEvent
  | OrchestratorStartedEvent
  | OrchestratorCompletedEvent
  | EventSentEvent
  | EventRaisedEvent
  | ContinueAsNewEvent
  | GenericEvent
  | HistoryStateEvent
  | ExecutionSuspendedEvent
  | ExecutionResumedEvent
  | ExecutionRewoundEvent;

/** The event of a given kind, e.g. `HistoryEventOf<"TaskCompleted">`. */
export type HistoryEventOf<T extends EventType> = Extract<HistoryEvent, { eventType: T }>;

/** A message between instances and dispatchers: one history event addressed to one orchestration instance. */
export interface TaskMessage {
  event: HistoryEvent;
  orchestrationInstance: OrchestrationInstance;
  sequenceNumber?: number;
  /** The sender's tags; the original sets it on TaskScheduled and sub-orchestration starts only. */
  orchestrationExecutionContext?: { orchestrationTags: Record<string, string> };
}
