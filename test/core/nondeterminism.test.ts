import { describe, expect, it } from "vitest";
import { execute, type OrchestrationContext } from "../../src/core/index.js";
import { ev } from "./history-builders.js";

function* callsB(ctx: OrchestrationContext): Generator<any, unknown, any> {
  return yield ctx.callActivity("B");
}

describe("nondeterminism is loud", () => {
  it("fails when the activity at a task id has another name", () => {
    const past = [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "A")];
    const result = execute(callsB, past, [ev.orchestratorStarted(1), ev.completed(0, 1)]);
    expect(result.status).toBe("Failed");
    expect(result.failureDetails?.errorType).toBe("NonDeterminismError");
    expect(result.failureDetails?.message).toMatch(/task 0.*TaskScheduled 'A'.*ScheduleTask 'B'/);
    expect(result.actions).toEqual([expect.objectContaining({ kind: "CompleteOrchestration", status: "Failed" })]);
  });

  it("fails when the action at a task id is of another kind", () => {
    function* timerFirst(ctx: OrchestrationContext): Generator<any, void, any> {
      yield ctx.createTimer(10);
    }
    const past = [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "A")];
    const result = execute(timerFirst, past, [ev.orchestratorStarted(1)]);
    expect(result.failureDetails?.errorType).toBe("NonDeterminismError");
    expect(result.failureDetails?.message).toMatch(/TaskScheduled 'A'.*a timer/);
  });

  it("fails on a completion for a task that was never scheduled", () => {
    const past = [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "B")];
    const result = execute(callsB, past, [ev.orchestratorStarted(1), ev.completed(7, 1)]);
    expect(result.failureDetails?.errorType).toBe("NonDeterminismError");
    expect(result.failureDetails?.message).toMatch(/task 7/);
  });

  it("fails when a completion does not fit the kind of task at its id", () => {
    const past = [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "B")];
    const result = execute(callsB, past, [ev.orchestratorStarted(1), ev.timerFired(0, 1)]);
    expect(result.failureDetails?.errorType).toBe("NonDeterminismError");
    expect(result.failureDetails?.message).toMatch(/TimerFired for task 0.*ScheduleTask/);
  });

  it("fails when a completion comes before the event that records its task", () => {
    const result = execute(callsB, [ev.orchestratorStarted(), ev.started("O"), ev.completed(0, 1), ev.scheduled(0, "B")], [ev.orchestratorStarted(1)]);
    expect(result.failureDetails?.message).toMatch(/before the TaskScheduled/);
  });

  it("still drops a redelivered completion silently", () => {
    const past = [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "B"), ev.orchestratorStarted(1), ev.completed(0, 1)];
    expect(execute(callsB, past.slice(0, 3), [ev.orchestratorStarted(1), ev.completed(0, 1), ev.completed(0, 1)]).status).toBe("Completed");
    expect(execute(callsB, past, [ev.orchestratorStarted(2), ev.completed(0, 2)])).toMatchObject({ status: "Completed", output: "1" });
  });

  it("fails when the history records an action the code no longer takes", () => {
    const noActivities = function* (): Generator<any, unknown, any> {
      return 1;
    };
    const past = [ev.orchestratorStarted(), ev.started("O"), ev.scheduled(0, "A")];
    const result = execute(noActivities, past, [ev.orchestratorStarted(1), ev.completed(0, 1)]);
    expect(result.failureDetails?.errorType).toBe("NonDeterminismError");
  });
});
