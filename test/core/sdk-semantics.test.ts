// Semantics the other Durable Task SDKs promise, in core alone: waits that time out and withdraw, the version,
// default child ids unique per execution, and what whenAll's error carries.
import { describe, expect, it } from "vitest";
import {
  TimeoutError,
  execute,
  type HistoryEvent,
  type OrchestrationContext,
  type WhenAllFailures,
} from "../../src/core/index.js";
import { T0, at, drive, ev, json, respondWith } from "./history-builders.js";

const hello = respondWith((_name, input) => `Hello ${input}!`);

describe("waitForExternalEvent with a timeout", () => {
  function* twoWaits(ctx: OrchestrationContext): Generator<any, unknown[], any> {
    const seen: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      try {
        seen.push(yield ctx.waitForExternalEvent("E", { timeoutInMs: 1000 }));
      } catch (error) {
        seen.push((error as Error).name);
      }
    }
    return seen;
  }

  it("fails with TimeoutError when its timer fires first, and withdraws the waiter", () => {
    const first = execute(twoWaits, [], [ev.orchestratorStarted(), ev.started("W")]);
    expect(first.actions).toEqual([{ kind: "CreateTimer", id: 0, fireAt: at(1000) }]);
    const past = [ev.orchestratorStarted(), ev.started("W"), ev.timerCreated(0, 1000)];
    // The timer fires, then an event arrives in the same episode: the withdrawn first wait must not take it.
    const result = execute(twoWaits, past, [ev.orchestratorStarted(1000), ev.timerFired(0, 1000), ev.raised("E", 42)]);
    expect(result.status).toBe("Completed");
    expect(result.output).toBe(JSON.stringify(["TimeoutError", 42]));
  });

  it("an event in time wins: the timer is cancelled and the next wait gets the next event", () => {
    const past = [ev.orchestratorStarted(), ev.started("W"), ev.timerCreated(0, 1000)];
    const result = execute(twoWaits, past, [ev.orchestratorStarted(500), ev.raised("E", 1), ev.raised("E", 2)]);
    expect(result.output).toBe("[1,2]");
    // A late TimerFired for the cancelled timer changes nothing on replay.
    const history = [...past, ev.orchestratorStarted(500), ev.raised("E", 1), ev.raised("E", 2)];
    expect(execute(twoWaits, history, [ev.orchestratorStarted(1000), ev.timerFired(0, 1000)]).output).toBe("[1,2]");
  });

  it("drives to the same outcome episode by episode, with the TimeoutError's message naming the event", () => {
    function* once(ctx: OrchestrationContext): Generator<any, string, any> {
      try {
        return yield ctx.waitForExternalEvent("Approval", { timeoutInMs: 250 });
      } catch (error) {
        expect(error).toBeInstanceOf(TimeoutError);
        return (error as Error).message;
      }
    }
    const { result } = drive(once, undefined, hello);
    expect(JSON.parse(result.output!)).toBe("Timed out after 250 ms waiting for the external event 'Approval'");
  });

  it("a zero timeout takes only an event already there; a negative one is refused", () => {
    function* zero(ctx: OrchestrationContext): Generator<any, unknown, any> {
      yield ctx.createTimer(10);
      try {
        return yield ctx.waitForExternalEvent("E", { timeoutInMs: 0 });
      } catch (error) {
        return (error as Error).name;
      }
    }
    const past = [ev.orchestratorStarted(), ev.started("Z"), ev.timerCreated(0, 10)];
    const none = execute(zero, past, [ev.orchestratorStarted(10), ev.timerFired(0, 10)]);
    expect(none).toMatchObject({ status: "Completed", output: '"TimeoutError"', actions: [{ kind: "CompleteOrchestration" }] });
    const buffered = execute(zero, past, [ev.orchestratorStarted(10), ev.raised("E", 7), ev.timerFired(0, 10)]);
    expect(buffered.output).toBe("7");
    const negative = execute((ctx: OrchestrationContext) => ctx.waitForExternalEvent("E", { timeoutInMs: -1 }), [], [
      ev.orchestratorStarted(),
      ev.started("N"),
    ]);
    expect(negative.failureDetails).toMatchObject({ errorType: "RangeError" });
  });
});

describe("version and default sub-orchestration ids", () => {
  const started = (executionId: string, version?: string): HistoryEvent => ({
    eventType: "ExecutionStarted", eventId: -1, timestamp: T0, name: "Eternal", version, input: json(0),
    orchestrationInstance: { instanceId: "eternal", executionId },
  });

  function* eternal(ctx: OrchestrationContext, round: number): Generator<any, void, any> {
    yield ctx.callSubOrchestrator("Child", round);
    ctx.continueAsNew(round + 1);
  }

  it("reads ctx.version from ExecutionStarted, \"\" when it has none", () => {
    const versionOf = (event: HistoryEvent) => execute((ctx: OrchestrationContext) => ctx.version, [], [ev.orchestratorStarted(), event]).output;
    expect(versionOf(started("e1", "1.2"))).toBe('"1.2"');
    expect(versionOf(started("e1"))).toBe('""');
  });

  it("gives the children of two continue-as-new generations different ids, the same on replay", () => {
    const childOf = (executionId: string) => {
      const result = execute(eternal, [], [ev.orchestratorStarted(), started(executionId)]);
      return result.actions.find((a) => a.kind === "CreateSubOrchestration");
    };
    const first = childOf("aaaa");
    const second = childOf("bbbb");
    expect(first).toMatchObject({ instanceId: "eternal:aaaa:0000" });
    expect(second).toMatchObject({ instanceId: "eternal:bbbb:0000" });
    expect(childOf("aaaa")).toEqual(first);
  });

  it("starts children without a version at the default version, and keeps an explicit one", () => {
    function* two(ctx: OrchestrationContext): Generator<any, void, any> {
      yield ctx.whenAll([ctx.callSubOrchestrator("A"), ctx.callSubOrchestrator("B", undefined, { version: "9" })]);
    }
    const result = execute(two, [], [ev.orchestratorStarted(), started("e1")], { defaultSubOrchestrationVersion: "2.0" });
    expect(result.actions.map((a) => (a.kind === "CreateSubOrchestration" ? a.version : undefined))).toEqual(["2.0", "9"]);
  });
});

describe("whenAll's failure", () => {
  function* fan(ctx: OrchestrationContext): Generator<any, unknown, any> {
    const tasks = ["Ok", "Bad1", "Bad2"].map((name) => ctx.callActivity(name));
    try {
      return yield ctx.whenAll(tasks);
    } catch (error) {
      const atThrow = (error as Error & WhenAllFailures).failures.map((e) => e.message);
      yield ctx.createTimer(1000); // later failures join the list as they arrive
      return { thrown: (error as Error).message, atThrow, later: (error as Error & WhenAllFailures).failures.length };
    }
  }

  it("throws the first failure, and lists the others on the error as they arrive", () => {
    const past = [
      ev.orchestratorStarted(), ev.started("Fan"), ev.scheduled(0, "Ok"), ev.scheduled(1, "Bad1"), ev.scheduled(2, "Bad2"),
    ];
    const result = execute(fan, past, [ev.orchestratorStarted(1000), ev.failed(1, "one"), ev.completed(0, 1)]);
    expect(result.status).toBe("Running");
    const later = execute(fan, [...past, ev.orchestratorStarted(1000), ev.failed(1, "one"), ev.completed(0, 1), ev.timerCreated(3, 2000)], [
      ev.orchestratorStarted(2000),
      ev.failed(2, "two"),
      ev.timerFired(3, 2000),
    ]);
    const output = JSON.parse(later.output!);
    expect(output.thrown).toMatch(/one$/);
    expect(output.atThrow).toHaveLength(1);
    expect(output.later).toBe(2);
  });
});

describe("a retried sub-orchestration", () => {
  it("keeps its default id for every attempt", () => {
    function* parent(ctx: OrchestrationContext): Generator<any, unknown, any> {
      return yield ctx.callSubOrchestrator("Child", undefined, { retry: { maxNumberOfAttempts: 2, firstRetryIntervalInMs: 1000 } });
    }
    const failedChild: HistoryEvent = {
      eventType: "SubOrchestrationInstanceFailed", eventId: -1, timestamp: T0, taskScheduledId: 0,
      failureDetails: { errorType: "Error", message: "no" },
    };
    const past = [ev.orchestratorStarted(), ev.started("P"), ev.subCreated(0, "Child", "instance-1:exec-1:0000")];
    const retried = execute(parent, [...past, ev.orchestratorStarted(1000), failedChild, ev.timerCreated(1, 2000)], [
      ev.orchestratorStarted(2000),
      ev.timerFired(1, 2000),
    ]);
    expect(retried.actions).toEqual([{ kind: "CreateSubOrchestration", id: 2, name: "Child", instanceId: "instance-1:exec-1:0000" }]);
  });
});
