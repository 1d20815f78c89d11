// Tasks made without a context: what `df.app.activity(...)` and `df.app.orchestration(...)` return, called as
// `yield sayHello("Tokyo")` or `.withRetry(options)`. They are scheduled when first yielded or passed to
// Task.all/any, and then read through to the dtfx task that runs them.
import type { RetryOptions } from "./retry-options.js";

/** The dtfx task behind a registered task, once scheduled (read by shape: it comes from dtfx's core). */
interface ScheduledTask {
  readonly isCompleted: boolean;
  readonly isFaulted: boolean;
  readonly result?: unknown;
}

abstract class RegisteredTask {
  /** @internal */ scheduled?: ScheduledTask;
  protected retryOptions?: RetryOptions;

  get isCompleted(): boolean {
    return this.scheduled?.isCompleted ?? false;
  }
  get isFaulted(): boolean {
    return this.scheduled?.isFaulted ?? false;
  }
  get result(): unknown {
    return this.scheduled?.result;
  }
  /** @internal */ get retry(): RetryOptions | undefined {
    return this.retryOptions;
  }
}

export class RegisteredActivityTask extends RegisteredTask {
  constructor(
    readonly activityName: string,
    readonly input?: unknown,
  ) {
    super();
  }

  withRetry(retryOptions: RetryOptions): RegisteredActivityTask {
    const task = new RegisteredActivityTask(this.activityName, this.input);
    task.retryOptions = retryOptions;
    return task;
  }
}

export class RegisteredOrchestrationTask extends RegisteredTask {
  constructor(
    readonly orchestrationName: string,
    readonly input?: unknown,
    readonly instanceId?: string,
  ) {
    super();
  }

  withRetry(retryOptions: RetryOptions): RegisteredOrchestrationTask {
    const task = new RegisteredOrchestrationTask(this.orchestrationName, this.input, this.instanceId);
    task.retryOptions = retryOptions;
    return task;
  }
}
