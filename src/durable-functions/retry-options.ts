// durable-functions' RetryOptions(firstRetryIntervalInMilliseconds, maxNumberOfAttempts) with its optional
// backoff, maximum interval and timeout, and how they become a dtfx RetryPolicy.
import type { RetryPolicy } from "../core/index.js";

export class RetryOptions {
  /** The retry backoff coefficient (default 1: the same interval every time). */
  backoffCoefficient = 1;
  /** The longest interval between attempts (ms); unset means no limit. */
  maxRetryIntervalInMilliseconds?: number;
  /** No retry starts once this long (ms) has passed since the first attempt; unset means no limit. */
  retryTimeoutInMilliseconds?: number;

  constructor(
    readonly firstRetryIntervalInMilliseconds: number,
    readonly maxNumberOfAttempts: number,
  ) {
    if (typeof firstRetryIntervalInMilliseconds !== "number" || Number.isNaN(firstRetryIntervalInMilliseconds)) {
      throw new TypeError(`firstRetryIntervalInMilliseconds: Expected number but got ${typeof firstRetryIntervalInMilliseconds}`);
    }
    if (typeof maxNumberOfAttempts !== "number" || Number.isNaN(maxNumberOfAttempts)) {
      throw new TypeError(`maxNumberOfAttempts: Expected number but got ${typeof maxNumberOfAttempts}`);
    }
    if (firstRetryIntervalInMilliseconds <= 0) throw new RangeError("firstRetryIntervalInMilliseconds value must be greater than 0.");
  }
}

/** The options (from either build of this module, so read by shape) as the RetryPolicy dtfx runs. */
export function toRetryPolicy(options: RetryOptions): RetryPolicy {
  if (typeof options !== "object" || options === null || typeof options.firstRetryIntervalInMilliseconds !== "number") {
    throw new TypeError("retryOptions: Expected a RetryOptions object (new df.RetryOptions(firstRetryIntervalInMilliseconds, maxNumberOfAttempts))");
  }
  const policy: RetryPolicy = {
    firstRetryIntervalInMs: options.firstRetryIntervalInMilliseconds,
    maxNumberOfAttempts: options.maxNumberOfAttempts,
    backoffCoefficient: options.backoffCoefficient ?? 1,
  };
  // Unset or non-positive limits mean "none", as DurableTask.Core treats TimeSpan.MaxValue.
  if (options.maxRetryIntervalInMilliseconds && options.maxRetryIntervalInMilliseconds > 0) {
    policy.maxRetryIntervalInMs = options.maxRetryIntervalInMilliseconds;
  }
  if (options.retryTimeoutInMilliseconds && options.retryTimeoutInMilliseconds > 0) {
    policy.retryTimeoutInMs = options.retryTimeoutInMilliseconds;
  }
  return policy;
}
