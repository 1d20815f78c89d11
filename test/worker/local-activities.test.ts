import { describe, expect, it } from "vitest";
import type { HistoryEvent, OrchestrationContext, TaskMessage } from "../../src/core/index.js";
import { runEpisode } from "../../src/worker/episode.js";
import { runLocalActivities, type LocalActivityRunner } from "../../src/worker/local-activities.js";
import { ActivitySlots } from "../../src/worker/activity-slots.js";

const start = (name: string, input: string): TaskMessage => ({
  event: {
    eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(0), name, input,
    orchestrationInstance: { instanceId: "i", executionId: "e" },
  },
  orchestrationInstance: { instanceId: "i", executionId: "e" },
});

function* chain(ctx: OrchestrationContext, x: number): Generator<any, number, any> {
  for (let i = 0; i < 3; i++) x = yield ctx.callActivity(i === 2 ? "Remote" : "Inc", x);
  return x;
}

function* fanOut(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  const parts: number[] = yield ctx.whenAll(Array.from({ length: n }, (_, i) => ctx.callActivity("Inc", i)));
  return parts.reduce((a, b) => a + b, 0);
}

const orchestrators: Record<string, typeof chain> = { Chain: chain, FanOut: fanOut };
const episode = (history: HistoryEvent[], messages: TaskMessage[]) =>
  runEpisode({ instanceId: "i", history, messages, now: new Date(1000), resolveOrchestrator: (name) => orchestrators[name], newExecutionId: () => "n" });

/** Runs "Inc" (input + 1) after `delayInMs` per call, in the given slots. */
function runner(slots: ActivitySlots, delayInMs = (_input: number) => 0): LocalActivityRunner {
  return {
    isRegistered: (name) => name === "Inc",
    tryAcquireSlots: (count) => slots.tryAcquire(count),
    releaseSlot: () => slots.release(),
    run: async (m) => {
      const input = Number(JSON.parse((m.event as { input: string }).input));
      await new Promise((r) => setTimeout(r, delayInMs(input)));
      return { eventType: "TaskCompleted", eventId: -1, timestamp: new Date(1000), taskScheduledId: m.event.eventId, result: String(input + 1) };
    },
  };
}

const names = (messages: TaskMessage[]) => messages.map((m) => (m.event as { name: string }).name);

describe("runLocalActivities", () => {
  it("runs registered activities round after round and leaves the rest to the queue, in one commit", async () => {
    const slots = new ActivitySlots(4);
    const { outcome, handedOff } = await runLocalActivities(episode([], [start("Chain", "0")]), [], runner(slots), episode, { budgetInMs: 1000, maxPerRound: 10 });
    const commit = outcome.commit!;
    expect(commit.isNewExecution).toBe(true);
    expect(names(commit.activityMessages)).toEqual(["Remote"]);
    expect(commit.heldActivityMessages).toBeUndefined();
    expect(handedOff).toEqual([]);
    expect(commit.newEvents.map((e) => e.eventType)).toEqual([
      "OrchestratorStarted", "ExecutionStarted", "TaskScheduled", "OrchestratorCompleted",
      "OrchestratorStarted", "TaskCompleted", "TaskScheduled", "OrchestratorCompleted",
      "OrchestratorStarted", "TaskCompleted", "TaskScheduled", "OrchestratorCompleted",
    ]);
    expect(commit.state.runtimeStatus).toBe("Running");
    expect(slots.free).toBe(4);
  });

  it("runs only as many calls as there are free slots and commits the rest for the queue at once", async () => {
    const slots = new ActivitySlots(5);
    slots.tryAcquire(2); // busy with other work
    const { outcome, handedOff } = await runLocalActivities(episode([], [start("FanOut", "10")]), [], runner(slots, () => 50), episode, { budgetInMs: 1000, maxPerRound: 100 });
    const commit = outcome.commit!;
    expect(commit.newEvents.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(10);
    expect(commit.newEvents.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(0);
    // Three ran here, handed off (they were still running); seven go to the queue; all ten are sent.
    expect(handedOff).toHaveLength(3);
    expect(commit.heldActivityMessages).toEqual(handedOff.map((h) => h.message));
    expect(commit.activityMessages).toHaveLength(10);
    expect(slots.free).toBe(0);
    await Promise.all(handedOff.map((h) => h.result));
    expect(slots.free).toBe(3);
  });

  it("hands off the calls still running when the budget ends, with the results of those that finished", async () => {
    const slots = new ActivitySlots(10);
    const started = Date.now();
    const { outcome, handedOff } = await runLocalActivities(
      episode([], [start("FanOut", "3")]), [], runner(slots, (i) => (i === 1 ? 600 : 10)), episode, { budgetInMs: 200, maxPerRound: 100 },
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    const commit = outcome.commit!;
    expect(commit.newEvents.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(2);
    expect(commit.state.runtimeStatus).toBe("Running");
    expect(handedOff.map((h) => (h.message.event as { input: string }).input)).toEqual(["1"]);
    expect(commit.activityMessages).toEqual(commit.heldActivityMessages);
    expect((await handedOff[0]!.result).eventType).toBe("TaskCompleted");
  });
});
