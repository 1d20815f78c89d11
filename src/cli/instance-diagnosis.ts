// Why an instance is not done, inferred from its status and history: the activities, timers and
// sub-orchestrations scheduled but not yet answered, suspension, a delayed start, or an external event.
import type { OrchestrationState } from "../backend/orchestration-service.js";
import type { TimelineSourceEvent } from "./history-timeline.js";

export interface OpenTask {
  kind: "activity" | "timer" | "sub-orchestration";
  taskId: number;
  name?: string;
  /** When it was scheduled. */
  since: Date;
  /** Timers: when they fire. */
  fireAt?: Date;
  /** Sub-orchestrations: the child's instance id. */
  instanceId?: string;
}

export interface Diagnosis {
  done: boolean;
  summary: string[];
  openTasks: OpenTask[];
  /** Names of the external events received so far, in order. */
  eventsReceived: string[];
}

const ANSWERS = new Set(["TaskCompleted", "TaskFailed", "SubOrchestrationInstanceCompleted", "SubOrchestrationInstanceFailed"]);

export function openTasksOf(history: TimelineSourceEvent[]): OpenTask[] {
  const open = new Map<number, OpenTask>();
  for (const event of history) {
    const since = event.timestamp;
    const name = event.name as string | undefined;
    if (event.eventType === "TaskScheduled") open.set(event.eventId, { kind: "activity", taskId: event.eventId, name, since });
    else if (event.eventType === "TimerCreated") {
      open.set(event.eventId, { kind: "timer", taskId: event.eventId, since, fireAt: new Date(event.fireAt as Date | string) });
    } else if (event.eventType === "SubOrchestrationInstanceCreated") {
      open.set(event.eventId, { kind: "sub-orchestration", taskId: event.eventId, name, since, instanceId: event.instanceId as string });
    } else if (ANSWERS.has(event.eventType)) open.delete(event.taskScheduledId as number);
    else if (event.eventType === "TimerFired") open.delete(event.timerId as number);
  }
  return [...open.values()];
}

export function diagnose(state: OrchestrationState, history: TimelineSourceEvent[], now: Date): Diagnosis {
  const eventsReceived = history.filter((e) => e.eventType === "EventRaised").map((e) => String(e.name));
  const finished = finishedLine(state);
  if (finished) return { done: true, summary: [finished], openTasks: [], eventsReceived };
  const openTasks = openTasksOf(history);
  const summary = [...statusLines(state, history, now), ...openTasks.map((task) => describeOpenTask(task, now))];
  if (state.runtimeStatus === "Running" || state.runtimeStatus === "Suspended") summary.push(eventLine(openTasks, eventsReceived));
  return { done: false, summary, openTasks, eventsReceived };
}

function finishedLine(state: OrchestrationState): string | undefined {
  const at = state.completedAt ?? state.lastUpdatedAt;
  switch (state.runtimeStatus) {
    case "Completed":
      return `Completed at ${at.toISOString()}`;
    case "Terminated":
      return `Terminated at ${at.toISOString()}${state.output === undefined ? "" : ` (reason: ${JSON.stringify(state.output)})`}`;
    case "Failed":
    case "Canceled": {
      const failure = state.failureDetails;
      return `${state.runtimeStatus} at ${at.toISOString()}${failure ? `: ${failure.errorType}: ${failure.message}` : ""}`;
    }
    default:
      return undefined;
  }
}

function statusLines(state: OrchestrationState, history: TimelineSourceEvent[], now: Date): string[] {
  switch (state.runtimeStatus) {
    case "Pending": {
      const startAt = state.scheduledStartAt;
      if (startAt && startAt > now) return [`Pending: scheduled to start at ${startAt.toISOString()}`];
      return ["Pending: its start message has not been processed yet (is a worker running on this task hub?)"];
    }
    case "Suspended": {
      const suspended = history.findLast((e) => e.eventType === "ExecutionSuspended");
      const reason = suspended?.reason === undefined ? "" : ` (reason: ${String(suspended.reason)})`;
      return [`Suspended${suspended ? ` since ${suspended.timestamp.toISOString()}` : ""}${reason}: resume it to continue`];
    }
    case "ContinuedAsNew":
      return ["Continued as new: the next execution starts when the worker processes its start message"];
    default:
      return [];
  }
}

function describeOpenTask(task: OpenTask, now: Date): string {
  switch (task.kind) {
    case "activity":
      return `activity '${task.name}' (task #${task.taskId}) pending since ${task.since.toISOString()}`;
    case "timer":
      return `timer #${task.taskId} fires at ${task.fireAt!.toISOString()}${task.fireAt! <= now ? " (due: waiting for a worker to deliver it)" : ""}`;
    case "sub-orchestration":
      return `sub-orchestration '${task.name}' ${task.instanceId} (task #${task.taskId}) pending since ${task.since.toISOString()}`;
  }
}

/** History records external events only once raised, so a wait for one shows as the absence of anything else open. */
function eventLine(openTasks: OpenTask[], eventsReceived: string[]): string {
  const received = eventsReceived.length === 0 ? "none received so far" : `received so far: ${eventsReceived.join(", ")}`;
  if (openTasks.length === 0) return `waiting for an external event: no activity, timer or sub-orchestration is open (${received})`;
  return `it may also wait for external events, which history shows only once raised (${received})`;
}
