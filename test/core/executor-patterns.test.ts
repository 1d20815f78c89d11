import { describe, expect, it } from "vitest";
import { TaskFailedError, execute, type OrchestrationContext, type Task } from "../../src/core/index.js";
import { T0, at, drive, ev, respondWith } from "./history-builders.js";

const hello = respondWith((_name, input) => `Hello ${input}!`);

describe("replay: chaining and fan-out", () => {
  function* chain(ctx: OrchestrationContext, cities: string[]): Generator<any, string[], any> {
    const out: string[] = [];
    for (const city of cities) out.push(yield ctx.callActivity("SayHello", city));
    return out;
  }

  it("schedules one activity per episode and completes with the results", () => {
    const first = execute(chain, [], [ev.orchestratorStarted(), ev.started("Chain", ["Tokyo", "London"])]);
    expect(first.status).toBe("Running");
    expect(first.actions).toEqual([{ kind: "ScheduleTask", id: 0, name: "SayHello", input: '"Tokyo"' }]);
    const { result, history, episodes } = drive(chain, ["Tokyo", "Seattle", "London"], hello);
    expect(result.status).toBe("Completed");
    expect(result.output).toBe(JSON.stringify(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]));
    expect(episodes).toBe(4);
    // A full replay of the finished history takes no new action.
    const replay = execute(chain, history, []);
    expect(replay.actions).toEqual([]);
    expect(replay.output).toBe(result.output);
  });

  it("replays a half-done history to the same next action", () => {
    const past = [ev.orchestratorStarted(), ev.started("Chain", ["A", "B"]), ev.scheduled(0, "SayHello", "A")];
    const result = execute(chain, past, [ev.orchestratorStarted(1000), ev.completed(0, "Hello A!")]);
    expect(result.actions).toEqual([{ kind: "ScheduleTask", id: 1, name: "SayHello", input: '"B"' }]);
  });

  it("fans out and in, and whenAll([]) yields []", () => {
    function* fan(ctx: OrchestrationContext, n: number): Generator<any, number[], any> {
      return yield ctx.whenAll(Array.from({ length: n }, (_, i) => ctx.callActivity("Square", i)));
    }
    const first = execute(fan, [], [ev.orchestratorStarted(), ev.started("Fan", 5)]);
    expect(first.actions.map((a) => a.id)).toEqual([0, 1, 2, 3, 4]);
    const { result, episodes } = drive(fan, 5, respondWith((_n, x) => (x as number) ** 2));
    expect(result.output).toBe("[0,1,4,9,16]");
    expect(episodes).toBe(2);
    expect(drive(fan, 0, hello).result.output).toBe("[]");
  });

  it("fails a whenAll with the first failure", () => {
    function* fan(ctx: OrchestrationContext): Generator<any, unknown, any> {
      try {
        return yield ctx.whenAll([ctx.callActivity("Ok"), ctx.callActivity("Bad")]);
      } catch (error) {
        return (error as TaskFailedError).failureDetails.message;
      }
    }
    const { result } = drive(fan, undefined, respondWith((name) => {
      if (name === "Bad") throw new Error("bad one");
      return 1;
    }));
    expect(result.output).toBe('"bad one"');
  });

  it("a non-generator orchestrator completes at once", () => {
    const result = execute((_ctx, x: number) => x + 1, [], [ev.orchestratorStarted(), ev.started("Plain", 1)]);
    expect(result).toMatchObject({ status: "Completed", output: "2" });
  });
});

describe("replay: timers and events", () => {
  it("fires a timer at its time", () => {
    function* sleep(ctx: OrchestrationContext): Generator<any, number, any> {
      yield ctx.createTimer(5000);
      return ctx.currentUtcDateTime.getTime() - T0.getTime();
    }
    const first = execute(sleep, [], [ev.orchestratorStarted(), ev.started("Sleep")]);
    expect(first.actions).toEqual([{ kind: "CreateTimer", id: 0, fireAt: at(5000) }]);
    expect(drive(sleep, undefined, hello).result.output).toBe("5000");
  });

  function* approval(ctx: OrchestrationContext): Generator<any, string, any> {
    const event = ctx.waitForExternalEvent<string>("Approval");
    const timer = ctx.createTimer(60_000);
    const winner: Task<unknown> = yield ctx.whenAny<unknown>([event, timer]);
    if (winner === event) {
      timer.cancel();
      return `approved by ${event.result}`;
    }
    return "timed out";
  }

  it("an event wins the race against a timer, which is cancelled", () => {
    const past = [ev.orchestratorStarted(), ev.started("Approval"), ev.timerCreated(0, 60_000)];
    const result = execute(approval, past, [ev.orchestratorStarted(1000), ev.raised("approval", "ann")]);
    expect(result).toMatchObject({ status: "Completed", output: '"approved by ann"' });
    expect(result.actions).toHaveLength(1);
  });

  it("a timer wins the race when no event comes", () => {
    const past = [ev.orchestratorStarted(), ev.started("Approval"), ev.timerCreated(0, 60_000)];
    const result = execute(approval, past, [ev.orchestratorStarted(60_000), ev.timerFired(0, 60_000)]);
    expect(result.output).toBe('"timed out"');
  });

  it("buffers events raised before the wait, first in first out", () => {
    function* twoEvents(ctx: OrchestrationContext): Generator<any, unknown[], any> {
      yield ctx.createTimer(1000);
      const a: unknown = yield ctx.waitForExternalEvent("E");
      const b: unknown = yield ctx.waitForExternalEvent("E");
      return [a, b];
    }
    const past = [ev.orchestratorStarted(), ev.started("Two"), ev.timerCreated(0, 1000)];
    const result = execute(twoEvents, past, [ev.orchestratorStarted(500), ev.raised("E", 1), ev.raised("E", 2), ev.timerFired(0, 1000)]);
    expect(result.output).toBe("[1,2]");
  });

  it("splits a timer longer than the maximum into a chain", () => {
    function* long(ctx: OrchestrationContext): Generator<any, number, any> {
      yield ctx.createTimer(5000);
      return ctx.currentUtcDateTime.getTime() - T0.getTime();
    }
    const { result, history } = drive(long, undefined, hello, { maxTimerIntervalInMs: 2000 });
    const created = history.filter((e) => e.eventType === "TimerCreated").map((e) => (e as any).fireAt.getTime() - T0.getTime());
    expect(created).toEqual([2000, 4000, 5000]);
    expect(result.output).toBe("5000");
  });
});
