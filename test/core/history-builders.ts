// Builds histories by hand for replay tests, and drives an orchestrator episode by episode the way the
// dispatcher does, with a responder standing in for activities, timers and sub-orchestrations.
import {
  execute,
  type ExecuteOptions,
  type ExecutionResult,
  type HistoryEvent,
  type Orchestrator,
  type OrchestratorAction,
} from "../../src/core/index.js";
import { actionsToEvents } from "../../src/worker/action-events.js";

export const T0 = new Date("2026-01-01T00:00:00.000Z");
export const at = (ms: number) => new Date(T0.getTime() + ms);
export const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

export const ev = {
  orchestratorStarted: (ms = 0): HistoryEvent => ({ eventType: "OrchestratorStarted", eventId: -1, timestamp: at(ms) }),
  started: (name: string, input?: unknown, instanceId = "instance-1"): HistoryEvent => ({
    eventType: "ExecutionStarted", eventId: -1, timestamp: T0, name, input: json(input),
    orchestrationInstance: { instanceId, executionId: "exec-1" },
  }),
  scheduled: (id: number, name: string, input?: unknown): HistoryEvent => ({
    eventType: "TaskScheduled", eventId: id, timestamp: T0, name, input: json(input),
  }),
  completed: (id: number, result?: unknown): HistoryEvent => ({
    eventType: "TaskCompleted", eventId: -1, timestamp: T0, taskScheduledId: id, result: json(result),
  }),
  failed: (id: number, message: string, errorType = "Error"): HistoryEvent => ({
    eventType: "TaskFailed", eventId: -1, timestamp: T0, taskScheduledId: id, reason: message,
    failureDetails: { errorType, message },
  }),
  timerCreated: (id: number, fireAtMs: number): HistoryEvent => ({ eventType: "TimerCreated", eventId: id, timestamp: T0, fireAt: at(fireAtMs) }),
  timerFired: (id: number, fireAtMs: number): HistoryEvent => ({
    eventType: "TimerFired", eventId: -1, timestamp: at(fireAtMs), timerId: id, fireAt: at(fireAtMs),
  }),
  raised: (name: string, input?: unknown): HistoryEvent => ({ eventType: "EventRaised", eventId: -1, timestamp: T0, name, input: json(input) }),
  suspended: (): HistoryEvent => ({ eventType: "ExecutionSuspended", eventId: -1, timestamp: T0 }),
  resumed: (): HistoryEvent => ({ eventType: "ExecutionResumed", eventId: -1, timestamp: T0 }),
  terminated: (reason?: unknown): HistoryEvent => ({ eventType: "ExecutionTerminated", eventId: -1, timestamp: T0, input: json(reason) }),
  eventSent: (id: number, instanceId: string, name: string, data?: unknown): HistoryEvent => ({
    eventType: "EventSent", eventId: id, timestamp: T0, instanceId, name, input: json(data),
  }),
  subCreated: (id: number, name: string, instanceId: string, input?: unknown): HistoryEvent => ({
    eventType: "SubOrchestrationInstanceCreated", eventId: id, timestamp: T0, name, instanceId, input: json(input),
  }),
  executionCompleted: (status: "Completed" | "Failed" | "Terminated", result?: unknown, failureDetails?: { errorType: string; message: string }): HistoryEvent => ({
    eventType: "ExecutionCompleted", eventId: -1, timestamp: T0, orchestrationStatus: status, result: json(result), failureDetails,
  }),
  continuedAsNew: (input?: unknown): HistoryEvent => ({ eventType: "ContinueAsNew", eventId: -1, timestamp: T0, result: json(input) }),
};

/** What the outside world answers to an action, or undefined to leave it pending. */
export type Responder = (action: OrchestratorAction, episodeTimeMs: number) => HistoryEvent | undefined;

export interface DriveResult {
  result: ExecutionResult;
  history: HistoryEvent[];
  episodes: number;
}

/**
 * Runs an orchestrator the way the dispatcher does: each episode appends OrchestratorStarted, the answers
 * that arrived, the events recording new actions and OrchestratorCompleted; the clock advances 1 s per episode.
 */
export function drive(
  orchestrator: Orchestrator,
  input: unknown,
  respond: Responder,
  options: ExecuteOptions & { maxEpisodes?: number; extraEvents?: (episode: number) => HistoryEvent[] } = {},
): DriveResult {
  let history: HistoryEvent[] = [];
  let incoming: HistoryEvent[] = [ev.started("Test", input)];
  let now = -1000;
  for (let episode = 0; episode < (options.maxEpisodes ?? 100); episode++) {
    // The clock moves at least 1 s per episode, and never before a timer that fires in it.
    const fires = incoming.flatMap((e) => (e.eventType === "TimerFired" ? [e.fireAt.getTime() - T0.getTime()] : []));
    now = Math.max(now + 1000, ...fires);
    const fresh = [ev.orchestratorStarted(now), ...incoming, ...(options.extraEvents?.(episode) ?? [])];
    const result = execute(orchestrator, history, fresh, options);
    const converted = actionsToEvents(result.actions, {
      instance: { instanceId: "instance-1", executionId: "exec-1" },
      started: history.find((e) => e.eventType === "ExecutionStarted") as any ?? fresh.find((e) => e.eventType === "ExecutionStarted"),
      now: at(now),
      newExecutionId: () => "exec-2",
    });
    history = [...history, ...fresh, ...converted.events, { eventType: "OrchestratorCompleted", eventId: -1, timestamp: at(now) }];
    if (result.status !== "Running") return { result, history, episodes: episode + 1 };
    incoming = result.actions.flatMap((a) => respond(a, now) ?? []);
    if (incoming.length === 0 && !options.extraEvents) return { result, history, episodes: episode + 1 };
  }
  throw new Error("The orchestration did not settle");
}

/** Answers every activity with `f(name, input)` (a thrown error becomes TaskFailed) and fires timers. */
export function respondWith(f: (name: string, input: unknown) => unknown): Responder {
  return (action) => {
    if (action.kind === "ScheduleTask") {
      try {
        return ev.completed(action.id, f(action.name, action.input === undefined ? undefined : JSON.parse(action.input)));
      } catch (error) {
        return ev.failed(action.id, (error as Error).message, (error as Error).name);
      }
    }
    if (action.kind === "CreateTimer") return ev.timerFired(action.id, action.fireAt.getTime() - T0.getTime());
    return undefined;
  };
}
