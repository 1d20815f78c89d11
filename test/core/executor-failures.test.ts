import { describe, expect, it } from "vitest";
import { TaskFailedError, execute, type HistoryEvent, type OrchestrationContext } from "../../src/core/index.js";
import { T0, drive, ev, respondWith } from "./history-builders.js";

describe("replay: retries", () => {
  const flaky = (failures: number) => {
    let calls = 0;
    return respondWith(() => {
      calls++;
      if (calls <= failures) throw new RangeError(`attempt ${calls}`);
      return calls;
    });
  };
  const withRetry = (policy: object) =>
    function* (ctx: OrchestrationContext): Generator<any, unknown, any> {
      try {
        return yield ctx.callActivity("Flaky", undefined, { retry: { maxNumberOfAttempts: 4, firstRetryIntervalInMs: 1000, ...policy } });
      } catch (error) {
        if (!(error instanceof TaskFailedError)) throw error;
        return `gave up: ${error.failureDetails.errorType} ${error.failureDetails.message}`;
      }
    };

  it("succeeds on the n-th attempt, waiting with backoff on durable timers", () => {
    const { result, history } = drive(withRetry({ backoffCoefficient: 2 }), undefined, flaky(2));
    expect(result.output).toBe("3");
    const timers = history.filter((e) => e.eventType === "TimerCreated") as Extract<HistoryEvent, { eventType: "TimerCreated" }>[];
    expect(timers.map((t) => t.fireAt.getTime() - t.timestamp.getTime())).toEqual([1000, 2000]);
    expect(history.filter((e) => e.eventType === "TaskScheduled").map((e) => e.eventId)).toEqual([0, 2, 4]);
  });

  it("throws a catchable TaskFailedError once attempts are used up", () => {
    const { result, history } = drive(withRetry({}), undefined, flaky(10));
    expect(result.output).toBe('"gave up: RangeError attempt 4"');
    expect(history.filter((e) => e.eventType === "TaskFailed")).toHaveLength(4);
  });

  it("stops retrying when handle() returns false", () => {
    const { result, history } = drive(withRetry({ handle: () => false }), undefined, flaky(10));
    expect(result.output).toBe('"gave up: RangeError attempt 1"');
    expect(history.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(1);
  });

  it("caps the delay at maxRetryIntervalInMs and stops after retryTimeoutInMs", () => {
    const capped = drive(withRetry({ backoffCoefficient: 10, maxRetryIntervalInMs: 3000 }), undefined, flaky(3));
    const delays = capped.history
      .filter((e): e is Extract<HistoryEvent, { eventType: "TimerCreated" }> => e.eventType === "TimerCreated")
      .map((t) => t.fireAt.getTime() - t.timestamp.getTime());
    expect(delays).toEqual([1000, 3000, 3000]);
    const timedOut = drive(withRetry({ retryTimeoutInMs: 1500 }), undefined, flaky(10));
    expect(timedOut.result.output).toMatch(/gave up/);
  });
});

describe("replay: sub-orchestrations", () => {
  function* parent(ctx: OrchestrationContext): Generator<any, unknown, any> {
    try {
      return yield ctx.callSubOrchestrator("Child", 1);
    } catch (error) {
      return (error as TaskFailedError).failureDetails;
    }
  }
  const created: HistoryEvent = {
    eventType: "SubOrchestrationInstanceCreated", eventId: 0, timestamp: T0, name: "Child", instanceId: "instance-1:exec-1:0000", input: "1",
  };
  const past = [ev.orchestratorStarted(), ev.started("Parent"), created];

  it("schedules a child with a deterministic id and returns its result", () => {
    const first = execute(parent, [], [ev.orchestratorStarted(), ev.started("Parent")]);
    expect(first.actions).toEqual([{ kind: "CreateSubOrchestration", id: 0, name: "Child", instanceId: "instance-1:exec-1:0000", input: "1" }]);
    const done = execute(parent, past, [
      ev.orchestratorStarted(1),
      { eventType: "SubOrchestrationInstanceCompleted", eventId: -1, timestamp: T0, taskScheduledId: 0, result: '"ok"' },
    ]);
    expect(done.output).toBe('"ok"');
  });

  it("surfaces a failed child as TaskFailedError with its details", () => {
    const failed = execute(parent, past, [
      ev.orchestratorStarted(1),
      {
        eventType: "SubOrchestrationInstanceFailed", eventId: -1, timestamp: T0, taskScheduledId: 0,
        failureDetails: { errorType: "InventoryError", message: "out of stock" },
      },
    ]);
    expect(JSON.parse(failed.output!)).toEqual({ errorType: "InventoryError", message: "out of stock" });
  });
});

describe("replay: lifecycle", () => {
  it("continues as new with the new input, optionally carrying unprocessed events", () => {
    function* eternal(ctx: OrchestrationContext, n: number): Generator<any, unknown, any> {
      yield ctx.createTimer(10);
      ctx.continueAsNew(n + 1, true);
      return "ignored";
    }
    const past = [ev.orchestratorStarted(), ev.started("Eternal", 1), ev.timerCreated(0, 10)];
    const result = execute(eternal, past, [ev.orchestratorStarted(10), ev.raised("Extra", "x"), ev.timerFired(0, 10)]);
    expect(result.status).toBe("ContinuedAsNew");
    expect(result.output).toBeUndefined();
    const completion = result.actions.at(-1)!;
    expect(completion).toMatchObject({ kind: "CompleteOrchestration", status: "ContinuedAsNew", result: "2" });
    expect((completion as any).carryoverEvents.map((e: HistoryEvent) => e.eventType)).toEqual(["EventRaised"]);
  });

  it("reports custom status", () => {
    function* status(ctx: OrchestrationContext): Generator<any, unknown, any> {
      ctx.setCustomStatus({ stage: 1 });
      yield ctx.createTimer(10);
      ctx.setCustomStatus({ stage: 2 });
      return "done";
    }
    expect(execute(status, [], [ev.orchestratorStarted(), ev.started("S")]).customStatus).toBe('{"stage":1}');
    expect(drive(status, undefined, respondWith(() => 0)).result.customStatus).toBe('{"stage":2}');
  });

  it("fails with the details of an error the orchestrator throws", () => {
    function* throws(): Generator<any, unknown, any> {
      throw new SyntaxError("bad input", { cause: new Error("root") });
    }
    const result = execute(throws, [], [ev.orchestratorStarted(), ev.started("T")]);
    expect(result.status).toBe("Failed");
    expect(result.failureDetails).toMatchObject({ errorType: "SyntaxError", message: "bad input", innerFailure: { message: "root" } });
    expect(result.failureDetails?.stackTrace).toContain("SyntaxError");
  });

  it("fails an orchestrator that yields something other than a task", () => {
    function* bad(): Generator<any, void, any> {
      yield 42;
    }
    const result = execute(bad as any, [], [ev.orchestratorStarted(), ev.started("Bad")]);
    expect(result.failureDetails?.message).toMatch(/must yield tasks/);
  });

  it("terminates with the reason as output", () => {
    function* waits(ctx: OrchestrationContext): Generator<any, unknown, any> {
      return yield ctx.waitForExternalEvent("never");
    }
    const result = execute(waits, [ev.orchestratorStarted(), ev.started("W")], [ev.orchestratorStarted(5), ev.terminated("stop")]);
    expect(result).toMatchObject({ status: "Terminated", output: '"stop"' });
    expect(result.actions).toEqual([{ kind: "CompleteOrchestration", id: -1, status: "Terminated", result: '"stop"' }]);
  });

  it("holds events while suspended and applies them on resume", () => {
    function* waits(ctx: OrchestrationContext): Generator<any, unknown, any> {
      return yield ctx.waitForExternalEvent("go");
    }
    const past = [ev.orchestratorStarted(), ev.started("W")];
    const suspended = execute(waits, past, [ev.orchestratorStarted(1), ev.suspended(), ev.raised("go", 1)]);
    expect(suspended.status).toBe("Suspended");
    expect(suspended.actions).toEqual([]);
    const resumed = execute(waits, [...past, ev.orchestratorStarted(1), ev.suspended(), ev.raised("go", 1)], [ev.orchestratorStarted(2), ev.resumed()]);
    expect(resumed).toMatchObject({ status: "Completed", output: "1" });
  });

  it("ignores a duplicate completion of a task that already has its result", () => {
    function* one(ctx: OrchestrationContext): Generator<any, unknown, any> {
      const a: unknown = yield ctx.callActivity("A");
      const b: unknown = yield ctx.callActivity("B");
      return [a, b];
    }
    const past = [ev.orchestratorStarted(), ev.started("One"), ev.scheduled(0, "A"), ev.orchestratorStarted(1), ev.completed(0, 1), ev.scheduled(1, "B")];
    const result = execute(one, past, [ev.orchestratorStarted(2), ev.completed(0, 99), ev.completed(1, 2)]);
    expect(result.output).toBe("[1,2]");
  });
});
