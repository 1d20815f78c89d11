// The golden fixtures of test/fixtures/original/ (built from the original's source, see build-fixtures.py) and the
// dtfx values each one stands for, shared by the fixture tests and the "hub written by the original" test.
import { readFileSync } from "node:fs";
import type { HistoryEvent, FailureDetails } from "../../src/core/index.js";

const FIXTURES = new URL("../fixtures/original/", import.meta.url);

export interface FixtureFile<T> {
  about: string;
  fixtures: Record<string, T & { source: string[] }>;
}

export function loadFixtures<T>(name: string): FixtureFile<T> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as FixtureFile<T>;
}

/** The fixtures' fixed values (see build-fixtures.py). */
export const I = "abc";
export const E = "e0e1e2e3e4e5e6e7e8e9eaebecedeeef";
export const CHILD = "abc:0";
export const CE = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
export const T = new Date("2024-05-01T12:34:56.123Z");
export const FIRE = new Date("2024-05-01T12:39:56.123Z");

const stack = "Error: no such city\n    at SayHello";
const failure = (errorType: string, message: string, stackTrace?: string): FailureDetails => ({
  errorType, message, ...(stackTrace !== undefined && { stackTrace }),
});

/** Each event kind of the fixtures as a dtfx HistoryEvent (message form: TaskScheduled keeps its input). */
export const EVENTS = {
  ExecutionStarted: {
    eventType: "ExecutionStarted", eventId: -1, isPlayed: false, timestamp: T, name: "HelloCities", input: '["Tokyo"]',
    orchestrationInstance: { instanceId: I, executionId: E }, generation: 0,
  },
  ExecutionCompleted: {
    eventType: "ExecutionCompleted", eventId: 3, isPlayed: false, timestamp: T, orchestrationStatus: "Completed", result: '["Hello Tokyo!"]',
  },
  ExecutionTerminated: { eventType: "ExecutionTerminated", eventId: -1, isPlayed: false, timestamp: T, input: "stopped by ops" },
  TaskScheduled: { eventType: "TaskScheduled", eventId: 0, isPlayed: false, timestamp: T, name: "SayHello", input: '"Tokyo"' },
  TaskCompleted: { eventType: "TaskCompleted", eventId: -1, isPlayed: false, timestamp: T, taskScheduledId: 0, result: '"Hello Tokyo!"' },
  TaskFailed: {
    eventType: "TaskFailed", eventId: -1, isPlayed: false, timestamp: T, taskScheduledId: 0, reason: "no such city", details: stack,
    failureDetails: failure("Error", "no such city", stack),
  },
  SubOrchestrationInstanceCreated: {
    eventType: "SubOrchestrationInstanceCreated", eventId: 1, isPlayed: false, timestamp: T, name: "Child", instanceId: CHILD, input: "1",
  },
  SubOrchestrationInstanceCompleted: {
    eventType: "SubOrchestrationInstanceCompleted", eventId: -1, isPlayed: false, timestamp: T, taskScheduledId: 1, result: "2",
  },
  SubOrchestrationInstanceFailed: {
    eventType: "SubOrchestrationInstanceFailed", eventId: -1, isPlayed: false, timestamp: T, taskScheduledId: 1, reason: "child failed",
    failureDetails: failure("Error", "child failed"),
  },
  TimerCreated: { eventType: "TimerCreated", eventId: 2, isPlayed: false, timestamp: T, fireAt: FIRE },
  TimerFired: { eventType: "TimerFired", eventId: -1, isPlayed: false, timestamp: T, timerId: 2, fireAt: FIRE },
  OrchestratorStarted: { eventType: "OrchestratorStarted", eventId: -1, isPlayed: false, timestamp: T },
  OrchestratorCompleted: { eventType: "OrchestratorCompleted", eventId: -1, isPlayed: false, timestamp: T },
  EventSent: { eventType: "EventSent", eventId: 3, isPlayed: false, timestamp: T, instanceId: "other", name: "Approval", input: "true" },
  EventRaised: { eventType: "EventRaised", eventId: -1, isPlayed: false, timestamp: T, name: "Approval", input: "true" },
  ContinueAsNew: { eventType: "ContinueAsNew", eventId: 4, isPlayed: false, timestamp: T, orchestrationStatus: "ContinuedAsNew", result: "2" },
  GenericEvent: { eventType: "GenericEvent", eventId: -1, isPlayed: false, timestamp: T, data: "Rewound: TaskFailed" },
  ExecutionSuspended: { eventType: "ExecutionSuspended", eventId: -1, isPlayed: false, timestamp: T, reason: "maintenance" },
  ExecutionResumed: { eventType: "ExecutionResumed", eventId: -1, isPlayed: false, timestamp: T, reason: "done" },
  ExecutionRewound: { eventType: "ExecutionRewound", eventId: -1, isPlayed: false, timestamp: T, reason: "retry" },
} satisfies Record<string, HistoryEvent>;

/** Replaces what varies per write (GUIDs, counters) by the fixtures' placeholders, in place. */
export function normaliseEnvelope(body: Record<string, unknown>): Record<string, unknown> {
  if (typeof body.ActivityId === "string" && body.ActivityId !== "00000000-0000-0000-0000-000000000000") body.ActivityId = "<guid>";
  if (typeof body.SequenceNumber === "number" && body.SequenceNumber > 0) body.SequenceNumber = "<sequence>";
  if (typeof body.CompressedBlobName === "string") body.CompressedBlobName = body.CompressedBlobName.replace(/message-[0-9a-f]{32}-/, "message-<guid32>-");
  return body;
}
