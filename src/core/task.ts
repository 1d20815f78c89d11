// Durable tasks: what an orchestrator yields. A task completes when replay reaches the event that answers it;
// composite tasks (whenAll, whenAny) complete from their children. Completion is synchronous and ordered by
// history, which is what makes replay deterministic.

type Listener = (task: Task<unknown>) => void;

export class Task<T> {
  private state: "pending" | "completed" | "failed" = "pending";
  private value?: T;
  private failure?: Error;
  private listeners: Listener[] = [];

  get isCompleted(): boolean {
    return this.state !== "pending";
  }

  get isFaulted(): boolean {
    return this.state === "failed";
  }

  /** The result once completed successfully (undefined before). */
  get result(): T | undefined {
    return this.value;
  }

  /** The error once failed (undefined otherwise). */
  get error(): Error | undefined {
    return this.failure;
  }

  /** @internal Settles the task with a result; later settlements are ignored. */
  complete(value: T): void {
    if (this.isCompleted) return;
    this.state = "completed";
    this.value = value;
    this.notify();
  }

  /** @internal Settles the task with an error. */
  fail(error: Error): void {
    if (this.isCompleted) return;
    this.state = "failed";
    this.failure = error;
    this.notify();
  }

  /** @internal Calls `listener` when the task settles (at once if it already has). */
  onSettled(listener: Listener): void {
    if (this.isCompleted) listener(this as Task<unknown>);
    else this.listeners.push(listener);
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener(this as Task<unknown>);
  }
}

/** A durable timer; cancelling it lets the orchestration finish without waiting for it. */
export class TimerTask extends Task<void> {
  private cancelled = false;

  get isCancelled(): boolean {
    return this.cancelled;
  }

  cancel(): void {
    if (this.isCompleted) throw new Error("A timer that has fired cannot be cancelled");
    this.cancelled = true;
  }
}

/** What the error a whenAll fails with carries besides its own fields. */
export interface WhenAllFailures {
  /** Every failed task's error, in the order they failed, the thrown one first; later failures join as they arrive. */
  readonly failures: readonly Error[];
}

/** Completes with every child's result, in order; fails at the first child failure, with that child's error. */
export class WhenAllTask<T> extends Task<T[]> {
  private readonly failures: Error[] = [];

  constructor(readonly children: Task<T>[]) {
    super();
    let remaining = children.length;
    if (remaining === 0) this.complete([]);
    for (const child of children) {
      child.onSettled(() => {
        if (child.isFaulted) this.childFailed(child.error!);
        else if (--remaining === 0) this.complete(children.map((c) => c.result as T));
      });
    }
  }

  private childFailed(error: Error): void {
    this.failures.push(error);
    if (this.isCompleted) return;
    const failures = this.failures;
    // Not enumerable: the error's FailureDetails and JSON stay what they were.
    if (!Object.prototype.hasOwnProperty.call(error, "failures") && Object.isExtensible(error)) {
      Object.defineProperty(error, "failures", { get: () => [...failures], enumerable: false, configurable: true });
    }
    this.fail(error);
  }
}

/** Completes with the first child to settle (the child task itself, whether it succeeded or failed). */
export class WhenAnyTask<T> extends Task<Task<T>> {
  constructor(readonly children: Task<T>[]) {
    super();
    if (children.length === 0) throw new TypeError("whenAny needs at least one task");
    for (const child of children) child.onSettled(() => this.complete(child));
  }
}
