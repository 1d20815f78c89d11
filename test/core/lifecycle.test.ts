import { describe, expect, it } from "vitest";
import { execute, type CompleteOrchestrationAction, type OrchestrationContext } from "../../src/core/index.js";
import { ev } from "./history-builders.js";

function* loops(ctx: OrchestrationContext, n: number): Generator<any, unknown, any> {
  yield ctx.createTimer(10);
  ctx.continueAsNew(n + 1, n % 2 === 1);
  return "ignored";
}
const completionOf = (actions: unknown[]) => actions.at(-1) as CompleteOrchestrationAction;

describe("lifecycle: continue-as-new", () => {
  it("without preserving, drops events nobody consumed", () => {
    const past = [ev.orchestratorStarted(), ev.started("Loop", 2), ev.timerCreated(0, 10)];
    const result = execute(loops, past, [ev.orchestratorStarted(10), ev.raised("Lost", 1), ev.timerFired(0, 10)]);
    expect(result).toMatchObject({ status: "ContinuedAsNew", actions: [{ kind: "CompleteOrchestration", status: "ContinuedAsNew", result: "3" }] });
    expect(completionOf(result.actions).carryoverEvents).toBeUndefined();
    expect(result.output).toBeUndefined();
  });

  it("with preserving, carries unconsumed events in arrival order, including those after the end", () => {
    const past = [ev.orchestratorStarted(), ev.started("Loop", 1), ev.raised("B", 1), ev.timerCreated(0, 10)];
    const fresh = [ev.orchestratorStarted(10), ev.raised("A", 2), ev.raised("B", 3), ev.timerFired(0, 10), ev.raised("A", 4)];
    const carried = completionOf(execute(loops, past, fresh).actions).carryoverEvents!;
    expect(carried.map((e) => (e.eventType === "EventRaised" ? `${e.name}${e.input}` : e.eventType))).toEqual(["B1", "A2", "B3", "A4"]);
  });

  it("keeps the actions scheduled before continuing, ahead of the completion", () => {
    function* sendsThenLoops(ctx: OrchestrationContext): Generator<any, void, any> {
      ctx.sendEvent("watcher", "Tick");
      ctx.continueAsNew(undefined);
    }
    const result = execute(sendsThenLoops, [], [ev.orchestratorStarted(), ev.started("L")]);
    expect(result.actions.map((a) => a.kind)).toEqual(["SendEvent", "CompleteOrchestration"]);
    expect(completionOf(result.actions).result).toBeUndefined();
  });

  it("fails when the orchestrator throws after asking to continue", () => {
    function* throwsAfter(ctx: OrchestrationContext): Generator<any, unknown, any> {
      ctx.continueAsNew(1);
      throw new Error("changed my mind");
    }
    expect(execute(throwsAfter, [], [ev.orchestratorStarted(), ev.started("T")]).status).toBe("Failed");
  });
});

describe("lifecycle: finished histories", () => {
  const never = function* (): Generator<any, unknown, any> {
    throw new Error("a finished history must not run the orchestrator");
  };

  it("replays a completed, failed or terminated history to its recorded outcome without actions", () => {
    const done = execute(never, [ev.orchestratorStarted(), ev.started("O"), ev.executionCompleted("Completed", [1])], [ev.orchestratorStarted(5)]);
    expect(done).toEqual({ actions: [], status: "Completed", output: "[1]" });
    const details = { errorType: "Error", message: "boom" };
    const failed = execute(never, [ev.orchestratorStarted(), ev.started("O"), ev.executionCompleted("Failed", undefined, details)], []);
    expect(failed).toEqual({ actions: [], status: "Failed", failureDetails: details });
    const ended = execute(never, [ev.orchestratorStarted(), ev.started("O"), ev.executionCompleted("Terminated", "why")], []);
    expect(ended).toEqual({ actions: [], status: "Terminated", output: '"why"' });
  });

  it("replays a history that continued as new to ContinuedAsNew without actions", () => {
    const result = execute(never, [ev.orchestratorStarted(), ev.started("O"), ev.continuedAsNew(5)], [ev.orchestratorStarted(1), ev.raised("late")]);
    expect(result).toEqual({ actions: [], status: "ContinuedAsNew" });
  });
});

describe("lifecycle: suspension and termination", () => {
  function* twoSteps(ctx: OrchestrationContext): Generator<any, unknown, any> {
    const a: unknown = yield ctx.callActivity("A");
    const b: unknown = yield ctx.callActivity("B");
    return [a, b];
  }
  const past = [ev.orchestratorStarted(), ev.started("Two"), ev.scheduled(0, "A")];

  it("keeps the actions taken before a suspension and holds what arrives after it", () => {
    const result = execute(twoSteps, past, [ev.orchestratorStarted(1), ev.completed(0, 1), ev.suspended(), ev.raised("x")]);
    expect(result).toMatchObject({ status: "Suspended", actions: [{ kind: "ScheduleTask", id: 1, name: "B" }] });
  });

  it("delivers held completions in order on resume, in a later episode", () => {
    const suspendedPast = [...past, ev.orchestratorStarted(1), ev.suspended(), ev.completed(0, 1)];
    const resumed = execute(twoSteps, suspendedPast, [ev.orchestratorStarted(2), ev.resumed()]);
    expect(resumed).toMatchObject({ status: "Running", actions: [{ kind: "ScheduleTask", id: 1, name: "B" }] });
  });

  it("terminates a suspended instance, without delivering what was held", () => {
    const result = execute(twoSteps, past, [ev.orchestratorStarted(1), ev.suspended(), ev.completed(0, 1), ev.terminated("admin")]);
    expect(result).toEqual({
      status: "Terminated", output: '"admin"',
      actions: [{ kind: "CompleteOrchestration", id: -1, status: "Terminated", result: '"admin"' }],
    });
  });

  it("drops the episode's other actions on termination and ignores everything after it", () => {
    const result = execute(twoSteps, past, [ev.orchestratorStarted(1), ev.completed(0, 1), ev.terminated(), ev.completed(1, 2)]);
    expect(result).toEqual({ status: "Terminated", actions: [{ kind: "CompleteOrchestration", id: -1, status: "Terminated" }] });
  });

  it("ignores GenericEvent, HistoryState and OrchestratorCompleted", () => {
    const noise = [
      { eventType: "GenericEvent", eventId: -1, timestamp: past[0]!.timestamp, data: "x" },
      { eventType: "HistoryState", eventId: -1, timestamp: past[0]!.timestamp },
      { eventType: "OrchestratorCompleted", eventId: -1, timestamp: past[0]!.timestamp },
    ] as const;
    const result = execute(twoSteps, [...past, ...noise], [ev.orchestratorStarted(1), ...noise, ev.completed(0, 1)]);
    expect(result.actions).toEqual([{ kind: "ScheduleTask", id: 1, name: "B" }]);
  });
});
