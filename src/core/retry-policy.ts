// How failed activities and sub-orchestrations are retried: attempts, exponential backoff on durable timers,
// an overall timeout, and a predicate that may refuse to retry a given failure.
import type { TaskFailedError } from "./errors.js";

export interface RetryPolicy {
  maxNumberOfAttempts: number;
  firstRetryIntervalInMs: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMs?: number;
  /** Measured from the first attempt's start; no retry starts after it. */
  retryTimeoutInMs?: number;
  /** Return false to stop retrying this failure. */
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
}

/**
 * The delay before the next attempt after `attempt` attempts failed (1-based), or undefined when no retry
 * should happen: attempts used up, the timeout passed, or `handle` refused.
 */
export function nextRetryDelayInMs(
  policy: RetryPolicy,
  attempt: number,
  error: TaskFailedError,
  elapsedInMs: number,
): number | undefined {
  if (attempt >= policy.maxNumberOfAttempts) return undefined;
  if (policy.handle && !policy.handle(error)) return undefined;
  const raw = policy.firstRetryIntervalInMs * (policy.backoffCoefficient ?? 1) ** (attempt - 1);
  const delay = Math.min(raw, policy.maxRetryIntervalInMs ?? Number.POSITIVE_INFINITY);
  if (policy.retryTimeoutInMs !== undefined && elapsedInMs + delay > policy.retryTimeoutInMs) return undefined;
  return delay;
}
