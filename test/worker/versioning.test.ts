// Worker versioning's decisions, without storage: how versions compare, which ones a worker runs, and what an
// episode does with the others (reject: nothing committed; fail: the instance ends Failed with VersionMismatch).
import { describe, expect, it } from "vitest";
import type { HistoryEvent, OrchestrationContext, TaskMessage } from "../../src/core/index.js";
import { runEpisode } from "../../src/worker/episode.js";
import { compareVersions, validateVersioning, versionMismatch, type VersioningOptions } from "../../src/worker/versioning.js";

describe("compareVersions (VersioningSettings.CompareVersions)", () => {
  it("orders empty before anything, numbers as numbers, the rest as text ignoring case", () => {
    expect(compareVersions("", undefined)).toBe(0);
    expect(compareVersions("", "1.0")).toBe(-1);
    expect(compareVersions("1.0", "")).toBe(1);
    expect(compareVersions("1.10", "1.9")).toBe(1);
    expect(compareVersions("2.0.1", "2.0.1")).toBe(0);
    expect(compareVersions("1.0", "1.0.0")).toBe(-1); // .NET: an absent build is -1
    expect(compareVersions("v2", "V2")).toBe(0);
    expect(compareVersions("1", "2")).toBe(-1); // one number is not a System.Version: compared as text
    expect(compareVersions("10", "9")).toBe(-1);
  });
});

describe("versionMismatch", () => {
  const worker = (matchStrategy: VersioningOptions["matchStrategy"]): VersioningOptions => ({ version: "2.0", matchStrategy });

  it("none runs everything; strict only its own version; currentOrOlder its own and older ones", () => {
    expect(versionMismatch(undefined, "9.9")).toBeUndefined();
    expect(versionMismatch(worker("none"), "9.9")).toBeUndefined();
    expect(versionMismatch(worker("strict"), "2.0")).toBeUndefined();
    expect(versionMismatch(worker("strict"), "1.0")).toMatch(/"1.0" does not match .*strict: exactly "2.0"/);
    expect(versionMismatch(worker("strict"), undefined)).toBeDefined();
    expect(versionMismatch(worker("currentOrOlder"), "1.0")).toBeUndefined();
    expect(versionMismatch(worker("currentOrOlder"), undefined)).toBeUndefined();
    expect(versionMismatch(worker("currentOrOlder"), "2.1")).toMatch(/currentOrOlder: at most "2.0"/);
  });

  it("refuses unknown strategies up front", () => {
    expect(() => validateVersioning({ matchStrategy: "newest" as never })).toThrow(TypeError);
    expect(() => validateVersioning({ failureStrategy: "ignore" as never })).toThrow(TypeError);
  });
});

describe("an episode under versioning", () => {
  const t = new Date("2026-01-01T00:00:00Z");
  const instance = { instanceId: "i1", executionId: "e1" };
  const start = (version?: string): TaskMessage => ({
    event: { eventType: "ExecutionStarted", eventId: -1, timestamp: t, name: "Orch", version, orchestrationInstance: instance },
    orchestrationInstance: instance,
  });
  let runs = 0;
  function* orch(ctx: OrchestrationContext): Generator<any, string, any> {
    runs++;
    return ctx.version;
  }
  const episode = (messages: TaskMessage[], versioning: VersioningOptions, history: HistoryEvent[] = []) =>
    runEpisode({
      instanceId: "i1", history, messages, now: t, resolveOrchestrator: () => orch, newExecutionId: () => "n", versioning,
    });

  it("reject: commits nothing and never runs the orchestrator", () => {
    runs = 0;
    const outcome = episode([start("1.0")], { version: "2.0", matchStrategy: "strict", failureStrategy: "reject" });
    expect(outcome.rejected).toMatch(/does not match/);
    expect(outcome.commit).toBeUndefined();
    expect(runs).toBe(0);
  });

  it("fail: ends the instance Failed with VersionMismatch (non-retriable) without running the orchestrator", () => {
    runs = 0;
    const outcome = episode([start("3.0")], { version: "2.0", matchStrategy: "currentOrOlder", failureStrategy: "fail" });
    expect(outcome.commit?.state).toMatchObject({
      runtimeStatus: "Failed",
      failureDetails: { errorType: "VersionMismatch", isNonRetriable: true },
    });
    expect(outcome.commit?.state.failureDetails?.message).toMatch(/"3.0" does not match/);
    expect(runs).toBe(0);
  });

  it("a matching version runs, and reads its version as ctx.version", () => {
    const outcome = episode([start("2.0")], { version: "2.0", matchStrategy: "strict" });
    expect(outcome.commit?.state).toMatchObject({ runtimeStatus: "Completed", output: '"2.0"', version: "2.0" });
  });

  it("checks a running instance's version from its history, not only at its start", () => {
    const history: HistoryEvent[] = [
      { eventType: "OrchestratorStarted", eventId: -1, timestamp: t },
      start("1.0").event,
      { eventType: "TimerCreated", eventId: 0, timestamp: t, fireAt: t },
      { eventType: "OrchestratorCompleted", eventId: -1, timestamp: t },
    ];
    const fired: TaskMessage = {
      event: { eventType: "TimerFired", eventId: -1, timestamp: t, timerId: 0, fireAt: t },
      orchestrationInstance: instance,
    };
    expect(episode([fired], { version: "2.0", matchStrategy: "strict" }, history).rejected).toBeDefined();
  });
});
