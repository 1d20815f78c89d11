// The OrchestrationContext the executor hands to orchestrator code: it numbers and records actions and keeps
// the tasks waiting for history events by task id. Time is the replayed episode's, ids come from the history.
import type { OrchestratorAction } from "./actions.js";
import { dotNetRoundTripTime, uuidV5 } from "./deterministic-guid.js";
import { PayloadTooLargeError, TaskFailedError, TimeoutError } from "./errors.js";
import { assertNewOrchestrationId } from "./instance-id-rules.js";
import { ExternalEvents } from "./external-events.js";
import { EntityCalls, type EntityLock } from "./entity-calls.js";
import type { EntityId } from "./entity-id.js";
import type { EventRaisedEvent, EventType, FailureDetails, HistoryEvent, ParentInstance } from "./history-events.js";
import type {
  ActivityOptions,
  ExternalEventOptions,
  OrchestrationContext,
  SubOrchestrationOptions,
} from "./orchestration-context.js";
import { parsePayload, stringifyPayload } from "./payload.js";
import { nextRetryDelayInMs, validateRetryPolicy, type RetryPolicy } from "./retry-policy.js";
import { Task, TimerTask, WhenAllTask, WhenAnyTask } from "./task.js";
import { replaySafeLogger } from "./replay-safe-logger.js";

/** Durable Functions caps a custom status at 16 KB (DF`ContextImplementations/DurableOrchestrationContext.cs:226`). */
export const MAX_CUSTOM_STATUS_BYTES = 16 * 1024;

/** A task id waiting for the history event that answers it. */
export interface OpenTask {
  /** The scheduling event kind that records it (TaskScheduled, TimerCreated, …). */
  scheduledAs: EventType;
  onAnswer(event: HistoryEvent): void;
}

export interface ContinueAsNewRequest {
  input: unknown;
  preserveUnprocessedEvents: boolean;
}

export interface InstanceInfo {
  instanceId: string;
  executionId: string;
  name: string;
  version?: string;
  parentInstance?: ParentInstance;
}

export interface ReplayOptions {
  maxTimerIntervalInMs: number;
  /** The version of sub-orchestrations started without one. */
  defaultSubOrchestrationVersion?: string;
}

export class ReplayContext implements OrchestrationContext {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly parentInstance?: ParentInstance;
  readonly version: string;
  currentUtcDateTime: Date;
  isReplaying = true;
  /** Actions taken in this run and not (yet) matched by a recorded history event, by task id. */
  readonly unrecorded = new Map<number, OrchestratorAction>();
  readonly open = new Map<number, OpenTask>();
  /** Task ids whose answer has been applied: a second answer is a redelivered duplicate. */
  readonly answeredIds = new Set<number>();
  /** JSON text, taken when set so that later changes to the object cannot break the episode's end. */
  customStatus?: string;
  continueAsNewRequest?: ContinueAsNewRequest;
  private readonly externalEvents = new ExternalEvents();
  private readonly entities = new EntityCalls(this);
  private nextTaskId = 0;
  private guidCounter = 0;

  constructor(
    instance: InstanceInfo,
    startTime: Date,
    private readonly options: ReplayOptions,
  ) {
    this.instanceId = instance.instanceId;
    this.executionId = instance.executionId;
    this.name = instance.name;
    this.version = instance.version ?? "";
    if (instance.parentInstance) this.parentInstance = instance.parentInstance;
    this.currentUtcDateTime = startTime;
  }

  createReplaySafeLogger<L extends object>(logger: L): L {
    return replaySafeLogger(logger, () => this.isReplaying);
  }

  callActivity<T>(name: string, input?: unknown, options: ActivityOptions = {}): Task<T> {
    const inputText = stringifyPayload(input);
    const attempt = () => this.schedule<T>({ kind: "ScheduleTask", id: this.nextTaskId, name, input: inputText });
    return options.retry ? this.withRetry(options.retry, attempt) : attempt();
  }

  /**
   * The child's id defaults to `{instanceId}:{executionId}:{task id as 4+ lowercase hex digits}`: the task id alone
   * (durabletask-go/-python's default) repeats in every continue-as-new generation, whose child would then replace
   * the previous one's.
   */
  callSubOrchestrator<T>(name: string, input?: unknown, options: SubOrchestrationOptions = {}): Task<T> {
    const inputText = stringifyPayload(input);
    const version = options.version ?? this.options.defaultSubOrchestrationVersion;
    // Named after the first attempt's task id, and kept by every retry (as Microsoft.DurableTask keeps its child id).
    const instanceId = options.instanceId ?? defaultSubOrchestrationId(this.instanceId, this.executionId, this.nextTaskId);
    // Refused here, before any action is recorded: a SubOrchestrationInstanceCreated holding it could not be stored.
    assertNewOrchestrationId(instanceId);
    const attempt = () => {
      const id = this.nextTaskId;
      const action: OrchestratorAction = { kind: "CreateSubOrchestration", id, name, instanceId, input: inputText };
      if (version !== undefined) action.version = version;
      return this.schedule<T>(action);
    };
    return options.retry ? this.withRetry(options.retry, attempt) : attempt();
  }

  createTimer(fireAt: Date | number): TimerTask {
    const final = typeof fireAt === "number" ? new Date(this.currentUtcDateTime.getTime() + fireAt) : fireAt;
    if (!(final instanceof Date) || Number.isNaN(final.getTime())) throw new TypeError("createTimer needs a Date or a delay in ms");
    const timer = new TimerTask();
    // Timers longer than the maximum become a chain of shorter ones, each its own TimerCreated/TimerFired.
    const scheduleLink = () => {
      const linkFireAt = new Date(Math.min(final.getTime(), this.currentUtcDateTime.getTime() + this.options.maxTimerIntervalInMs));
      const id = this.take({ kind: "CreateTimer", id: this.nextTaskId, fireAt: linkFireAt });
      this.open.set(id, {
        scheduledAs: "TimerCreated",
        onAnswer: () => {
          if (timer.isCancelled) return; // a cancelled timer never resolves
          if (linkFireAt.getTime() < final.getTime()) scheduleLink();
          else timer.complete();
        },
      });
    };
    scheduleLink();
    return timer;
  }

  /** With a timeout, a durable timer races the event; the loser is withdrawn (the waiter) or cancelled (the timer). */
  waitForExternalEvent<T>(name: string, options: ExternalEventOptions = {}): Task<T> {
    const timeoutInMs = options.timeoutInMs;
    if (timeoutInMs !== undefined && !(timeoutInMs >= 0)) throw new RangeError("waitForExternalEvent's timeoutInMs must be a number ≥ 0");
    const task = this.externalEvents.wait<T>(name);
    if (timeoutInMs === undefined || task.isCompleted) return task;
    const timedOut = () => {
      if (this.externalEvents.withdraw(name, task as Task<unknown>)) {
        task.fail(new TimeoutError(`Timed out after ${timeoutInMs} ms waiting for the external event '${name}'`));
      }
    };
    if (timeoutInMs === 0) {
      timedOut();
      return task;
    }
    const timer = this.createTimer(timeoutInMs);
    timer.onSettled(timedOut);
    task.onSettled(() => {
      if (!timer.isCompleted) timer.cancel();
    });
    return task;
  }

  /** @internal Hands an EventRaised to a waiter for its name, or buffers it. */
  raiseEvent(event: EventRaisedEvent): void {
    this.externalEvents.raise(event);
  }

  /** @internal Events raised that no one consumed, in arrival order (for continue-as-new). */
  unconsumedEvents(): EventRaisedEvent[] {
    return this.externalEvents.unconsumed();
  }

  whenAll<T>(tasks: Task<T>[]): Task<T[]> {
    return new WhenAllTask(tasks);
  }

  whenAny<T>(tasks: Task<T>[]): Task<Task<T>> {
    return new WhenAnyTask(tasks);
  }

  continueAsNew(input: unknown, preserveUnprocessedEvents = false): void {
    stringifyPayload(input); // refuse what cannot be carried now, where the caller can see it
    this.continueAsNewRequest = { input, preserveUnprocessedEvents };
  }

  setCustomStatus(value: unknown): void {
    const text = stringifyPayload(value);
    // The Instances row keeps it inline (the original never spills it); Durable Functions refuses over 16 KB.
    if (text !== undefined && text.length * 2 > MAX_CUSTOM_STATUS_BYTES) {
      throw new PayloadTooLargeError(
        `The custom status is ${text.length * 2} bytes as UTF-16; at most ${MAX_CUSTOM_STATUS_BYTES} are allowed (Durable Functions' 16 KB limit)`,
      );
    }
    this.customStatus = text;
  }

  sendEvent(instanceId: string, eventName: string, eventData?: unknown): void {
    this.take({ kind: "SendEvent", id: this.nextTaskId, instanceId, name: eventName, input: stringifyPayload(eventData) });
  }

  /** Microsoft.DurableTask's NewGuid: UUID v5 of `{instanceId}_{currentUtcDateTime as .NET "o"}_{counter}`. */
  newGuid(): string {
    return uuidV5(`${this.instanceId}_${dotNetRoundTripTime(this.currentUtcDateTime)}_${this.guidCounter++}`);
  }

  signalEntity(entityId: EntityId | string, operationName: string, input?: unknown): void {
    this.entities.signal(entityId, operationName, input);
  }

  callEntity<T>(entityId: EntityId | string, operationName: string, input?: unknown): Task<T> {
    return this.entities.call<T>(entityId, operationName, input);
  }

  lockEntities(...entityIds: (EntityId | string)[]): Task<EntityLock> {
    return this.entities.lock(entityIds);
  }

  /** @internal At the orchestration's end: releases held entity locks; returns the actions that takes. */
  releaseEntityLocks(): OrchestratorAction[] {
    const firstId = this.nextTaskId;
    this.entities.releaseAll();
    return [...this.unrecorded.values()].filter((action) => action.id >= firstId);
  }

  /** Records an action under the next task id. */
  private take(action: OrchestratorAction): number {
    const id = this.nextTaskId++;
    if ("input" in action && action.input === undefined) delete action.input; // absent, not undefined
    this.unrecorded.set(id, action);
    return id;
  }

  private schedule<T>(action: Extract<OrchestratorAction, { kind: "ScheduleTask" | "CreateSubOrchestration" }>): Task<T> {
    const id = this.take(action);
    const task = new Task<T>();
    const isActivity = action.kind === "ScheduleTask";
    this.open.set(id, {
      scheduledAs: isActivity ? "TaskScheduled" : "SubOrchestrationInstanceCreated",
      onAnswer: (event) => {
        if (event.eventType === "TaskCompleted" || event.eventType === "SubOrchestrationInstanceCompleted") {
          settleWithPayload(task, event.result);
        } else if (event.eventType === "TaskFailed" || event.eventType === "SubOrchestrationInstanceFailed") {
          const details: FailureDetails = event.failureDetails ?? failureFromReason(event.reason, event.details);
          const what = isActivity ? "Activity" : "Sub-orchestration";
          task.fail(new TaskFailedError(`${what} '${action.name}' (task ${id}) failed: ${details.message}`, details, id));
        }
      },
    });
    return task;
  }

  /** Runs attempts until one succeeds or the policy gives up; each retry waits on a durable timer. */
  private withRetry<T>(policy: RetryPolicy, attempt: () => Task<T>): Task<T> {
    validateRetryPolicy(policy);
    const outcome = new Task<T>();
    const firstAttemptAt = this.currentUtcDateTime.getTime();
    let attempts = 0;
    const tryOnce = () => {
      attempts++;
      const task = attempt();
      task.onSettled(() => {
        if (!task.isFaulted) return outcome.complete(task.result as T);
        const error = task.error as TaskFailedError;
        const elapsed = this.currentUtcDateTime.getTime() - firstAttemptAt;
        const delay = nextRetryDelayInMs(policy, attempts, error, elapsed);
        if (delay === undefined) outcome.fail(error);
        else this.createTimer(delay).onSettled(tryOnce);
      });
    };
    tryOnce();
    return outcome;
  }
}

/** A child's id when the caller names none; without an execution id (a start from elsewhere) the task id alone. */
export function defaultSubOrchestrationId(instanceId: string, executionId: string, taskId: number): string {
  const suffix = taskId.toString(16).padStart(4, "0");
  return executionId ? `${instanceId}:${executionId}:${suffix}` : `${instanceId}:${suffix}`;
}

/** The original's older records carry only Reason and Details, not FailureDetails. */
function failureFromReason(reason: string | undefined, details: string | undefined): FailureDetails {
  const failure: FailureDetails = { errorType: "Error", message: reason ?? "" };
  if (details !== undefined) failure.stackTrace = details;
  return failure;
}

function settleWithPayload<T>(task: Task<T>, text: string | undefined): void {
  let value: T;
  try {
    value = parsePayload(text) as T;
  } catch (error) {
    return task.fail(error as Error);
  }
  task.complete(value);
}
