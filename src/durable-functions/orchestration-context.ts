// `context.df` in an orchestrator: the durable-functions DurableOrchestrationContext over dtfx's
// OrchestrationContext. Tasks are dtfx's own (so `Task.any` hands back the very object the code holds); what the
// package names differently (isCanceled, RetryOptions, EntityId, locks) is translated here.
import type { EntityLock, OrchestrationContext, Task as CoreTask, TimerTask } from "../core/index.js";
import { DurableLock, EntityId, LockState, schedulerIdOf } from "./entity-id.js";
import { LockingRulesViolationError, NotSupportedByDtfxError } from "./errors.js";
import { deterministicGuid } from "./guid.js";
import type { RegisteredActivityTask, RegisteredOrchestrationTask } from "./registered-tasks.js";
import { toRetryPolicy, type RetryOptions } from "./retry-options.js";
import { TaskTranslations } from "./task-translations.js";

/** A task as orchestrator code sees it (the package's Task interface). */
export interface Task {
  readonly isCompleted: boolean;
  readonly isFaulted: boolean;
  readonly result?: unknown;
}

/** A durable timer with the package's spelling of its cancellation state. */
export interface DurableTimerTask extends Task {
  readonly isCanceled: boolean;
  cancel(): void;
}

interface HeldLock {
  ids: string[];
  ownedLocks: EntityId[];
  inFlight: Set<string>;
  core?: EntityLock;
}

export class DurableOrchestrationContext {
  /** @internal How yielded values become dtfx tasks and results and errors come back. */
  readonly translations = new TaskTranslations();
  readonly Task = {
    all: (tasks: Task[]): Task => this.ctx.whenAll(this.childTasks(tasks, "Task.all")),
    any: (tasks: Task[]): Task => {
      const children = this.childTasks(tasks, "Task.any");
      const winner = this.ctx.whenAny(children);
      // The winner is the object the caller passed in (a registered task stands for its scheduled task).
      this.translations.mapResult(winner, (child) => tasks[children.indexOf(child as CoreTask<unknown>)] ?? child);
      return winner;
    },
  };
  private customStatusValue: unknown;
  private guidCounter = 0;
  private held?: HeldLock;

  constructor(
    private readonly ctx: OrchestrationContext,
    private readonly input: unknown,
  ) {}

  get instanceId(): string {
    return this.ctx.instanceId;
  }
  get parentInstanceId(): string | undefined {
    return this.ctx.parentInstance?.orchestrationInstance.instanceId;
  }
  get version(): string | undefined {
    return (this.ctx as { version?: string }).version;
  }
  get isReplaying(): boolean {
    return this.ctx.isReplaying;
  }
  get currentUtcDateTime(): Date {
    return this.ctx.currentUtcDateTime;
  }
  get customStatus(): unknown {
    return this.customStatusValue;
  }

  getInput<T = unknown>(): T {
    return this.input as T;
  }

  callActivity(name: string, input?: unknown): Task {
    requireName(name, "name");
    return this.translations.named(this.ctx.callActivity(name, input), name);
  }

  callActivityWithRetry(name: string, retryOptions: RetryOptions, input?: unknown): Task {
    requireName(name, "name");
    return this.translations.named(this.ctx.callActivity(name, input, { retry: toRetryPolicy(retryOptions) }), name);
  }

  callSubOrchestrator(name: string, input?: unknown, instanceId?: string, version?: string): Task {
    return this.subOrchestration(name, input, instanceId, version);
  }

  callSubOrchestratorWithRetry(name: string, retryOptions: RetryOptions, input?: unknown, instanceId?: string, version?: string): Task {
    return this.subOrchestration(name, input, instanceId, version, retryOptions);
  }

  callHttp(_options: unknown): Task {
    throw new NotSupportedByDtfxError("callHttp is not supported by dtfx (it needs the Functions host's durable HTTP): make the request in an activity");
  }

  callEntity(entityId: EntityId, operationName: string, operationInput?: unknown): Task {
    const target = schedulerIdOf(entityId);
    if (this.held) {
      if (!this.held.ids.includes(target)) throw new LockingRulesViolationError("Must not call an entity that is not locked from inside a critical section.");
      if (this.held.inFlight.has(target)) throw new LockingRulesViolationError("Must not call the same locked entity in parallel from inside a critical section.");
      const inFlight = this.held.inFlight;
      inFlight.add(target);
      const task = this.ctx.callEntity(target, operationName, operationInput);
      task.onSettled(() => inFlight.delete(target));
      return task;
    }
    return this.ctx.callEntity(target, operationName, operationInput);
  }

  signalEntity(entityId: EntityId, operationName: string, operationInput?: unknown): void {
    const target = schedulerIdOf(entityId);
    if (this.held?.ids.includes(target)) throw new LockingRulesViolationError("Must not signal a locked entity from inside a critical section.");
    this.ctx.signalEntity(target, operationName, operationInput);
  }

  /** A critical section over the entities (`lock(a, b)` or `lock([a, b])`); yields a DurableLock. */
  lock(...entities: (EntityId | EntityId[])[]): Task {
    const list = entities.length === 1 && Array.isArray(entities[0]) ? entities[0] : (entities as EntityId[]);
    if (list.length === 0) throw new RangeError("lock: Expected at least one EntityId");
    if (this.held) throw new LockingRulesViolationError("Must not enter another critical section from within a critical section.");
    const byId = new Map(list.map((e) => [schedulerIdOf(e), e] as const));
    const ids = [...byId.keys()].sort();
    const held: HeldLock = { ids, ownedLocks: ids.map((id) => EntityId.getEntityIdFromSchedulerId(id)), inFlight: new Set() };
    this.held = held;
    const task = this.ctx.lockEntities(...ids);
    this.translations.mapResult(task, (core) => {
      held.core = core as EntityLock;
      return new DurableLock(held.ownedLocks, () => this.release(held));
    });
    return task;
  }

  isLocked(): LockState {
    return this.held ? new LockState(true, [...this.held.ownedLocks]) : new LockState(false, []);
  }

  continueAsNew(input: unknown): void {
    this.ctx.continueAsNew(input);
  }

  /** A durable timer that fires at `fireAt` (a Date; anything with toDate(), or epoch milliseconds). */
  createTimer(fireAt: Date): DurableTimerTask {
    const timer: TimerTask = this.ctx.createTimer(toDate(fireAt));
    if (!("isCanceled" in timer)) Object.defineProperty(timer, "isCanceled", { get: () => timer.isCancelled });
    return timer as unknown as DurableTimerTask;
  }

  newGuid(instanceId: string): string {
    requireName(instanceId, "instanceId");
    return deterministicGuid(`${instanceId}_${this.ctx.currentUtcDateTime.valueOf()}_${this.guidCounter++}`);
  }

  setCustomStatus(customStatusObject: unknown): void {
    this.customStatusValue = customStatusObject;
    this.ctx.setCustomStatus(customStatusObject);
  }

  waitForExternalEvent(name: string): Task {
    requireName(name, "name");
    return this.ctx.waitForExternalEvent(name);
  }

  /** @internal The dtfx task for a yielded value: a task, or a registered task scheduled now. */
  toTask(value: unknown): CoreTask<unknown> {
    if (isCoreTask(value)) return value;
    const registered = value as Partial<RegisteredActivityTask & RegisteredOrchestrationTask> | null;
    if (registered && typeof registered === "object" && (registered.activityName || registered.orchestrationName)) {
      if (!registered.scheduled) {
        registered.scheduled = registered.activityName
          ? (registered.retry ? this.callActivityWithRetry(registered.activityName, registered.retry, registered.input) : this.callActivity(registered.activityName, registered.input))
          : this.subOrchestration(registered.orchestrationName!, registered.input, registered.instanceId, undefined, registered.retry);
      }
      return registered.scheduled as CoreTask<unknown>;
    }
    const what = value === null ? "null" : typeof (value as PromiseLike<unknown>)?.then === "function" ? "a promise" : typeof value;
    throw new TypeError(`Orchestrators must yield tasks from context.df (callActivity, createTimer, Task.all, …), not ${what}`);
  }

  private subOrchestration(name: string, input: unknown, instanceId?: string, version?: string, retryOptions?: RetryOptions): CoreTask<unknown> {
    requireName(name, "name");
    if (this.held) throw new LockingRulesViolationError("Must not call a sub-orchestrator from inside a critical section.");
    const options = {
      ...(instanceId !== undefined ? { instanceId } : {}),
      ...(version !== undefined ? { version } : {}),
      ...(retryOptions ? { retry: toRetryPolicy(retryOptions) } : {}),
    };
    return this.translations.named(this.ctx.callSubOrchestrator(name, input, options), name);
  }

  private childTasks(tasks: Task[], what: string): CoreTask<unknown>[] {
    if (!Array.isArray(tasks)) throw new TypeError(`${what}: Expected an array of tasks`);
    return tasks.map((t) => this.toTask(t));
  }

  private release(held: HeldLock): void {
    if (this.held !== held) return;
    held.core?.release();
    this.held = undefined;
  }
}

function isCoreTask(value: unknown): value is CoreTask<unknown> {
  return typeof value === "object" && value !== null && typeof (value as CoreTask<unknown>).onSettled === "function" && "isCompleted" in value;
}

function requireName(value: unknown, field: string): void {
  if (typeof value !== "string" || value.trim() === "") throw new TypeError(`${field}: Expected non-empty, non-whitespace string but got ${typeof value}`);
}

function toDate(fireAt: unknown): Date {
  if (fireAt instanceof Date) return fireAt;
  if (typeof fireAt === "number") return new Date(fireAt);
  if (fireAt && typeof (fireAt as { toDate?: unknown }).toDate === "function") return (fireAt as { toDate(): Date }).toDate();
  throw new TypeError("createTimer(fireAt): Expected a Date");
}
