import { describe, expect, it } from "vitest";
import type { HistoryEvent, OrchestrationContext, TaskMessage } from "../../src/core/index.js";
import { runEpisode } from "../../src/worker/episode.js";
import { runLocalActivities } from "../../src/worker/local-activities.js";

const start: TaskMessage = {
  event: {
    eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(0), name: "Chain", input: "0",
    orchestrationInstance: { instanceId: "i", executionId: "e" },
  },
  orchestrationInstance: { instanceId: "i", executionId: "e" },
};

function* chain(ctx: OrchestrationContext, x: number): Generator<any, number, any> {
  for (let i = 0; i < 3; i++) x = yield ctx.callActivity(i === 2 ? "Remote" : "Inc", x);
  return x;
}

const episode = (history: HistoryEvent[], messages: TaskMessage[]) =>
  runEpisode({ instanceId: "i", history, messages, now: new Date(1000), resolveOrchestrator: () => chain, newExecutionId: () => "n" });

describe("runLocalActivities", () => {
  it("runs registered activities round after round and leaves the rest to the queue, in one commit", async () => {
    const runner = {
      isRegistered: (name: string) => name === "Inc",
      run: async (m: TaskMessage): Promise<HistoryEvent> => ({
        eventType: "TaskCompleted", eventId: -1, timestamp: new Date(1000),
        taskScheduledId: m.event.eventId, result: String(Number(JSON.parse((m.event as { input: string }).input)) + 1),
      }),
    };
    const outcome = await runLocalActivities(episode([], [start]), [], runner, episode, { budgetInMs: 1000, maxPerRound: 10, concurrency: 4 });
    const commit = outcome.commit!;
    expect(commit.isNewExecution).toBe(true);
    expect(commit.activityMessages.map((m) => (m.event as { name: string }).name)).toEqual(["Remote"]);
    expect(commit.newEvents.map((e) => e.eventType)).toEqual([
      "OrchestratorStarted", "ExecutionStarted", "TaskScheduled", "OrchestratorCompleted",
      "OrchestratorStarted", "TaskCompleted", "TaskScheduled", "OrchestratorCompleted",
      "OrchestratorStarted", "TaskCompleted", "TaskScheduled", "OrchestratorCompleted",
    ]);
    expect(commit.state.runtimeStatus).toBe("Running");
  });
});
