// A late TimerFired is routine (debug, explained); other drops stay at info for people to look at.
import { describe, expect, it } from "vitest";
import type { TaskMessage } from "../../src/core/index.js";
import { createLogger, readableLinesSink, type LogEntry } from "../../src/logging/logger.js";
import { harmlessDropExplanation } from "../../src/worker/dropped-message-explanation.js";

const timerFired: TaskMessage = {
  orchestrationInstance: { instanceId: "a" },
  event: { eventType: "TimerFired", eventId: -1, timestamp: new Date(0), timerId: 2, fireAt: new Date(0) },
};
const eventRaised: TaskMessage = {
  orchestrationInstance: { instanceId: "a" },
  event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(0), name: "Go" },
};

describe("dropped messages", () => {
  it("explains a timer that fires after its execution finished or continued as new", () => {
    expect(harmlessDropExplanation(timerFired, "the execution has completed")).toMatch(/harmless/);
    expect(harmlessDropExplanation(timerFired, "it was sent to an earlier execution")).toMatch(/no longer waits/);
    expect(harmlessDropExplanation(timerFired, "task 2 already has a result")).toBeUndefined();
    expect(harmlessDropExplanation(eventRaised, "the execution has completed")).toBeUndefined();
  });

  it("readable lines hide debug entries unless asked to show them", () => {
    const lines: string[] = [];
    const quiet = createLogger({ sink: readableLinesSink((l) => lines.push(l), false), now: () => new Date(0) });
    quiet.debug("MessageDropped", { reason: "x" });
    quiet.info("EpisodeCommitted");
    expect(lines).toEqual(["1970-01-01T00:00:00.000Z EpisodeCommitted"]);
    const entries: LogEntry[] = [];
    createLogger({ sink: (e) => entries.push(e) }).debug("MessageDropped");
    expect(entries[0]?.level).toBe("debug");
    const verbose: string[] = [];
    createLogger({ sink: readableLinesSink((l) => verbose.push(l), true), now: () => new Date(0) }).debug("MessageDropped");
    expect(verbose).toEqual(["1970-01-01T00:00:00.000Z MessageDropped level=debug"]);
  });
});
