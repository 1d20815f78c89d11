// Replays an orchestrator over its history and returns the actions it takes next. Events are applied in
// order; each completion settles its task synchronously and resumes the generator, so the same history
// always drives the code down the same path. Recorded scheduling events must match the actions the code
// takes at the same task id, or the run fails with a NonDeterminismError.
import type { CompleteOrchestrationAction, OrchestratorAction } from "./actions.js";
import { NonDeterminismError } from "./errors.js";
import { failureDetailsOf } from "./failure-details.js";
import type { ExecutionStartedEvent, FailureDetails, HistoryEvent } from "./history-events.js";
import type { Orchestrator } from "./orchestration-context.js";
import { parsePayload, stringifyPayload } from "./payload.js";
import { ReplayContext } from "./replay-context.js";
import { finishedResult, isSchedulingEvent, matchRecordedAction } from "./replay-rules.js";
import { Task } from "./task.js";

export interface ExecuteOptions {
  /** Timers longer than this become a chain of shorter ones (default 3 days). */
  maxTimerIntervalInMs?: number;
}

export type ExecutionStatus = "Running" | "Completed" | "Failed" | "ContinuedAsNew" | "Terminated" | "Suspended";

export interface ExecutionResult {
  /** Only actions not already recorded in the history. */
  actions: OrchestratorAction[];
  status: ExecutionStatus;
  /** JSON text of the output (for Terminated, the reason). */
  output?: string;
  failureDetails?: FailureDetails;
  /** JSON text of the custom status. */
  customStatus?: string;
}

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

/** Events that wait while an instance is suspended (its own lifecycle and bookkeeping events do not). */
const HELD_WHILE_SUSPENDED = new Set<HistoryEvent["eventType"]>([
  "TaskCompleted", "TaskFailed", "SubOrchestrationInstanceCompleted", "SubOrchestrationInstanceFailed",
  "TimerFired", "EventRaised", "GenericEvent",
]);

export function execute(
  orchestrator: Orchestrator,
  pastEvents: HistoryEvent[],
  newEvents: HistoryEvent[],
  options: ExecuteOptions = {},
): ExecutionResult {
  const finished = finishedResult(pastEvents, newEvents);
  if (finished) return finished;
  return new Execution(orchestrator, options.maxTimerIntervalInMs ?? THREE_DAYS_MS).run(pastEvents, newEvents);
}

class Execution {
  private ctx?: ReplayContext;
  private generator?: Generator<unknown, unknown, unknown>;
  private awaiting?: Task<unknown>;
  private completion?: CompleteOrchestrationAction;
  private suspended = false;
  private held: HistoryEvent[] = [];

  constructor(
    private readonly orchestrator: Orchestrator,
    private readonly maxTimerIntervalInMs: number,
  ) {}

  run(pastEvents: HistoryEvent[], newEvents: HistoryEvent[]): ExecutionResult {
    try {
      const all = pastEvents.length === 0 ? newEvents : [...pastEvents, ...newEvents];
      for (let i = 0; i < all.length; i++) {
        if (this.ctx) this.ctx.isReplaying = i < pastEvents.length;
        this.apply(all[i]!);
      }
      return this.result();
    } catch (error) {
      if (!(error instanceof NonDeterminismError)) throw error;
      const failureDetails = failureDetailsOf(error);
      return {
        actions: [{ kind: "CompleteOrchestration", id: -1, status: "Failed", failureDetails }],
        status: "Failed",
        failureDetails,
      };
    }
  }

  private apply(event: HistoryEvent): void {
    if (event.eventType === "OrchestratorStarted") {
      if (this.ctx) this.ctx.currentUtcDateTime = event.timestamp;
      else this.startTime = event.timestamp;
      return;
    }
    if (event.eventType === "ExecutionStarted") return this.start(event);
    if (this.completion && this.completion.status === "Terminated") return;
    if (this.suspended && HELD_WHILE_SUSPENDED.has(event.eventType)) {
      this.held.push(event);
      return;
    }
    const ctx = this.context();
    if (isSchedulingEvent(event)) return matchRecordedAction(ctx, event);
    switch (event.eventType) {
      case "EventRaised":
        return this.completion ? undefined : ctx.raiseEvent(event);
      case "ExecutionSuspended":
        this.suspended = true;
        return;
      case "ExecutionResumed":
        return this.resume();
      case "ExecutionTerminated":
        return this.terminate(event.input);
      case "TaskCompleted":
      case "TaskFailed":
      case "SubOrchestrationInstanceCompleted":
      case "SubOrchestrationInstanceFailed":
        return this.answer(event.taskScheduledId, event);
      case "TimerFired":
        return this.answer(event.timerId, event);
      default:
        return; // OrchestratorCompleted, GenericEvent, HistoryState: nothing to replay
    }
  }

  private startTime = new Date(0);

  private start(event: ExecutionStartedEvent): void {
    if (this.ctx) return; // a duplicate start changes nothing
    const instance = event.orchestrationInstance;
    this.ctx = new ReplayContext(
      instance.instanceId, instance.executionId ?? "", event.name, event.parentInstance,
      this.startTime.getTime() > 0 ? this.startTime : event.timestamp, this.maxTimerIntervalInMs,
    );
    let output: unknown;
    try {
      output = this.orchestrator(this.ctx, parsePayload(event.input));
    } catch (error) {
      return this.finish(undefined, error);
    }
    if (isGenerator(output)) {
      this.generator = output;
      this.step(true);
    } else {
      this.finish(output);
    }
  }

  private context(): ReplayContext {
    if (!this.ctx) throw new NonDeterminismError("The history does not begin with ExecutionStarted");
    return this.ctx;
  }

  /** Settles the task a completion answers; duplicates of settled tasks are ignored. */
  private answer(taskId: number, event: HistoryEvent): void {
    const ctx = this.context();
    const open = ctx.open.get(taskId);
    if (!open) {
      if (ctx.answeredIds.has(taskId)) return;
      throw new NonDeterminismError(
        `The history holds a ${event.eventType} for task ${taskId}, which the orchestrator never scheduled`,
      );
    }
    if (ctx.unrecorded.has(taskId)) {
      throw new NonDeterminismError(
        `The history holds a ${event.eventType} for task ${taskId} before that task's ${open.scheduledAs} event`,
      );
    }
    ctx.open.delete(taskId);
    ctx.answeredIds.add(taskId);
    if (!this.completion) open.onAnswer(event);
  }

  /** Drives the generator while the task it waits for is settled. */
  private step(first = false): void {
    const generator = this.generator!;
    for (;;) {
      let next: IteratorResult<unknown, unknown>;
      try {
        if (first) next = generator.next();
        else if (this.awaiting!.isFaulted) next = generator.throw(this.awaiting!.error);
        else next = generator.next(this.awaiting!.result);
      } catch (error) {
        return this.finish(undefined, error);
      }
      first = false;
      if (next.done) return this.finish(next.value);
      if (!(next.value instanceof Task)) {
        const what = next.value === null ? "null" : typeof next.value;
        return this.finish(undefined, new TypeError(`Orchestrators must yield tasks (from the context), but this one yielded ${what}`));
      }
      this.awaiting = next.value;
      if (!this.awaiting.isCompleted) {
        const awaited = this.awaiting;
        awaited.onSettled(() => {
          if (this.awaiting === awaited && !this.completion) this.step();
        });
        return;
      }
    }
  }

  private finish(output: unknown, error?: unknown): void {
    if (this.completion) return;
    const ctx = this.context();
    if (error === undefined && ctx.continueAsNewRequest) {
      const request = ctx.continueAsNewRequest;
      this.completion = {
        kind: "CompleteOrchestration", id: -1, status: "ContinuedAsNew", result: stringifyPayload(request.input),
        carryoverEvents: request.preserveUnprocessedEvents ? [...ctx.unconsumedEvents(), ...this.heldEventsRaised()] : undefined,
      };
      return;
    }
    if (error === undefined) {
      try {
        this.completion = { kind: "CompleteOrchestration", id: -1, status: "Completed", result: stringifyPayload(output) };
        return;
      } catch (serializationError) {
        error = serializationError;
      }
    }
    this.completion = { kind: "CompleteOrchestration", id: -1, status: "Failed", failureDetails: failureDetailsOf(error) };
  }

  private heldEventsRaised(): HistoryEvent[] {
    return this.held.filter((e) => e.eventType === "EventRaised");
  }

  private resume(): void {
    this.suspended = false;
    const held = this.held;
    this.held = [];
    for (const event of held) this.apply(event);
  }

  private terminate(reason: string | undefined): void {
    this.context().unrecorded.clear();
    this.completion = { kind: "CompleteOrchestration", id: -1, status: "Terminated", result: reason };
  }

  private result(): ExecutionResult {
    const ctx = this.context();
    const actions = [...ctx.unrecorded.values()].sort((a, b) => a.id - b.id);
    const customStatus = stringifyPayload(ctx.customStatus);
    if (!this.completion) return { actions, status: this.suspended ? "Suspended" : "Running", customStatus };
    const completion = this.completion;
    const output = completion.status === "Completed" || completion.status === "Terminated" ? completion.result : undefined;
    return {
      actions: completion.status === "Terminated" ? [completion] : [...actions, completion],
      status: completion.status,
      output,
      failureDetails: completion.failureDetails,
      customStatus,
    };
  }
}

function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null && typeof (value as Generator).next === "function"
    && typeof (value as Generator).throw === "function";
}
