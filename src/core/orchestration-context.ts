// What orchestrator code sees. Every method records an action with the next task id (or reads one from
// the replayed history); nothing here touches the clock, randomness or I/O.
import type { RetryPolicy } from "./retry-policy.js";
import type { Task, TimerTask } from "./task.js";
import type { ParentInstance } from "./history-events.js";
import type { EntityId } from "./entity-id.js";
import type { EntityLock } from "./entity-calls.js";

export interface ActivityOptions {
  retry?: RetryPolicy;
}

export interface SubOrchestrationOptions {
  /**
   * Defaults to `{parent instance id}:{parent execution id}:{task id in lowercase hex, at least 4 digits}` (e.g.
   * `order-7:9f0c…e1:000a`): deterministic across replays and kept for every retry attempt, and unique per
   * execution, so the children of successive continue-as-new generations never share an id.
   */
  instanceId?: string;
  retry?: RetryPolicy;
  /** The child's version (default: the worker's `versioning.defaultVersion`, if any). */
  version?: string;
}

export interface ExternalEventOptions {
  /**
   * Fail with a `TimeoutError` if no event arrives within this time (a durable timer). The wait is then withdrawn:
   * an event arriving later stays for the next wait for that name. 0 takes only an event that is already there.
   */
  timeoutInMs?: number;
}

export interface OrchestrationContext {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly parentInstance?: ParentInstance;
  /** The execution's version (the original's ExecutionStarted Version), "" when it has none. */
  readonly version: string;
  /** The time of the current episode (the OrchestratorStarted event's), the same on every replay. */
  readonly currentUtcDateTime: Date;
  /** True while the orchestrator re-runs past events (use it to skip logging). */
  readonly isReplaying: boolean;
  /** The logger (console, pino, dtfx's Logger…) with every method silent while replaying: each line once. */
  createReplaySafeLogger<L extends object>(logger: L): L;
  callActivity<T = any>(name: string, input?: unknown, options?: ActivityOptions): Task<T>;
  callSubOrchestrator<T = any>(name: string, input?: unknown, options?: SubOrchestrationOptions): Task<T>;
  /** A durable timer, at a time or after a delay in milliseconds. A cancelled timer never resolves. */
  createTimer(fireAt: Date | number): TimerTask;
  /**
   * The next event of that name. Names match case-insensitively; events raised before anyone waits are kept
   * and handed out first in, first out; an arriving event goes to the newest waiter (as Microsoft.DurableTask).
   */
  waitForExternalEvent<T = any>(name: string, options?: ExternalEventOptions): Task<T>;
  /**
   * Completes with every result, in order. Fails as soon as one task fails, with that task's own error (as
   * durabletask-go/-js/-python and Durable Functions for JavaScript do); the error's `failures` (see
   * WhenAllFailures) lists every failed task's error in the order they failed: the first, those that had
   * failed before, and any failing later, as their results arrive.
   */
  whenAll<T>(tasks: Task<T>[]): Task<T[]>;
  /** Completes with the first task to finish: the same object the caller holds. */
  whenAny<T>(tasks: Task<T>[]): Task<Task<T>>;
  /**
   * Ends this execution and starts a new one with `input`; the orchestrator's return value is then ignored.
   * With `preserveUnprocessedEvents`, events nobody consumed (also those arriving later in the episode) carry over.
   */
  continueAsNew(input: unknown, preserveUnprocessedEvents?: boolean): void;
  setCustomStatus(value: unknown): void;
  sendEvent(instanceId: string, eventName: string, eventData?: unknown): void;
  /** A GUID that is the same on every replay (UUID v5 of instance id, current time and a counter). */
  newGuid(): string;
  /** A one-way operation on an entity. */
  signalEntity(entityId: EntityId | string, operationName: string, input?: unknown): void;
  /** An operation on an entity whose return value (or failure, as TaskFailedError) comes back. */
  callEntity<T = any>(entityId: EntityId | string, operationName: string, input?: unknown): Task<T>;
  /**
   * A critical section: completes once every entity is locked for this orchestration (taken in id order, so two
   * sections cannot deadlock). Other callers' operations on them wait until `release()` or the orchestration ends.
   */
  lockEntities(...entityIds: (EntityId | string)[]): Task<EntityLock>;
}

export type OrchestratorGenerator<TOut = any> = Generator<Task<any>, TOut, any>;

/** An orchestrator: a generator function that yields tasks (or a plain function that returns at once). */
export type Orchestrator<TIn = any, TOut = any> = (
  ctx: OrchestrationContext,
  input: TIn,
) => OrchestratorGenerator<TOut> | TOut;
