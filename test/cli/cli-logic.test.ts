// The pure parts of the CLI: durations, the history timeline, the diagnosis and the replay verdict.
import { describe, expect, it } from "vitest";
import type { OrchestrationState } from "../../src/backend/orchestration-service.js";
import type { HistoryEvent, OrchestrationContext } from "../../src/core/index.js";
import { parseDuration } from "../../src/cli/durations.js";
import { buildTimeline } from "../../src/cli/history-timeline.js";
import { diagnose, openTasksOf } from "../../src/cli/instance-diagnosis.js";
import { replayVerdict } from "../../src/cli/replay-verdict.js";
import { formatDuration } from "../../src/cli/text-table.js";
import { toClientHistoryEvent } from "../../src/client/orchestration-state.js";
import { at, ev, T0 } from "../core/history-builders.js";

/** What the commands get from the client: the same events with payloads parsed. */
const asRead = (events: HistoryEvent[]) => events.map(toClientHistoryEvent);
const stamped = (event: HistoryEvent, ms: number): HistoryEvent => ({ ...event, timestamp: at(ms) });

const state = (runtimeStatus: OrchestrationState["runtimeStatus"], extra: Partial<OrchestrationState> = {}): OrchestrationState => ({
  instanceId: "i", executionId: "e", name: "Test", runtimeStatus, createdAt: T0, lastUpdatedAt: T0, ...extra,
});

describe("durations", () => {
  it("parses d, h, m and s, and refuses anything else", () => {
    expect(parseDuration("older-than", "30d")).toBe(30 * 86_400_000);
    expect(parseDuration("older-than", "12h")).toBe(12 * 3_600_000);
    expect(parseDuration("older-than", "15M")).toBe(15 * 60_000);
    expect(parseDuration("older-than", "45s")).toBe(45_000);
    for (const bad of ["30", "d", "1.5h", "-1d", "3w"]) expect(() => parseDuration("older-than", bad)).toThrow(/--older-than must be a duration/);
  });

  it("formats milliseconds for people", () => {
    expect([850, 12_340, 245_000, 7_800_000].map(formatDuration)).toEqual(["850 ms", "12.3 s", "4 min 5 s", "2 h 10 min"]);
  });
});

describe("timeline", () => {
  it("gives offsets from the earliest event and durations from scheduling to answer", () => {
    const timeline = buildTimeline(asRead([
      stamped(ev.orchestratorStarted(), 20),
      ev.started("Test"),
      stamped(ev.scheduled(0, "Work", 1), 20),
      stamped(ev.completed(0, 2), 520),
      stamped(ev.timerCreated(1, 5000), 530),
      ev.timerFired(1, 5000),
    ]));
    expect(timeline.map((e) => e.offsetInMs)).toEqual([20, 0, 20, 520, 530, 5000]);
    expect(timeline[3]).toMatchObject({ eventType: "TaskCompleted", taskId: 0, name: "Work", durationInMs: 500, detail: 2 });
    expect(timeline[5]).toMatchObject({ eventType: "TimerFired", taskId: 1, durationInMs: 4470 });
  });
});

describe("diagnosis", () => {
  it("keeps a retried activity open only until its last attempt is answered", () => {
    const history = [ev.started("Test"), ev.scheduled(0, "Flaky"), ev.failed(0, "boom"), ev.timerCreated(1, 100), ev.timerFired(1, 100), ev.scheduled(2, "Flaky")];
    expect(openTasksOf(asRead(history))).toEqual([{ kind: "activity", taskId: 2, name: "Flaky", since: T0 }]);
  });

  it("says why a suspended, continued or pending instance is not done", () => {
    const suspended = diagnose(state("Suspended"), asRead([ev.started("Test"), { ...ev.suspended(), reason: "night" } as HistoryEvent]), at(1));
    expect(suspended.summary[0]).toBe(`Suspended since ${T0.toISOString()} (reason: night): resume it to continue`);
    expect(diagnose(state("ContinuedAsNew"), [], at(1)).summary[0]).toMatch(/^Continued as new/);
    expect(diagnose(state("Pending"), [], at(1)).summary[0]).toMatch(/is a worker running on this task hub\?/);
  });

  it("reports a finished instance as done, with its failure", () => {
    const failed = diagnose(state("Failed", { completedAt: at(5), failureDetails: { errorType: "TaskFailedError", message: "no" } }), [], at(9));
    expect(failed).toMatchObject({ done: true, summary: [`Failed at ${at(5).toISOString()}: TaskFailedError: no`] });
  });

  it("marks a timer that is due but not delivered", () => {
    const running = diagnose(state("Running"), asRead([ev.started("Test"), ev.timerCreated(0, 100)]), at(200));
    expect(running.summary[0]).toBe(`timer #0 fires at ${at(100).toISOString()} (due: waiting for a worker to deliver it)`);
  });
});

describe("replay verdict", () => {
  function* countDown(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
    yield ctx.callActivity("Tick", n);
    if (n > 0) ctx.continueAsNew(n - 1);
    return n;
  }

  it("replays a finished history to its end instead of taking the recorded outcome", () => {
    const continued = [ev.started("CountDown", 3), ev.scheduled(0, "Tick", 3), ev.completed(0), ev.continuedAsNew(2)];
    expect(replayVerdict(countDown, continued)).toEqual({ deterministic: true, status: "ContinuedAsNew" });
    const completedEarly = [ev.started("CountDown", 3), ev.scheduled(0, "Tick", 3), ev.completed(0), ev.executionCompleted("Completed", 3)];
    expect(replayVerdict(countDown, completedEarly)).toMatchObject({
      deterministic: false,
      message: "The history records that the execution ended Completed, but on replay the orchestrator ends ContinuedAsNew",
    });
  });

  it("accepts a terminated history whatever the code would have done next", () => {
    const terminated = [ev.started("CountDown", 3), ev.scheduled(0, "Tick", 3), ev.terminated("stop"), ev.executionCompleted("Terminated", "stop")];
    expect(replayVerdict(countDown, terminated)).toEqual({ deterministic: true, status: "Terminated" });
  });

  it("flags an unfinished history that the code now ends", () => {
    // The recorded code caught the activity's failure and went on to wait for an event; this code lets it fail the orchestration.
    const verdict = replayVerdict(countDown, [ev.started("CountDown", 3), ev.scheduled(0, "Tick", 3), ev.failed(0, "flaky")]);
    expect(verdict).toMatchObject({
      deterministic: false,
      message: expect.stringMatching(/^The history records a running execution, but on replay the orchestrator fails: TaskFailedError: /),
    });
  });

  it("names the task where a running history diverges", () => {
    const verdict = replayVerdict(countDown, [ev.started("CountDown", 3), ev.timerCreated(0, 100)]);
    expect(verdict).toMatchObject({ deterministic: false, message: expect.stringContaining("at task 0 the history records a timer (TimerCreated)") });
  });
});
