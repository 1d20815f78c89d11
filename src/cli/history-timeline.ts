// An instance's history as a timeline: each event's offset from the earliest, and for answers (task results,
// fired timers, finished sub-orchestrations) how long after their scheduling event they came.

/** A history event as the client returns it; only the fields the timeline reads are named. */
export interface TimelineSourceEvent {
  eventType: string;
  eventId: number;
  timestamp: Date;
  [field: string]: unknown;
}

export interface TimelineEntry {
  eventType: string;
  /** The task id for scheduling events and the one answered for completions. */
  taskId?: number;
  name?: string;
  timestamp: Date;
  offsetInMs: number;
  /** From the scheduling event to this answer. */
  durationInMs?: number;
  detail?: unknown;
}

const ANSWER_ID_FIELD: Record<string, string> = {
  TaskCompleted: "taskScheduledId",
  TaskFailed: "taskScheduledId",
  SubOrchestrationInstanceCompleted: "taskScheduledId",
  SubOrchestrationInstanceFailed: "taskScheduledId",
  TimerFired: "timerId",
};

const SCHEDULING = new Set(["TaskScheduled", "TimerCreated", "SubOrchestrationInstanceCreated", "EventSent"]);

export function buildTimeline(history: TimelineSourceEvent[]): TimelineEntry[] {
  // The earliest event, usually ExecutionStarted (stamped by the client before the first episode).
  const start = Math.min(...history.map((e) => e.timestamp.getTime()));
  const scheduled = new Map<number, TimelineSourceEvent>();
  return history.map((event) => {
    const entry: TimelineEntry = { eventType: event.eventType, timestamp: event.timestamp, offsetInMs: event.timestamp.getTime() - start };
    if (SCHEDULING.has(event.eventType)) {
      scheduled.set(event.eventId, event);
      entry.taskId = event.eventId;
    }
    const answerField = ANSWER_ID_FIELD[event.eventType];
    const answered = answerField === undefined ? undefined : (event[answerField] as number | undefined);
    const origin = answered === undefined ? undefined : scheduled.get(answered);
    if (answered !== undefined) entry.taskId = answered;
    if (origin) entry.durationInMs = event.timestamp.getTime() - origin.timestamp.getTime();
    const name = (event.name as string | undefined) ?? (origin?.name as string | undefined);
    if (name !== undefined) entry.name = name;
    const detail = detailOf(event);
    if (detail !== undefined) entry.detail = detail;
    return entry;
  });
}

/** The one field worth showing next to each kind of event. */
function detailOf(event: TimelineSourceEvent): unknown {
  switch (event.eventType) {
    case "ExecutionStarted":
    case "TaskScheduled":
    case "SubOrchestrationInstanceCreated":
    case "EventRaised":
    case "EventSent":
    case "ExecutionTerminated":
      return event.input;
    case "TaskCompleted":
    case "SubOrchestrationInstanceCompleted":
    case "ContinueAsNew":
      return event.result;
    case "TaskFailed":
    case "SubOrchestrationInstanceFailed":
    case "ExecutionFailed":
      return (event.failureDetails as { message?: string } | undefined)?.message ?? event.reason;
    case "TimerCreated":
    case "TimerFired":
      return event.fireAt;
    case "ExecutionCompleted":
      return { status: event.orchestrationStatus, result: event.result, failure: (event.failureDetails as { message?: string } | undefined)?.message };
    case "ExecutionSuspended":
    case "ExecutionResumed":
      return event.reason;
    default:
      return undefined;
  }
}
