// The OrchestrationContext the executor hands to orchestrator code: it numbers and records actions, keeps
// the tasks waiting for history events by task id, and buffers external events by name.
import { dotNetRoundTripTime, uuidV5 } from "./deterministic-guid.js";
import { TaskFailedError } from "./errors.js";
import type { OrchestratorAction } from "./actions.js";
import type { EventRaisedEvent, EventType, HistoryEvent, ParentInstance } from "./history-events.js";
import type { ActivityOptions, OrchestrationContext, SubOrchestrationOptions } from "./orchestration-context.js";
import { parsePayload, stringifyPayload } from "./payload.js";
import { nextRetryDelayInMs, validateRetryPolicy, type RetryPolicy } from "./retry-policy.js";
import { Task, TimerTask, WhenAllTask, WhenAnyTask } from "./task.js";

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

export class ReplayContext implements OrchestrationContext {
  currentUtcDateTime: Date;
  isReplaying = true;
  /** Actions taken in this run and not (yet) matched by a recorded history event, by task id. */
  readonly unrecorded = new Map<number, OrchestratorAction>();
  readonly open = new Map<number, OpenTask>();
  /** Task ids whose answer has been applied: a second answer is a redelivered duplicate. */
  readonly answeredIds = new Set<number>();
  customStatus: unknown = undefined;
  continueAsNewRequest?: ContinueAsNewRequest;
  private nextTaskId = 0;
  private guidCounter = 0;
  private readonly bufferedEvents = new Map<string, EventRaisedEvent[]>();
  private readonly eventWaiters = new Map<string, Task<unknown>[]>();

  constructor(
    readonly instanceId: string,
    readonly executionId: string,
    readonly name: string,
    readonly parentInstance: ParentInstance | undefined,
    startTime: Date,
    private readonly maxTimerIntervalInMs: number,
  ) {
    this.currentUtcDateTime = startTime;
  }

  callActivity<T>(name: string, input?: unknown, options: ActivityOptions = {}): Task<T> {
    const inputText = stringifyPayload(input);
    const attempt = () => this.schedule<T>({ kind: "ScheduleTask", id: this.nextTaskId, name, input: inputText }, "TaskScheduled", name);
    return options.retry ? this.withRetry(options.retry, attempt) : attempt();
  }

  callSubOrchestrator<T>(name: string, input?: unknown, options: SubOrchestrationOptions = {}): Task<T> {
    const inputText = stringifyPayload(input);
    const attempt = () => {
      const id = this.nextTaskId;
      const instanceId = options.instanceId ?? `${this.instanceId}:${id.toString(16).toUpperCase().padStart(4, "0")}`;
      const action: OrchestratorAction = { kind: "CreateSubOrchestration", id, name, instanceId, version: options.version, input: inputText };
      return this.schedule<T>(action, "SubOrchestrationInstanceCreated", name);
    };
    return options.retry ? this.withRetry(options.retry, attempt) : attempt();
  }

  createTimer(fireAt: Date | number): TimerTask {
    const final = typeof fireAt === "number" ? new Date(this.currentUtcDateTime.getTime() + fireAt) : fireAt;
    if (!(final instanceof Date) || Number.isNaN(final.getTime())) throw new TypeError("createTimer needs a Date or a delay in ms");
    const timer = new TimerTask();
    // Timers longer than the maximum become a chain of shorter ones, each its own TimerCreated/TimerFired.
    const scheduleLink = () => {
      const now = this.currentUtcDateTime.getTime();
      const linkFireAt = new Date(Math.min(final.getTime(), now + this.maxTimerIntervalInMs));
      const id = this.take({ kind: "CreateTimer", id: this.nextTaskId, fireAt: linkFireAt });
      this.open.set(id, {
        scheduledAs: "TimerCreated",
        onAnswer: () => {
          if (linkFireAt.getTime() < final.getTime() && !timer.isCancelled) scheduleLink();
          else timer.complete();
        },
      });
    };
    scheduleLink();
    return timer;
  }

  waitForExternalEvent<T>(name: string): Task<T> {
    const key = name.toLowerCase();
    const task = new Task<T>();
    const buffered = this.bufferedEvents.get(key);
    if (buffered?.length) {
      const event = buffered.shift()!;
      this.deliver(task as Task<unknown>, event);
    } else {
      const waiters = this.eventWaiters.get(key) ?? [];
      waiters.push(task as Task<unknown>);
      this.eventWaiters.set(key, waiters);
    }
    return task;
  }

  /** @internal Hands an EventRaised to the first waiter for its name, or buffers it. */
  raiseEvent(event: EventRaisedEvent): void {
    const key = event.name.toLowerCase();
    const waiter = this.eventWaiters.get(key)?.shift();
    if (waiter) this.deliver(waiter, event);
    else this.bufferedEvents.set(key, [...(this.bufferedEvents.get(key) ?? []), event]);
  }

  /** @internal Events raised that no one consumed, in arrival order (for continue-as-new). */
  unconsumedEvents(): EventRaisedEvent[] {
    return [...this.bufferedEvents.values()].flat();
  }

  whenAll<T>(tasks: Task<T>[]): Task<T[]> {
    return new WhenAllTask(tasks);
  }

  whenAny<T>(tasks: Task<T>[]): Task<Task<T>> {
    return new WhenAnyTask(tasks);
  }

  continueAsNew(input: unknown, preserveUnprocessedEvents = false): void {
    stringifyPayload(input); // refuse what cannot be carried, now rather than at completion
    this.continueAsNewRequest = { input, preserveUnprocessedEvents };
  }

  setCustomStatus(value: unknown): void {
    stringifyPayload(value);
    this.customStatus = value;
  }

  sendEvent(instanceId: string, eventName: string, eventData?: unknown): void {
    this.take({ kind: "SendEvent", id: this.nextTaskId, instanceId, name: eventName, input: stringifyPayload(eventData) });
  }

  newGuid(): string {
    const name = `${this.instanceId}_${dotNetRoundTripTime(this.currentUtcDateTime)}_${this.guidCounter++}`;
    return uuidV5(name);
  }

  /** Records an action under the next task id. */
  private take(action: OrchestratorAction): number {
    const id = this.nextTaskId++;
    this.unrecorded.set(id, { ...action, id } as OrchestratorAction);
    return id;
  }

  private schedule<T>(action: OrchestratorAction, scheduledAs: EventType, name: string): Task<T> {
    const id = this.take(action);
    const task = new Task<T>();
    this.open.set(id, {
      scheduledAs,
      onAnswer: (event) => {
        if (event.eventType === "TaskCompleted" || event.eventType === "SubOrchestrationInstanceCompleted") {
          try {
            task.complete(parsePayload(event.result) as T);
          } catch (error) {
            task.fail(error as Error);
          }
        } else if (event.eventType === "TaskFailed" || event.eventType === "SubOrchestrationInstanceFailed") {
          const details = event.failureDetails ?? { errorType: "Error", message: event.reason ?? "", stackTrace: event.details };
          const what = scheduledAs === "TaskScheduled" ? "Activity" : "Sub-orchestration";
          task.fail(new TaskFailedError(`${what} '${name}' (task ${id}) failed: ${details.message}`, details, id));
        }
      },
    });
    return task;
  }

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

  private deliver(task: Task<unknown>, event: EventRaisedEvent): void {
    try {
      task.complete(parsePayload(event.input));
    } catch (error) {
      task.fail(error as Error);
    }
  }
}
