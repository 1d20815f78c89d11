// context.df, method by method, replayed by dtfx's executor over hand-driven histories (no storage): what each
// method asks dtfx to do, and what the orchestrator gets back, shaped as the durable-functions package shapes it.
import { describe, expect, it } from "vitest";
import type { OrchestratorAction } from "../../src/core/index.js";
import * as df from "../../src/durable-functions/index.js";
import { orchestrationContextFactory } from "../../src/durable-functions/function-contexts.js";
import { adaptOrchestrator } from "../../src/durable-functions/orchestrator-adapter.js";
import { InvocationContext } from "../../src/functions/invocation-context.js";
import { T0, at, drive, ev, respondWith, type Responder } from "../core/history-builders.js";

const run = (handler: (context: any) => Generator<unknown, unknown, any>, input: unknown, respond: Responder = respondWith(() => undefined)) =>
  drive(adaptOrchestrator(handler, orchestrationContextFactory("v4")), input, respond);

const output = (result: { result: { output?: string } }) => (result.result.output === undefined ? undefined : JSON.parse(result.result.output));

/** Every action the orchestrator took, across episodes, from the recorded history. */
function scheduled(history: { eventType: string }[], type: string) {
  return history.filter((e) => e.eventType === type) as any[];
}

describe("context.df: calling activities and sub-orchestrators", () => {
  it("callActivity(name, input) schedules the activity; yield gives its result", () => {
    const done = run(function* (context) {
      return yield context.df.callActivity("SayHello", "Tokyo");
    }, undefined, respondWith((name, input) => `${name} ${input}`));
    expect(done.result.status).toBe("Completed");
    expect(output(done)).toBe("SayHello Tokyo");
    // The input travels in the work item (the history keeps it only with includeParameters, as the original).
    expect(scheduled(done.history, "TaskScheduled")).toMatchObject([{ name: "SayHello" }]);
  });

  it("callActivityWithRetry(name, new RetryOptions(first, attempts), input) retries on a durable timer of that interval", () => {
    let calls = 0;
    const done = run(function* (context) {
      return yield context.df.callActivityWithRetry("Flaky", new df.RetryOptions(5_000, 3), 1);
    }, undefined, respondWith(() => {
      if (++calls < 3) throw new Error(`failure ${calls}`);
      return "ok";
    }));
    expect(output(done)).toBe("ok");
    const timers = scheduled(done.history, "TimerCreated");
    expect(timers).toHaveLength(2);
    expect(calls).toBe(3);
  });

  it("RetryOptions validates as the package does and carries backoff, maximum interval and timeout", () => {
    expect(() => new df.RetryOptions(0, 3)).toThrow(RangeError);
    expect(() => new df.RetryOptions("1" as never, 3)).toThrow(/firstRetryIntervalInMilliseconds: Expected number/);
    const options = new df.RetryOptions(1000, 4);
    options.backoffCoefficient = 2;
    options.maxRetryIntervalInMilliseconds = 3000;
    expect(options).toMatchObject({ firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 4, backoffCoefficient: 2 });
  });

  it("a failed activity throws the package's TaskFailedError (type: message, failureDetails, taskName)", () => {
    const done = run(function* (context) {
      try {
        yield context.df.callActivity("Boom");
      } catch (error: any) {
        return {
          isTaskFailed: error instanceof df.TaskFailedError,
          message: error.message,
          details: { errorType: error.failureDetails.errorType, errorMessage: error.failureDetails.errorMessage },
          causedBy: error.failureDetails.isCausedBy("RangeError"),
          taskName: error.taskName,
        };
      }
    }, undefined, respondWith(() => {
      throw new RangeError("too far");
    }));
    expect(output(done)).toEqual({
      isTaskFailed: true,
      message: "RangeError: too far",
      details: { errorType: "RangeError", errorMessage: "too far" },
      causedBy: true,
      taskName: "Boom",
    });
  });

  it("callSubOrchestrator(name, input, instanceId) and callSubOrchestratorWithRetry(name, retryOptions, input, instanceId)", () => {
    const done = run(function* (context) {
      context.df.callSubOrchestrator("Child", { a: 1 }, "child-1");
      context.df.callSubOrchestratorWithRetry("Child", new df.RetryOptions(1000, 2), { a: 2 }, "child-2");
      context.df.callSubOrchestrator("Child");
      return "scheduled";
    }, undefined);
    const created = done.result.actions.flatMap((a) => (a.kind === "CreateSubOrchestration" ? [a] : []));
    expect(created.map((e) => [e.name, e.instanceId, e.input])).toEqual([
      ["Child", "child-1", '{"a":1}'],
      ["Child", "child-2", '{"a":2}'],
      ["Child", "instance-1:exec-1:0002", undefined],
    ]);
  });

  it("callHttp says that dtfx does not support it", () => {
    const done = run(function* (context) {
      yield context.df.callHttp({ method: "GET", url: "https://example.com" });
    }, undefined);
    expect(done.result.status).toBe("Failed");
    expect(done.result.failureDetails).toMatchObject({ errorType: "NotSupportedByDtfxError", message: expect.stringMatching(/callHttp is not supported by dtfx/) });
  });
});

describe("context.df: timers, events, Task.all and Task.any", () => {
  it("createTimer(date) fires at that date; a timer task has isCanceled and cancel()", () => {
    const fireAt = at(60_000);
    const done = run(function* (context) {
      const timer = context.df.createTimer(fireAt);
      const flags = [timer.isCompleted, timer.isCanceled];
      yield timer;
      return [...flags, timer.isCompleted, timer.isCanceled];
    }, undefined);
    expect(output(done)).toEqual([false, false, true, false]);
    expect(scheduled(done.history, "TimerCreated")[0].fireAt).toEqual(fireAt);
  });

  it("Task.any returns the winning task itself (its .result set); the losing timer is cancelled", () => {
    const events: Responder = () => undefined; // the timer never fires: the event comes first
    const done = drive(adaptOrchestrator(function* (context: any): Generator<unknown, unknown, any> {
      const timeout = context.df.createTimer(at(3_600_000));
      const approval = context.df.waitForExternalEvent("Approval");
      const winner = yield context.df.Task.any([approval, timeout]);
      if (winner === approval) {
        timeout.cancel();
        return { approved: approval.result, cancelled: timeout.isCanceled };
      }
      return "timed out";
    }, orchestrationContextFactory("v4")), undefined, events, { extraEvents: (episode) => (episode === 1 ? [ev.raised("Approval", { by: "Ada" })] : []) });
    expect(output(done)).toEqual({ approved: { by: "Ada" }, cancelled: true });
  });

  it("Task.all gives every result in order; a failure fails it with the package's TaskFailedError naming the failed task", () => {
    const all = run(function* (context) {
      const tasks = [1, 2, 3].map((n) => context.df.callActivity("Square", n));
      const results = yield context.df.Task.all(tasks);
      return [results, tasks.map((t: df.Task) => t.result)];
    }, undefined, respondWith((_name, n) => (n as number) ** 2));
    expect(output(all)).toEqual([[1, 4, 9], [1, 4, 9]]);
    expect(output(run(function* (context) {
      return yield context.df.Task.all([]);
    }, undefined))).toEqual([]);

    const failing = run(function* (context) {
      try {
        yield context.df.Task.all([context.df.callActivity("Ok"), context.df.callActivity("Bad")]);
      } catch (error: any) {
        return [error instanceof df.TaskFailedError, error.taskName, error.message];
      }
    }, undefined, respondWith((name) => {
      if (name === "Bad") throw new Error("bad input");
      return 1;
    }));
    expect(output(failing)).toEqual([true, "Bad", "Error: bad input"]);
  });

  it("yielding something that is not a task fails the orchestration with a clear TypeError", () => {
    const done = run(function* () {
      yield Promise.resolve(1);
    }, undefined);
    expect(done.result.failureDetails).toMatchObject({ errorType: "TypeError", message: expect.stringMatching(/must yield tasks from context\.df.*not a promise/) });
  });

  it("registered activities and orchestrations (what df.app.activity/orchestration return) are scheduled when yielded", () => {
    const sayHello = (input: unknown) => new df.RegisteredActivityTask("SayHello", input);
    const child = (input: unknown) => new df.RegisteredOrchestrationTask("Child", input, "child-x");
    const done = run(function* (context) {
      const first = yield sayHello("Tokyo");
      const both = yield context.df.Task.all([sayHello("Seattle"), sayHello("Cairo").withRetry(new df.RetryOptions(1000, 2))]);
      context.df.Task.any([child(1)]);
      return [first, ...both];
    }, undefined, respondWith((name, input) => `${name} ${input}`));
    expect(output(done)).toEqual(["SayHello Tokyo", "SayHello Seattle", "SayHello Cairo"]);
    expect(scheduled(done.history, "SubOrchestrationInstanceCreated")).toMatchObject([{ name: "Child", instanceId: "child-x" }]);
  });
});

describe("context.df: state of the orchestration", () => {
  it("getInput, instanceId, parentInstanceId, currentUtcDateTime and isReplaying as the package names them", () => {
    const seen: unknown[] = [];
    const done = run(function* (context) {
      seen.push({ replaying: context.df.isReplaying, time: context.df.currentUtcDateTime });
      yield context.df.callActivity("A");
      return { input: context.df.getInput(), id: context.df.instanceId, parent: context.df.parentInstanceId ?? null, log: typeof context.log };
    }, { n: 1 }, respondWith(() => 1));
    expect(output(done)).toEqual({ input: { n: 1 }, id: "instance-1", parent: null, log: "function" });
    // The first episode runs live; the second replays the first before going on.
    expect(seen).toEqual([{ replaying: false, time: T0 }, { replaying: true, time: T0 }]);
  });

  it("the context around df is a v4 InvocationContext naming the orchestration", () => {
    let context: any;
    run(function* (c) {
      context = c;
      return 1;
    }, undefined);
    expect(context).toBeInstanceOf(InvocationContext);
    expect(context.functionName).toBe("Test");
    expect(context.options.trigger.type).toBe("orchestrationTrigger");
  });

  it("setCustomStatus sets the status dtfx stores, and customStatus reads it back", () => {
    const done = run(function* (context) {
      context.df.setCustomStatus({ stage: 1 });
      return context.df.customStatus;
    }, undefined);
    expect(JSON.parse(done.result.customStatus!)).toEqual({ stage: 1 });
    expect(output(done)).toEqual({ stage: 1 });
  });

  it("continueAsNew(input) ends the execution as ContinuedAsNew with the new input", () => {
    const done = run(function* (context) {
      context.df.continueAsNew({ round: 2 });
      return "ignored";
    }, undefined);
    expect(done.result.status).toBe("ContinuedAsNew");
    const completion = done.result.actions.find((a) => a.kind === "CompleteOrchestration");
    expect(completion).toMatchObject({ status: "ContinuedAsNew", result: '{"round":2}' });
  });

  it("newGuid(instanceId) is the package's name-based UUID of instance id, time and counter, stable across replays", () => {
    const guids: string[][] = [];
    run(function* (context) {
      guids.push([context.df.newGuid(context.df.instanceId), context.df.newGuid(context.df.instanceId)]);
      yield context.df.createTimer(at(1_000));
      return 1;
    }, undefined);
    expect(guids[0]).toEqual(guids[1]);
    expect(guids[0]![0]).not.toBe(guids[0]![1]);
    // The package's GuidManager.createDeterministicGuid of `instance-1_${T0 ms}_0`: uuid v5 (namespace
    // 9e952958-…) over the name's SHA-1, computed with the uuid package as the package does it.
    expect(guids[0]![0]).toBe("9ff55c3f-0c59-5ba8-9faa-0cad8387bcf2");
  });
});

describe("context.df: entities", () => {
  const requests = (actions: OrchestratorAction[]) =>
    actions.flatMap((a) => (a.kind === "SendEvent" ? [{ to: a.instanceId, name: a.name, body: JSON.parse(a.input!) }] : []));

  it("signalEntity and callEntity send operations to @name@key (name lower-cased); callEntity's answer comes back at yield", () => {
    const counter = new df.EntityId("Counter", "k1");
    const done = run(function* (context) {
      context.df.signalEntity(counter, "add", 2);
      context.df.callEntity(counter, "get");
      return counter.toString();
    }, undefined);
    expect(output(done)).toBe("@counter@k1");
    const sent = requests(done.result.actions);
    expect(sent).toMatchObject([
      { to: "@counter@k1", name: "op", body: { op: "add", signal: true, input: "2" } },
      { to: "@counter@k1", name: "op", body: { op: "get" } },
    ]);
  });

  it("lock(...entities) takes a critical section; isLocked reports it; the rules of critical sections are enforced", () => {
    const a = new df.EntityId("Account", "b");
    const b = new df.EntityId("Account", "a");
    const other = new df.EntityId("Account", "z");
    const done = run(function* (context) {
      const idle = context.df.isLocked();
      context.df.lock([a, b]);
      const locked = context.df.isLocked();
      const refusals = [
        () => context.df.lock(other),
        () => context.df.callEntity(other, "get"),
        () => context.df.signalEntity(a, "add", 1),
        () => context.df.callSubOrchestrator("Child"),
      ].map((attempt) => {
        try {
          attempt();
          return "allowed";
        } catch (error) {
          return error instanceof df.LockingRulesViolationError ? "refused" : String(error);
        }
      });
      return { idle: idle.isLocked, locked: locked.isLocked, owned: locked.ownedLocks.map(String), refusals };
    }, undefined);
    expect(output(done)).toEqual({ idle: false, locked: true, owned: ["@account@a", "@account@b"], refusals: ["refused", "refused", "refused", "refused"] });
    // The lock request goes to the first entity in id order; ending the orchestration releases both.
    expect(requests(done.result.actions)).toMatchObject([
      { to: "@account@a", name: "op", body: { lockset: [{ name: "account", key: "a" }, { name: "account", key: "b" }] } },
      { to: "@account@a", name: "release" },
      { to: "@account@b", name: "release" },
    ]);
    const empty = run(function* (context) {
      context.df.lock();
    }, undefined);
    expect(empty.result.failureDetails).toMatchObject({ errorType: "RangeError", message: "lock: Expected at least one EntityId" });
  });
});
