// The durable-functions package's error classes. Both builds of this module (ESM and CommonJS) may meet in
// one process, so `instanceof` checks a brand rather than the class object.
const BRAND = Symbol.for("dtfx.durable-functions.errorKind");

function hasKind(value: unknown, kind: string): boolean {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: string[] })[BRAND]?.includes(kind) === true;
}

function brand(error: Error, kinds: string[]): void {
  Object.defineProperty(error, BRAND, { value: kinds, configurable: true });
}

/** An error of the durable-functions library itself. */
export class DurableError extends Error {
  constructor(message: string | undefined) {
    super(message);
    this.name = "DurableError";
    brand(this, ["DurableError"]);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, "DurableError");
  }
}

/** What dtfx cannot do that the durable-functions package does (with the Functions host behind it). */
export class NotSupportedByDtfxError extends DurableError {
  constructor(message: string) {
    super(message);
    this.name = "NotSupportedByDtfxError";
    brand(this, ["DurableError", "NotSupportedByDtfxError"]);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, "NotSupportedByDtfxError");
  }
}

/** Structured details of a failed activity, sub-orchestration or entity operation (durable-functions 3.x). */
export interface FailureDetails {
  errorType: string;
  errorMessage: string;
  stackTrace?: string;
  isNonRetriable: boolean;
  properties?: Record<string, unknown>;
  innerFailure?: FailureDetails;
  isCausedBy(errorType: string): boolean;
}

/** Thrown at `yield` when an activity or sub-orchestration failed; the message is `${errorType}: ${errorMessage}`. */
export class TaskFailedError extends Error {
  readonly failureDetails: FailureDetails;
  readonly taskName?: string;
  readonly taskId?: number;

  constructor(failureDetails: FailureDetails, taskName?: string, taskId?: number) {
    super(`${failureDetails.errorType}: ${failureDetails.errorMessage}`);
    this.name = "TaskFailedError";
    this.failureDetails = failureDetails;
    this.taskName = taskName;
    this.taskId = taskId;
    if (failureDetails.stackTrace) this.stack = failureDetails.stackTrace;
    brand(this, ["TaskFailedError"]);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, "TaskFailedError");
  }
}

/** Thrown by `lock` and entity calls that break the critical-section rules. */
export class LockingRulesViolationError extends Error {
  static readonly code = "LOCKING_RULES_VIOLATION";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LockingRulesViolationError";
    brand(this, ["LockingRulesViolationError"]);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, "LockingRulesViolationError");
  }
}

/** dtfx's own failure details (core) as the package shapes them. */
export function toFailureDetails(details: {
  errorType: string;
  message: string;
  stackTrace?: string;
  isNonRetriable?: boolean;
  innerFailure?: unknown;
}): FailureDetails {
  const result: FailureDetails = {
    errorType: details.errorType,
    errorMessage: details.message,
    stackTrace: details.stackTrace,
    isNonRetriable: details.isNonRetriable ?? false,
    innerFailure: details.innerFailure ? toFailureDetails(details.innerFailure as typeof details) : undefined,
    isCausedBy(errorType: string) {
      for (let current: FailureDetails | undefined = result; current; current = current.innerFailure) {
        if (current.errorType === errorType) return true;
      }
      return false;
    },
  };
  return result;
}
