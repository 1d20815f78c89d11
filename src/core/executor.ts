// Replays an orchestrator over its history and returns the actions it takes next. Events are applied in
// order; each completion settles its task synchronously and resumes the generator, so the same history
// always drives the code down the same path. Recorded scheduling events must match the actions the code
// takes at the same task id, or the run fails with a NonDeterminismError.
import type { OrchestratorAction } from "./actions.js";
import { NonDeterminismError } from "./errors.js";
import { failureDetailsOf } from "./failure-details.js";
import type { EventRaisedEvent, ExecutionStartedEvent, FailureDetails, HistoryEvent } from "./history-events.js";
import type { Orchestrator } from "./orchestration-context.js";
import { OrchestratorRun } from "./orchestrator-run.js";
import { ReplayContext, type ReplayOptions } from "./replay-context.js";
import { checkAnswer, finishedResult, isSchedulingEvent, matchRecordedAction } from "./replay-rules.js";

export interface ExecuteOptions {
  /** Timers longer than this become a chain of shorter ones (default 3 days, Azure Storage's limit in DTFx). */
  maxTimerIntervalInMs?: number;
  /** The version of sub-orchestrations started without one (the worker's `versioning.defaultVersion`). */
  defaultSubOrchestrationVersion?: string;
}

export type ExecutionStatus = "Running" | "Completed" | "Failed" | "ContinuedAsNew" | "Terminated" | "Suspended";

export interface ExecutionResult {
  /** Only actions not already recorded in the history, in task-id order; a completion comes last. */
  actions: OrchestratorAction[];
  status: ExecutionStatus;
  /** JSON text of the output (for Terminated, the reason); absent when there is none. */
  output?: string;
  failureDetails?: FailureDetails;
  /** JSON text of the custom status. */
  customStatus?: string;
}

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

/** Completions and events that wait while an instance is suspended (lifecycle and bookkeeping events do not). */
const HELD_WHILE_SUSPENDED = new Set<HistoryEvent["eventType"]>([
  "TaskCompleted", "TaskFailed", "SubOrchestrationInstanceCompleted", "SubOrchestrationInstanceFailed",
  "TimerFired", "EventRaised", "GenericEvent",
]);

/**
 * Runs `orchestrator` over `pastEvents` (the recorded history of this execution; isReplaying is true) and then
 * `newEvents` (what arrived since, starting with this episode's OrchestratorStarted; isReplaying is false).
 */
export function execute(
  orchestrator: Orchestrator,
  pastEvents: HistoryEvent[],
  newEvents: HistoryEvent[],
  options: ExecuteOptions = {},
): ExecutionResult {
  const finished = finishedResult(pastEvents, newEvents);
  if (finished) return finished;
  const replay = new Replay(orchestrator, {
    maxTimerIntervalInMs: options.maxTimerIntervalInMs ?? THREE_DAYS_MS,
    defaultSubOrchestrationVersion: options.defaultSubOrchestrationVersion,
  });
  try {
    for (let i = 0; i < pastEvents.length; i++) replay.apply(pastEvents[i]!, true);
    for (let i = 0; i < newEvents.length; i++) replay.apply(newEvents[i]!, false);
    return replay.result();
  } catch (error) {
    if (!(error instanceof NonDeterminismError)) throw error;
    const failureDetails = failureDetailsOf(error);
    return { actions: [{ kind: "CompleteOrchestration", id: -1, status: "Failed", failureDetails }], status: "Failed", failureDetails };
  }
}

class Replay {
  private ctx?: ReplayContext;
  private run?: OrchestratorRun;
  private replaying = true;
  private startTime?: Date;
  private suspended = false;
  /** Events that arrived while suspended, delivered in order on resume. */
  private held: HistoryEvent[] = [];
  /** Events that came before ExecutionStarted (a raced EventRaised), applied right after it. */
  private early: HistoryEvent[] = [];
  /** EventRaised after the orchestrator ended: carried over if it continues as new with preserved events. */
  private readonly late: EventRaisedEvent[] = [];

  constructor(
    private readonly orchestrator: Orchestrator,
    private readonly options: ReplayOptions,
  ) {}

  apply(event: HistoryEvent, replaying: boolean): void {
    this.replaying = replaying;
    if (this.ctx) this.ctx.isReplaying = replaying;
    this.dispatch(event);
  }

  private dispatch(event: HistoryEvent): void {
    if (event.eventType === "OrchestratorStarted") return this.tick(event.timestamp);
    if (event.eventType === "ExecutionStarted") return this.start(event);
    const { ctx, run } = this;
    if (!ctx || !run) return void this.early.push(event);
    if (run.completion?.status === "Terminated") return;
    if (event.eventType === "EventRaised" && run.completion) return void this.late.push(event);
    if (this.suspended && HELD_WHILE_SUSPENDED.has(event.eventType)) return void this.held.push(event);
    if (isSchedulingEvent(event)) return matchRecordedAction(ctx, event);
    switch (event.eventType) {
      case "EventRaised":
        return ctx.raiseEvent(event);
      case "ExecutionSuspended":
        this.suspended = true;
        return;
      case "ExecutionResumed":
        return this.resume();
      case "ExecutionTerminated":
        return run.terminate(event.input);
      case "TaskCompleted":
      case "TaskFailed":
      case "SubOrchestrationInstanceCompleted":
      case "SubOrchestrationInstanceFailed":
        return this.answer(event.taskScheduledId, event);
      case "TimerFired":
        return this.answer(event.timerId, event);
      default:
        return; // OrchestratorCompleted, GenericEvent, HistoryState, ExecutionRewound: nothing to replay
    }
  }

  /** currentUtcDateTime is the time of the latest OrchestratorStarted. */
  private tick(timestamp: Date): void {
    if (this.ctx) this.ctx.currentUtcDateTime = timestamp;
    else this.startTime = timestamp;
  }

  private start(event: ExecutionStartedEvent): void {
    if (this.ctx) return; // a duplicate start changes nothing
    const instance = event.orchestrationInstance;
    const info = {
      instanceId: instance.instanceId, executionId: instance.executionId ?? "", name: event.name, version: event.version,
      parentInstance: event.parentInstance,
    };
    const ctx = (this.ctx = new ReplayContext(info, this.startTime ?? event.timestamp, this.options));
    ctx.isReplaying = this.replaying;
    this.run = new OrchestratorRun(ctx);
    this.run.start(this.orchestrator, event.input);
    const early = this.early;
    this.early = [];
    for (const pending of early) this.dispatch(pending);
  }

  /** Settles the task a completion answers; a duplicate for a settled task (redelivery) is ignored. */
  private answer(taskId: number, event: HistoryEvent): void {
    const ctx = this.ctx!;
    const open = ctx.open.get(taskId);
    if (!open && ctx.answeredIds.has(taskId)) return;
    checkAnswer(ctx, open, taskId, event);
    ctx.open.delete(taskId);
    ctx.answeredIds.add(taskId);
    if (!this.run!.completion) open!.onAnswer(event);
  }

  private resume(): void {
    this.suspended = false;
    const held = this.held;
    this.held = [];
    for (const event of held) this.dispatch(event);
  }

  result(): ExecutionResult {
    const { ctx, run } = this;
    if (!ctx || !run) throw new NonDeterminismError("The history of the execution holds no ExecutionStarted event");
    const completion = run.completion;
    const result: ExecutionResult = { actions: [], status: this.suspended ? "Suspended" : "Running" };
    if (ctx.customStatus !== undefined) result.customStatus = ctx.customStatus;
    // An orchestration that ends (whatever the way) gives up its entity locks, or they would stay locked forever.
    const releases = completion ? ctx.releaseEntityLocks() : [];
    const pending = [...ctx.unrecorded.values()].sort((a, b) => a.id - b.id);
    if (!completion) return { ...result, actions: pending };
    if (completion.status === "ContinuedAsNew" && ctx.continueAsNewRequest?.preserveUnprocessedEvents) {
      completion.carryoverEvents = [...ctx.unconsumedEvents(), ...this.late];
    }
    result.status = completion.status;
    // Termination overrides whatever the code was doing: no other action of this episode is carried out.
    result.actions = completion.status === "Terminated" ? [...releases, completion] : [...pending, completion];
    if (completion.result !== undefined && (completion.status === "Completed" || completion.status === "Terminated")) {
      result.output = completion.result;
    }
    if (completion.failureDetails) result.failureDetails = completion.failureDetails;
    return result;
  }
}
