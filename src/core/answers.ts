// Which history event answers which scheduling event, and which task an answer is for: one table for replay
// (an answer must match what was scheduled) and for the worker's message classification (drop or defer).
import type { EventType, HistoryEvent } from "./history-events.js";

/** The scheduling event each kind of answer belongs to. */
export const SCHEDULING_EVENT_OF: Partial<Record<EventType, "TaskScheduled" | "SubOrchestrationInstanceCreated" | "TimerCreated">> = {
  TaskCompleted: "TaskScheduled",
  TaskFailed: "TaskScheduled",
  SubOrchestrationInstanceCompleted: "SubOrchestrationInstanceCreated",
  SubOrchestrationInstanceFailed: "SubOrchestrationInstanceCreated",
  TimerFired: "TimerCreated",
};

/** The task id an answer is for, or undefined for events that answer nothing. */
export function answeredTaskId(event: HistoryEvent): number | undefined {
  if (event.eventType === "TimerFired") return event.timerId;
  if ("taskScheduledId" in event) return event.taskScheduledId;
  return undefined;
}
