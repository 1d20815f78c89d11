// What comes back at `yield`, as the package shapes it: results some tasks translate (Task.any's winner, a
// lock), and dtfx's TaskFailedError as the package's TaskFailedError (with the failed task's name).
import { TaskFailedError, toFailureDetails } from "./errors.js";

type CoreFailure = Error & { failureDetails: Parameters<typeof toFailureDetails>[0]; taskId?: number };

export class TaskTranslations {
  private readonly names = new WeakMap<object, string>();
  private readonly results = new WeakMap<object, (value: unknown) => unknown>();

  /** Remembers the activity or orchestrator a task calls, for the error it may fail with. */
  named<T extends object>(task: T, name: string): T {
    this.names.set(task, name);
    return task;
  }

  mapResult(task: object, map: (value: unknown) => unknown): void {
    this.results.set(task, map);
  }

  resultOf(task: object, value: unknown): unknown {
    const map = this.results.get(task);
    return map ? map(value) : value;
  }

  errorOf(task: object, error: unknown): unknown {
    if (!isCoreFailure(error)) return error;
    const name = this.names.get(task) ?? this.failedChildName(task, error);
    const translated = new TaskFailedError(toFailureDetails(error.failureDetails), name, error.taskId);
    return translated;
  }

  /** For Task.all: the name of the child that failed with this error. */
  private failedChildName(task: object, error: CoreFailure): string | undefined {
    const children = (task as { children?: { error?: unknown }[] }).children ?? [];
    const child = children.find((c) => c.error === error);
    return child ? this.names.get(child) : undefined;
  }
}

function isCoreFailure(error: unknown): error is CoreFailure {
  return error instanceof Error && error.name === "TaskFailedError" && typeof (error as CoreFailure).failureDetails?.errorType === "string"
    && typeof (error as CoreFailure).failureDetails.message === "string";
}
