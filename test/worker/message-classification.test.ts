import { describe, expect, it } from "vitest";
import type { HistoryEvent, TaskMessage } from "../../src/core/index.js";
import { classifyMessages } from "../../src/worker/message-classification.js";

const t = new Date("2026-01-01T00:00:00Z");
const instance = { instanceId: "i1", executionId: "e1" };
const started: HistoryEvent = {
  eventType: "ExecutionStarted", eventId: -1, timestamp: t, name: "Orch", orchestrationInstance: instance,
};
const scheduled: HistoryEvent = { eventType: "TaskScheduled", eventId: 0, timestamp: t, name: "A" };
const completed = (id: number): TaskMessage => ({
  event: { eventType: "TaskCompleted", eventId: -1, timestamp: t, taskScheduledId: id, result: "1" },
  orchestrationInstance: instance,
});
const history: HistoryEvent[] = [{ eventType: "OrchestratorStarted", eventId: -1, timestamp: t }, started, scheduled];

describe("classifyMessages", () => {
  it("accepts a completion of a scheduled task once and drops its redelivery", () => {
    const first = completed(0);
    const again = completed(0);
    const result = classifyMessages(history, [first, again]);
    expect(result.accepted).toEqual([first.event]);
    expect(result.dropped.map((d) => d.message)).toEqual([again]);
  });

  it("drops a completion whose result is already in history", () => {
    const result = classifyMessages([...history, completed(0).event], [completed(0)]);
    expect(result.accepted).toEqual([]);
    expect(result.dropped[0]!.reason).toMatch(/already has a result/);
  });

  it("defers a completion that arrived before its TaskScheduled was written", () => {
    const early = completed(1);
    const result = classifyMessages(history, [early]);
    expect(result.deferred).toEqual([early]);
  });

  it("defers a completion that arrived before any history was written (the scheduling commit still under way)", () => {
    const early = completed(0);
    const raised: TaskMessage = { event: { eventType: "EventRaised", eventId: -1, timestamp: t, name: "E" }, orchestrationInstance: instance };
    const result = classifyMessages([], [early, raised]);
    expect(result.deferred).toEqual([early]);
    expect(result.dropped.map((d) => d.reason)).toEqual(["the instance has not started"]);
  });

  it("drops a second ExecutionStarted for a running execution", () => {
    const result = classifyMessages(history, [{ event: started, orchestrationInstance: instance }]);
    expect(result.start).toBeUndefined();
    expect(result.dropped).toHaveLength(1);
  });

  it("starts a new instance and drops messages for an instance that never started", () => {
    const event: TaskMessage = {
      event: { eventType: "EventRaised", eventId: -1, timestamp: t, name: "x" },
      orchestrationInstance: { instanceId: "i1" },
    };
    expect(classifyMessages([], [event]).dropped).toHaveLength(1);
    const result = classifyMessages([], [{ event: started, orchestrationInstance: instance }, event]);
    expect(result.start).toBe(started);
    expect(result.accepted).toEqual([event.event]);
  });

  it("drops messages to a completed execution and to an earlier execution", () => {
    const done: HistoryEvent = {
      eventType: "ExecutionCompleted", eventId: 1, timestamp: t, orchestrationStatus: "Completed",
    };
    expect(classifyMessages([...history, done], [completed(0)]).dropped[0]!.reason).toMatch(/completed/);
    const stale = { ...completed(0), orchestrationInstance: { instanceId: "i1", executionId: "old" } };
    expect(classifyMessages(history, [stale]).dropped[0]!.reason).toMatch(/earlier execution/);
  });

  it("defers messages while a continued-as-new execution's successor has not started", () => {
    const continued: HistoryEvent = { eventType: "ContinueAsNew", eventId: 1, timestamp: t, result: "1" };
    const event: TaskMessage = {
      event: { eventType: "EventRaised", eventId: -1, timestamp: t, name: "x" },
      orchestrationInstance: { instanceId: "i1" },
    };
    expect(classifyMessages([...history, continued], [event]).deferred).toEqual([event]);
  });
});
