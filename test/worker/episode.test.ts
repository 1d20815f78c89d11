// runEpisode as the pure decision it is: history and new messages in; events to append, messages to send and the
// status to record out, with duplicates dropped, early answers deferred and continue-as-new run in place.
import { describe, expect, it } from "vitest";
import type { HistoryEvent, OrchestrationContext, Orchestrator, TaskMessage } from "../../src/core/index.js";
import { runEpisode, type EpisodeInput } from "../../src/worker/episode.js";

const now = new Date("2026-01-01T00:10:00.000Z");
const t0 = new Date("2026-01-01T00:00:00.000Z");
const instance = { instanceId: "i1", executionId: "e1" };
const start: TaskMessage = {
  orchestrationInstance: instance,
  event: { eventType: "ExecutionStarted", eventId: -1, timestamp: t0, name: "Twice", input: "3", orchestrationInstance: instance, tags: { a: "b" } },
};
const completed = (id: number, result: unknown): TaskMessage => ({
  orchestrationInstance: instance,
  event: { eventType: "TaskCompleted", eventId: -1, timestamp: now, taskScheduledId: id, result: JSON.stringify(result) },
});

const orchestrators: Record<string, Orchestrator> = {
  Twice: function* (ctx: OrchestrationContext, n: number) {
    const a = (yield ctx.callActivity("Double", n)) as number;
    return (yield ctx.callActivity("Double", a)) as number;
  },
  Loop: function* (ctx: OrchestrationContext, n: number) {
    if (n > 0) ctx.continueAsNew(n - 1);
    return "end";
  },
  Forever: function* (ctx: OrchestrationContext, n: number) {
    ctx.continueAsNew(n + 1);
  },
};

let executions = 0;
const episode = (history: HistoryEvent[], messages: TaskMessage[], over: Partial<EpisodeInput> = {}) =>
  runEpisode({
    instanceId: "i1", history, messages, now,
    resolveOrchestrator: (name) => orchestrators[name],
    newExecutionId: () => `x${++executions}`,
    ...over,
  });

describe("runEpisode", () => {
  it("starts a new execution: events from OrchestratorStarted to OrchestratorCompleted, one activity, status Running", () => {
    const out = episode([], [start]);
    const commit = out.commit!;
    expect(commit.isNewExecution).toBe(true);
    expect(commit.executionId).toBe("e1");
    expect(commit.newEvents.map((e) => e.eventType)).toEqual(["OrchestratorStarted", "ExecutionStarted", "TaskScheduled", "OrchestratorCompleted"]);
    expect(commit.activityMessages).toHaveLength(1);
    expect(commit.state).toMatchObject({ name: "Twice", runtimeStatus: "Running", input: "3", createdTime: t0, lastUpdatedTime: now, tags: { a: "b" } });
    expect(commit.state.completedTime).toBeUndefined();
    expect(out.dropped).toEqual([]);
  });

  it("applies an answer to the history and completes with the output and a completion time", () => {
    const first = episode([], [start]).commit!;
    const second = episode(first.newEvents, [completed(0, 6)]).commit!;
    expect(second.isNewExecution).toBe(false);
    expect(second.newEvents.map((e) => e.eventType)).toEqual(["OrchestratorStarted", "TaskCompleted", "TaskScheduled", "OrchestratorCompleted"]);
    const history = [...first.newEvents, ...second.newEvents];
    const third = episode(history, [completed(1, 12)]).commit!;
    expect(third.state).toMatchObject({ runtimeStatus: "Completed", output: "12", completedTime: now });
    expect(third.newEvents.map((e) => e.eventType)).toContain("ExecutionCompleted");
  });

  it("drops a duplicate answer and defers one whose task is not in history yet", () => {
    const first = episode([], [start]).commit!;
    const history = [...first.newEvents, ...episode(first.newEvents, [completed(0, 6)]).commit!.newEvents];
    const early = completed(7, "too soon");
    const out = episode(history, [completed(0, 6), early]);
    expect(out.commit).toBeUndefined();
    expect(out.dropped.map((d) => d.reason)).toEqual(["task 0 already has a result"]);
    expect(out.deferredMessages).toEqual([early]);
  });

  it("repairs the status from a finished history when messages arrive for it", () => {
    const a = episode([], [start]).commit!;
    const b = episode(a.newEvents, [completed(0, 6)]).commit!;
    const c = episode([...a.newEvents, ...b.newEvents], [completed(1, 12)]).commit!;
    const finished = [...a.newEvents, ...b.newEvents, ...c.newEvents];
    const out = episode(finished, [completed(1, 12)]);
    expect(out.commit).toBeUndefined();
    expect(out.statusRepair).toMatchObject({ runtimeStatus: "Completed", output: "12", executionId: "e1" });
  });

  it("runs continue-as-new generations in one episode, keeping only the last execution", () => {
    const loopStart: TaskMessage = { ...start, event: { ...(start.event as object), name: "Loop", input: "3" } as TaskMessage["event"] };
    const commit = episode([], [loopStart]).commit!;
    expect(commit.isNewExecution).toBe(true);
    expect(commit.state).toMatchObject({ runtimeStatus: "Completed", output: '"end"', input: "0" });
    expect(commit.executionId).not.toBe("e1");
    expect(commit.newEvents.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
  });

  it("bounds the generations of one episode: the next one is sent as a message", () => {
    const foreverStart: TaskMessage = { ...start, event: { ...(start.event as object), name: "Forever", input: "0" } as TaskMessage["event"] };
    const commit = episode([], [foreverStart]).commit!;
    expect(commit.state.runtimeStatus).toBe("ContinuedAsNew");
    const next = commit.orchestratorMessages.find((m) => m.event.eventType === "ExecutionStarted");
    expect(next?.event).toMatchObject({ name: "Forever", input: "20" });
  });

  it("fails an instance whose orchestrator is not registered", () => {
    const commit = episode([], [start], { resolveOrchestrator: () => undefined }).commit!;
    expect(commit.state).toMatchObject({ runtimeStatus: "Failed", failureDetails: { errorType: "OrchestratorNotFoundError" } });
  });

  it("drops events for an instance that never started, and defers completions (their TaskScheduled may be on its way)", () => {
    const raised: TaskMessage = { event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(0), name: "x" }, orchestrationInstance: { instanceId: "i" } };
    const out = episode([], [raised, completed(0, 1)]);
    expect(out.commit).toBeUndefined();
    expect(out.dropped.map((d) => d.reason)).toEqual(["the instance has not started"]);
    expect(out.deferredMessages.map((m) => m.event.eventType)).toEqual(["TaskCompleted"]);
  });
});
