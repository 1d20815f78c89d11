import { describe, expect, it } from "vitest";
import { TaskFailedError, execute, nextRetryDelayInMs, type OrchestrationContext, type RetryPolicy } from "../../src/core/index.js";
import { drive, ev, respondWith } from "./history-builders.js";

const failure = (isNonRetriable?: boolean) =>
  new TaskFailedError("failed", { errorType: "Error", message: "failed", ...(isNonRetriable ? { isNonRetriable } : {}) });

describe("nextRetryDelayInMs", () => {
  const policy: RetryPolicy = { maxNumberOfAttempts: 5, firstRetryIntervalInMs: 100, backoffCoefficient: 3 };

  it("grows the delay by the coefficient after each attempt, capped by maxRetryIntervalInMs", () => {
    expect([1, 2, 3, 4].map((attempt) => nextRetryDelayInMs(policy, attempt, failure(), 0))).toEqual([100, 300, 900, 2700]);
    expect(nextRetryDelayInMs({ ...policy, maxRetryIntervalInMs: 500 }, 3, failure(), 0)).toBe(500);
    expect(nextRetryDelayInMs({ maxNumberOfAttempts: 3, firstRetryIntervalInMs: 50 }, 2, failure(), 0)).toBe(50);
  });

  it("stops when attempts are used up, the failure is non-retriable, or handle() refuses or throws", () => {
    expect(nextRetryDelayInMs(policy, 5, failure(), 0)).toBeUndefined();
    expect(nextRetryDelayInMs(policy, 1, failure(true), 0)).toBeUndefined();
    expect(nextRetryDelayInMs({ ...policy, handle: () => false }, 1, failure(), 0)).toBeUndefined();
    const throwing = { ...policy, handle: () => { throw new Error("bug in handle"); } };
    expect(nextRetryDelayInMs(throwing, 1, failure(), 0)).toBeUndefined();
  });

  it("retries while less than retryTimeoutInMs has passed since the first attempt, whatever the next delay", () => {
    const timed = { ...policy, retryTimeoutInMs: 1000 };
    expect(nextRetryDelayInMs(timed, 1, failure(), 999)).toBe(100);
    expect(nextRetryDelayInMs(timed, 4, failure(), 999)).toBe(2700);
    expect(nextRetryDelayInMs(timed, 1, failure(), 1000)).toBeUndefined();
  });
});

describe("retries in an orchestration", () => {
  const alwaysFails = respondWith(() => {
    throw new TypeError("nope");
  });

  function* retried(ctx: OrchestrationContext, policy: RetryPolicy): Generator<any, unknown, any> {
    try {
      return yield ctx.callActivity("Flaky", undefined, { retry: policy });
    } catch (error) {
      return `${(error as Error).name}: ${(error as TaskFailedError).failureDetails.errorType}`;
    }
  }

  it("counts attempts against the timeout with the episodes' clock", () => {
    // The drive clock moves 1 s per episode: attempt 1 fails at 1 s (retry), attempt 2 at 3 s (past the 1.5 s timeout).
    const { result, history } = drive((ctx) => retried(ctx, { maxNumberOfAttempts: 9, firstRetryIntervalInMs: 1000, retryTimeoutInMs: 1500 }), undefined, alwaysFails);
    expect(result.output).toBe('"TaskFailedError: TypeError"');
    expect(history.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(2);
  });

  it("does not retry when handle() throws, and surfaces the task's own failure", () => {
    const policy = { maxNumberOfAttempts: 3, firstRetryIntervalInMs: 10, handle: () => { throw new Error("bug"); } };
    const { result, history } = drive((ctx) => retried(ctx, policy), undefined, alwaysFails);
    expect(result.output).toBe('"TaskFailedError: TypeError"');
    expect(history.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(1);
  });

  it("retries sub-orchestrations with the same child instance id on a fresh task id", () => {
    function* parent(ctx: OrchestrationContext): Generator<any, unknown, any> {
      return yield ctx.callSubOrchestrator("Child", undefined, { instanceId: "child", retry: { maxNumberOfAttempts: 2, firstRetryIntervalInMs: 1000 } });
    }
    const failed = { eventType: "SubOrchestrationInstanceFailed", eventId: -1, timestamp: ev.orchestratorStarted().timestamp, taskScheduledId: 0, failureDetails: { errorType: "E", message: "m" } } as const;
    const past = [ev.orchestratorStarted(), ev.started("P"), ev.subCreated(0, "Child", "child")];
    const retry = execute(parent, past, [ev.orchestratorStarted(1000), failed]);
    expect(retry.actions).toMatchObject([{ kind: "CreateTimer", id: 1 }]);
    const again = execute(parent, [...past, ev.orchestratorStarted(1000), failed, ev.timerCreated(1, 2000)], [ev.orchestratorStarted(2000), ev.timerFired(1, 2000)]);
    expect(again.actions).toEqual([{ kind: "CreateSubOrchestration", id: 2, name: "Child", instanceId: "child" }]);
  });

  it("rejects an invalid policy in the orchestrator, where it can be caught", () => {
    function* invalid(ctx: OrchestrationContext): Generator<any, unknown, any> {
      try {
        ctx.callActivity("A", undefined, { retry: { maxNumberOfAttempts: 0, firstRetryIntervalInMs: 1 } });
      } catch (error) {
        return (error as Error).name;
      }
    }
    expect(execute(invalid, [], [ev.orchestratorStarted(), ev.started("I")]).output).toBe('"RangeError"');
  });
});
