import { describe, expect, it } from "vitest";
import { execute, type HistoryEvent, type OrchestrationContext, type Task } from "../../src/core/index.js";
import { T0, at, drive, ev, respondWith } from "./history-builders.js";

describe("context: replay flags and time", () => {
  it("isReplaying is false for new events (even the first run) and true while past events replay", () => {
    const seen: boolean[] = [];
    function* record(ctx: OrchestrationContext): Generator<any, unknown, any> {
      seen.push(ctx.isReplaying);
      yield ctx.callActivity("A");
      seen.push(ctx.isReplaying);
      yield ctx.callActivity("B");
      seen.push(ctx.isReplaying);
      return null;
    }
    execute(record, [], [ev.orchestratorStarted(), ev.started("R")]);
    expect(seen).toEqual([false]);
    seen.length = 0;
    const past = [ev.orchestratorStarted(), ev.started("R"), ev.scheduled(0, "A"), ev.orchestratorStarted(1000), ev.completed(0), ev.scheduled(1, "B")];
    execute(record, past, [ev.orchestratorStarted(2000), ev.completed(1)]);
    expect(seen).toEqual([true, true, false]);
  });

  it("currentUtcDateTime is the latest OrchestratorStarted's timestamp", () => {
    const times: number[] = [];
    function* clock(ctx: OrchestrationContext): Generator<any, unknown, any> {
      times.push(ctx.currentUtcDateTime.getTime() - T0.getTime());
      yield ctx.createTimer(10);
      times.push(ctx.currentUtcDateTime.getTime() - T0.getTime());
      return ctx.currentUtcDateTime instanceof Date;
    }
    const result = execute(clock, [ev.orchestratorStarted(), ev.started("C"), ev.timerCreated(0, 10)], [ev.orchestratorStarted(7000), ev.timerFired(0, 10)]);
    expect(times).toEqual([0, 7000]);
    expect(result.output).toBe("true");
  });

  it("exposes the instance's identity", () => {
    const result = execute((ctx: OrchestrationContext) => [ctx.instanceId, ctx.executionId, ctx.name], [], [ev.orchestratorStarted(), ev.started("Who")]);
    expect(JSON.parse(result.output!)).toEqual(["instance-1", "exec-1", "Who"]);
  });
});

describe("context: tasks", () => {
  it("yielding a finished task again returns its result at once, or throws its error again", () => {
    function* twice(ctx: OrchestrationContext): Generator<any, unknown, any> {
      const ok = ctx.callActivity("Ok");
      const bad = ctx.callActivity("Bad");
      const first: unknown = yield ok;
      const again: unknown = yield ok;
      const errors: string[] = [];
      for (let i = 0; i < 2; i++) {
        try {
          yield bad;
        } catch (error) {
          errors.push((error as Error).name);
        }
      }
      return { first, again, errors, completed: ok.isCompleted, faulted: bad.isFaulted, result: ok.result };
    }
    const { result, episodes } = drive(twice, undefined, respondWith((name) => {
      if (name === "Bad") throw new Error("no");
      return 7;
    }));
    expect(JSON.parse(result.output!)).toEqual({ first: 7, again: 7, errors: ["TaskFailedError", "TaskFailedError"], completed: true, faulted: true, result: 7 });
    expect(episodes).toBe(2);
  });

  it("whenAny yields the very task object the caller holds", () => {
    function* race(ctx: OrchestrationContext): Generator<any, unknown, any> {
      const a = ctx.callActivity("A");
      const b = ctx.callActivity("B");
      const winner: Task<unknown> = yield ctx.whenAny([a, b]);
      return [winner === b, winner.result];
    }
    const past = [ev.orchestratorStarted(), ev.started("Race"), ev.scheduled(0, "A"), ev.scheduled(1, "B")];
    expect(execute(race, past, [ev.orchestratorStarted(1), ev.completed(1, "b"), ev.completed(0, "a")]).output).toBe('[true,"b"]');
  });

  it("builds a failure from reason and details when failureDetails is absent", () => {
    function* catches(ctx: OrchestrationContext): Generator<any, unknown, any> {
      try {
        return yield ctx.callActivity("Old");
      } catch (error) {
        return (error as { failureDetails: unknown }).failureDetails;
      }
    }
    const old: HistoryEvent = { eventType: "TaskFailed", eventId: -1, timestamp: T0, taskScheduledId: 0, reason: "broke", details: "at line 1" };
    const result = execute(catches, [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "Old")], [ev.orchestratorStarted(1), old]);
    expect(JSON.parse(result.output!)).toEqual({ errorType: "Error", message: "broke", stackTrace: "at line 1" });
  });
});

describe("context: timers", () => {
  it("a cancelled timer never resolves, even when its TimerFired arrives", () => {
    function* cancels(ctx: OrchestrationContext): Generator<any, unknown, any> {
      const timer = ctx.createTimer(1000);
      yield ctx.whenAny([timer, ctx.waitForExternalEvent("go")]);
      timer.cancel();
      const other = ctx.createTimer(5000);
      const winner: Task<unknown> = yield ctx.whenAny([timer, other]);
      return [winner === other, timer.isCompleted, timer.isCancelled];
    }
    const past = [ev.orchestratorStarted(), ev.started("Cancel"), ev.timerCreated(0, 1000)];
    const waiting = execute(cancels, past, [ev.orchestratorStarted(500), ev.raised("go"), ev.timerFired(0, 1000)]);
    expect(waiting).toMatchObject({ status: "Running", actions: [{ kind: "CreateTimer", id: 1, fireAt: at(5500) }] });
    const later = [...past, ev.orchestratorStarted(500), ev.raised("go"), ev.timerFired(0, 1000), ev.timerCreated(1, 5500)];
    expect(execute(cancels, later, [ev.orchestratorStarted(6000), ev.timerFired(1, 5500)]).output).toBe("[true,false,true]");
  });

  it("takes an absolute fire time as well as a delay", () => {
    function* until(ctx: OrchestrationContext): Generator<any, void, any> {
      yield ctx.createTimer(at(90_000));
    }
    expect(execute(until, [], [ev.orchestratorStarted(), ev.started("U")]).actions).toEqual([{ kind: "CreateTimer", id: 0, fireAt: at(90_000) }]);
  });

  it("chunks a long timer from each link's own episode time", () => {
    function* long(ctx: OrchestrationContext): Generator<any, unknown, any> {
      yield ctx.createTimer(at(10_000));
      return "woke";
    }
    const options = { maxTimerIntervalInMs: 4000 };
    const past = [ev.orchestratorStarted(), ev.started("L"), ev.timerCreated(0, 4000)];
    // The first link fired late (at 4500): the next link is max interval from then, still capped at the final time.
    const second = execute(long, past, [ev.orchestratorStarted(4500), ev.timerFired(0, 4000)], options);
    expect(second.actions).toEqual([{ kind: "CreateTimer", id: 1, fireAt: at(8500) }]);
    const third = execute(long, [...past, ev.orchestratorStarted(4500), ev.timerFired(0, 4000), ev.timerCreated(1, 8500)],
      [ev.orchestratorStarted(8500), ev.timerFired(1, 8500)], options);
    expect(third.actions).toEqual([{ kind: "CreateTimer", id: 2, fireAt: at(10_000) }]);
  });
});

describe("context: external events", () => {
  it("matches names case-insensitively and keeps buffered events in arrival order", () => {
    function* collect(ctx: OrchestrationContext): Generator<any, unknown, any> {
      yield ctx.createTimer(10);
      return [yield ctx.waitForExternalEvent("Item"), yield ctx.waitForExternalEvent("ITEM"), yield ctx.waitForExternalEvent("item")];
    }
    const past = [ev.orchestratorStarted(), ev.started("C"), ev.timerCreated(0, 10)];
    const result = execute(collect, past, [ev.orchestratorStarted(1), ev.raised("item", 1), ev.raised("ITEM", 2), ev.raised("Item", 3), ev.timerFired(0, 10)]);
    expect(result.output).toBe("[1,2,3]");
  });

  it("gives an event to the newest waiter, so a wait abandoned in a whenAny loop does not swallow it", () => {
    function* poll(ctx: OrchestrationContext): Generator<any, unknown, any> {
      for (let round = 0; ; round++) {
        const event = ctx.waitForExternalEvent("Ping");
        const winner: Task<unknown> = yield ctx.whenAny([event, ctx.createTimer(1000)]);
        if (winner === event) return { round, value: event.result };
      }
    }
    const past = [ev.orchestratorStarted(), ev.started("Poll"), ev.timerCreated(0, 1000), ev.orchestratorStarted(1000), ev.timerFired(0, 1000), ev.timerCreated(1, 2000)];
    expect(execute(poll, past, [ev.orchestratorStarted(1500), ev.raised("ping", "pong")]).output).toBe('{"round":1,"value":"pong"}');
  });

  it("buffers an event that arrives in the same batch before ExecutionStarted", () => {
    function* waits(ctx: OrchestrationContext): Generator<any, unknown, any> {
      return yield ctx.waitForExternalEvent("Early");
    }
    expect(execute(waits, [], [ev.orchestratorStarted(), ev.raised("Early", "bird"), ev.started("W")]).output).toBe('"bird"');
  });

  it("sends events as numbered actions that replay against EventSent", () => {
    function* sends(ctx: OrchestrationContext): Generator<any, unknown, any> {
      ctx.sendEvent("other", "Hello", { n: 1 });
      return yield ctx.callActivity("After");
    }
    const first = execute(sends, [], [ev.orchestratorStarted(), ev.started("S")]);
    expect(first.actions).toEqual([
      { kind: "SendEvent", id: 0, instanceId: "other", name: "Hello", input: '{"n":1}' },
      { kind: "ScheduleTask", id: 1, name: "After" },
    ]);
    const past = [ev.orchestratorStarted(), ev.started("S"), ev.eventSent(0, "other", "Hello", { n: 1 }), ev.scheduled(1, "After")];
    expect(execute(sends, past, [ev.orchestratorStarted(1), ev.completed(1, "done")])).toMatchObject({ status: "Completed", output: '"done"' });
  });
});

describe("context: payloads and ids", () => {
  it("passes Dates as ISO strings and leaves an undefined output absent", () => {
    const dated = execute((_ctx: OrchestrationContext) => ({ at: at(0) }), [], [ev.orchestratorStarted(), ev.started("D")]);
    expect(dated.output).toBe('{"at":"2026-01-01T00:00:00.000Z"}');
    const empty = execute(() => undefined, [], [ev.orchestratorStarted(), ev.started("E")]);
    expect(empty).toEqual({ status: "Completed", actions: [{ kind: "CompleteOrchestration", id: -1, status: "Completed" }] });
  });

  it("gives a sub-orchestration a deterministic default id: parent id, execution id and task id in 4+ lowercase hex digits", () => {
    function* many(ctx: OrchestrationContext): Generator<any, void, any> {
      for (let i = 0; i < 10; i++) ctx.sendEvent("x", "e");
      yield ctx.callSubOrchestrator("Child", undefined, { version: "2" });
      yield ctx.callSubOrchestrator("Child", undefined, { instanceId: "mine" });
    }
    const first = execute(many, [], [ev.orchestratorStarted(), ev.started("P")]);
    expect(first.actions.at(-1)).toEqual({ kind: "CreateSubOrchestration", id: 10, name: "Child", instanceId: "instance-1:exec-1:000a", version: "2" });
    const past = [ev.orchestratorStarted(), ev.started("P"), ...first.actions.slice(0, 10).map((_, i) => ev.eventSent(i, "x", "e")), ev.subCreated(10, "Child", "instance-1:exec-1:000a")];
    const second = execute(many, past, [ev.orchestratorStarted(1), { eventType: "SubOrchestrationInstanceCompleted", eventId: -1, timestamp: T0, taskScheduledId: 10 }]);
    expect(second.actions).toEqual([{ kind: "CreateSubOrchestration", id: 11, name: "Child", instanceId: "mine" }]);
  });

  it("fails an async orchestrator with a clear message instead of serializing its promise", () => {
    const result = execute((async () => 1) as any, [], [ev.orchestratorStarted(), ev.started("Async")]);
    expect(result.status).toBe("Failed");
    expect(result.failureDetails?.message).toMatch(/generator functions/);
  });

  it("fails the run when the input is not JSON, like an orchestrator that throws", () => {
    const started = { ...ev.started("Bad"), input: "{not json" } as HistoryEvent;
    const result = execute(() => 1, [], [ev.orchestratorStarted(), started]);
    expect(result).toMatchObject({ status: "Failed", failureDetails: { errorType: "SyntaxError" } });
  });
});
