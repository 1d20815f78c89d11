// How failed activities and sub-orchestrations are retried: attempts, exponential backoff on durable timers,
// an overall timeout, and a predicate that may refuse to retry a given failure (DurableTask.Core's RetryOptions).
import type { TaskFailedError } from "./errors.js";

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxNumberOfAttempts: number;
  firstRetryIntervalInMs: number;
  /** The delay grows by this factor after each retry (default 1: a constant delay). */
  backoffCoefficient?: number;
  maxRetryIntervalInMs?: number;
  /** Measured from the first attempt's start: once it has passed, no further retry starts. */
  retryTimeoutInMs?: number;
  /** Return false to stop retrying this failure. A handle() that throws counts as false, as in DurableTask.Core. */
  handle?(error: TaskFailedError): boolean;
}

export function validateRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxNumberOfAttempts) || policy.maxNumberOfAttempts < 1) {
    throw new RangeError("retry.maxNumberOfAttempts must be a whole number of at least 1");
  }
  if (!(policy.firstRetryIntervalInMs > 0)) throw new RangeError("retry.firstRetryIntervalInMs must be positive");
  if (policy.backoffCoefficient !== undefined && !(policy.backoffCoefficient >= 1)) {
    throw new RangeError("retry.backoffCoefficient must be at least 1");
  }
  if (policy.maxRetryIntervalInMs !== undefined && !(policy.maxRetryIntervalInMs > 0)) {
    throw new RangeError("retry.maxRetryIntervalInMs must be positive");
  }
}

/**
 * The delay before the next attempt after `attempt` attempts failed (1-based), or undefined when no retry
 * should happen: attempts used up, a non-retriable failure, `handle` refused, or the timeout has passed.
 */
export function nextRetryDelayInMs(
  policy: RetryPolicy,
  attempt: number,
  error: TaskFailedError,
  elapsedInMs: number,
): number | undefined {
  if (attempt >= policy.maxNumberOfAttempts) return undefined;
  if (error.failureDetails.isNonRetriable) return undefined;
  if (!handles(policy, error)) return undefined;
  // Like DurableTask.Core's RetryInterceptor: retry while the first attempt began less than the timeout ago.
  if (policy.retryTimeoutInMs !== undefined && elapsedInMs >= policy.retryTimeoutInMs) return undefined;
  const delay = policy.firstRetryIntervalInMs * (policy.backoffCoefficient ?? 1) ** (attempt - 1);
  return Math.min(delay, policy.maxRetryIntervalInMs ?? Number.POSITIVE_INFINITY);
}

function handles(policy: RetryPolicy, error: TaskFailedError): boolean {
  if (!policy.handle) return true;
  try {
    return policy.handle(error) !== false;
  } catch {
    return false;
  }
}
