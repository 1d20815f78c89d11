// The rules that tie recorded history to the code being replayed: which events record actions, how a
// recorded action must match the one the code takes, and what a finished history replays to.
import { SCHEDULING_EVENT_OF } from "./answers.js";
import type { OrchestratorAction } from "./actions.js";
import { NonDeterminismError } from "./errors.js";
import type { ExecutionResult } from "./executor.js";
import type { HistoryEvent } from "./history-events.js";
import type { OpenTask, ReplayContext } from "./replay-context.js";

type SchedulingEvent = Extract<
  HistoryEvent,
  { eventType: "TaskScheduled" | "SubOrchestrationInstanceCreated" | "TimerCreated" | "EventSent" }
>;

const ACTION_OF: Record<SchedulingEvent["eventType"], OrchestratorAction["kind"]> = {
  TaskScheduled: "ScheduleTask",
  SubOrchestrationInstanceCreated: "CreateSubOrchestration",
  TimerCreated: "CreateTimer",
  EventSent: "SendEvent",
};

export function isSchedulingEvent(event: HistoryEvent): event is SchedulingEvent {
  return event.eventType in ACTION_OF;
}

function describeEvent(event: SchedulingEvent): string {
  return event.eventType === "TimerCreated" ? "a timer (TimerCreated)" : `${event.eventType} '${event.name}'`;
}

function describeAction(action: OrchestratorAction): string {
  switch (action.kind) {
    case "CreateTimer":
      return "a timer (CreateTimer)";
    case "CompleteOrchestration":
      return "completion";
    default:
      return `${action.kind} '${action.name}'`;
  }
}

/** Marks the action at the event's task id as recorded, after checking that it is the same action. */
export function matchRecordedAction(ctx: ReplayContext, event: SchedulingEvent): void {
  const id = event.eventId;
  const action = ctx.unrecorded.get(id);
  if (!action) {
    throw new NonDeterminismError(
      `Non-deterministic orchestrator: at task ${id} the history records ${describeEvent(event)}, ` +
        `but the orchestrator no longer schedules anything there`,
    );
  }
  const sameKind = action.kind === ACTION_OF[event.eventType];
  const sameName = !sameKind || action.kind === "CreateTimer" || ("name" in event && "name" in action && action.name === event.name);
  if (!sameKind || !sameName) {
    throw new NonDeterminismError(
      `Non-deterministic orchestrator: at task ${id} the history records ${describeEvent(event)}, ` +
        `but the orchestrator now schedules ${describeAction(action)}`,
    );
  }
  ctx.unrecorded.delete(id);
}

/**
 * Checks that a completion answers a task the orchestrator scheduled, of the matching kind, after the event
 * that records it. (Duplicates of answered tasks are dropped before this check.)
 */
export function checkAnswer(ctx: ReplayContext, open: OpenTask | undefined, taskId: number, answer: HistoryEvent): void {
  const prefix = `Non-deterministic orchestrator: the history holds a ${answer.eventType} for task ${taskId}`;
  if (!open) throw new NonDeterminismError(`${prefix}, which the orchestrator never scheduled`);
  if (SCHEDULING_EVENT_OF[answer.eventType] !== open.scheduledAs) {
    const scheduled = ACTION_OF[open.scheduledAs as SchedulingEvent["eventType"]];
    throw new NonDeterminismError(`${prefix}, but the orchestrator scheduled ${scheduled} there`);
  }
  if (ctx.unrecorded.has(taskId)) {
    throw new NonDeterminismError(`${prefix} before the ${open.scheduledAs} event that records that task`);
  }
}

/** The recorded outcome of a history that already ended; replaying it takes no new action. */
export function finishedResult(pastEvents: HistoryEvent[], newEvents: HistoryEvent[]): ExecutionResult | undefined {
  for (const events of [pastEvents, newEvents]) {
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i]!;
      if (event.eventType === "ContinueAsNew") return { actions: [], status: "ContinuedAsNew" };
      if (event.eventType === "ExecutionCompleted") {
        const status = event.orchestrationStatus === "Canceled" || event.orchestrationStatus === "Pending"
          || event.orchestrationStatus === "Running" || event.orchestrationStatus === "Suspended"
          ? "Failed" : event.orchestrationStatus;
        const result: ExecutionResult = { actions: [], status };
        if ((status === "Completed" || status === "Terminated") && event.result !== undefined) result.output = event.result;
        if (event.failureDetails) result.failureDetails = event.failureDetails;
        return result;
      }
    }
  }
  return undefined;
}
