// One fully populated event of every kind, as the queue-message and History-table codecs should give it back
// after a round trip (isPlayed always set, failure details without isNonRetriable unless true).
import type { EventType, FailureDetails, HistoryEvent } from "../../src/core/history-events.js";

const at = new Date("2024-05-06T07:08:09.123Z");
const fireAt = new Date("2024-05-06T08:00:00.000Z");
const instance = { instanceId: "child/1", executionId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" };
const failure: FailureDetails = {
  errorType: "Error",
  message: "Boom \u2028 \"quoted\" é",
  stackTrace: "Error: Boom\n    at activity (file.js:1:1)",
  innerFailure: { errorType: "TypeError", message: "inner", isNonRetriable: true },
};

export const EVENT_FIXTURES: Record<EventType, HistoryEvent> = {
  ExecutionStarted: {
    eventType: "ExecutionStarted", eventId: -1, isPlayed: false, timestamp: at,
    name: "Child", version: "1.0", input: '{"city":"Tokyo"}', orchestrationInstance: instance,
    parentInstance: { name: "Parent", version: "", taskScheduleId: 3, orchestrationInstance: { instanceId: "parent-1", executionId: "ab" } },
    scheduledStartTime: fireAt, tags: { team: "blue", "odd key": "x\"y" },
  },
  ExecutionCompleted: {
    eventType: "ExecutionCompleted", eventId: 9, isPlayed: true, timestamp: at,
    orchestrationStatus: "Failed", result: '"done"', failureDetails: failure,
  },
  ExecutionFailed: { eventType: "ExecutionFailed", eventId: -1, isPlayed: false, timestamp: at, failureDetails: failure },
  ExecutionTerminated: { eventType: "ExecutionTerminated", eventId: -1, isPlayed: false, timestamp: at, input: '"stop"' },
  TaskScheduled: { eventType: "TaskScheduled", eventId: 0, isPlayed: false, timestamp: at, name: "SayHello", version: "", input: '["Tokyo"]' },
  TaskCompleted: { eventType: "TaskCompleted", eventId: -1, isPlayed: false, timestamp: at, taskScheduledId: 0, result: '"Hello Tokyo!"' },
  TaskFailed: {
    eventType: "TaskFailed", eventId: -1, isPlayed: false, timestamp: at,
    taskScheduledId: 1, reason: "Boom", details: "details", failureDetails: failure,
  },
  SubOrchestrationInstanceCreated: {
    eventType: "SubOrchestrationInstanceCreated", eventId: 2, isPlayed: false, timestamp: at,
    name: "Child", version: "", instanceId: "child/1", input: "null",
  },
  SubOrchestrationInstanceCompleted: {
    eventType: "SubOrchestrationInstanceCompleted", eventId: -1, isPlayed: false, timestamp: at, taskScheduledId: 2, result: "42",
  },
  SubOrchestrationInstanceFailed: {
    eventType: "SubOrchestrationInstanceFailed", eventId: -1, isPlayed: false, timestamp: at,
    taskScheduledId: 2, reason: "r", details: "d", failureDetails: failure,
  },
  TimerCreated: { eventType: "TimerCreated", eventId: 4, isPlayed: false, timestamp: at, fireAt },
  TimerFired: { eventType: "TimerFired", eventId: -1, isPlayed: false, timestamp: at, timerId: 4, fireAt },
  OrchestratorStarted: { eventType: "OrchestratorStarted", eventId: -1, isPlayed: true, timestamp: at },
  OrchestratorCompleted: { eventType: "OrchestratorCompleted", eventId: -1, isPlayed: false, timestamp: at },
  EventSent: { eventType: "EventSent", eventId: 5, isPlayed: false, timestamp: at, instanceId: "other", name: "Ping", input: "{}" },
  EventRaised: { eventType: "EventRaised", eventId: -1, isPlayed: false, timestamp: at, name: "Approval", input: "true" },
  // ContinueAsNewEvent inherits OrchestrationStatus from ExecutionCompletedEvent; the codec keeps it.
  ContinueAsNew: {
    eventType: "ContinueAsNew", eventId: 6, isPlayed: false, timestamp: at, result: '{"n":2}', orchestrationStatus: "ContinuedAsNew",
  } as HistoryEvent,
  GenericEvent: { eventType: "GenericEvent", eventId: -1, isPlayed: false, timestamp: at, data: "generic" },
  HistoryState: { eventType: "HistoryState", eventId: -1, isPlayed: false, timestamp: at },
  ExecutionSuspended: { eventType: "ExecutionSuspended", eventId: -1, isPlayed: false, timestamp: at, reason: "pause" },
  ExecutionResumed: { eventType: "ExecutionResumed", eventId: -1, isPlayed: false, timestamp: at, reason: "go" },
  ExecutionRewound: { eventType: "ExecutionRewound", eventId: -1, isPlayed: false, timestamp: at, reason: "again" },
};

export const HISTORY_FIXTURES = EVENT_FIXTURES;

/** A run of events in execution order, for tables: started, n task pairs, completed. */
export function sampleHistory(taskCount: number, base = Date.UTC(2024, 0, 1)): HistoryEvent[] {
  const at = (i: number) => new Date(base + i * 1000);
  const events: HistoryEvent[] = [
    { eventType: "OrchestratorStarted", eventId: -1, isPlayed: false, timestamp: at(0) },
    {
      eventType: "ExecutionStarted", eventId: -1, isPlayed: false, timestamp: at(0), name: "Sample",
      input: '"in"', orchestrationInstance: { instanceId: "sample", executionId: "e1" },
    },
  ];
  for (let i = 0; i < taskCount; i++) {
    events.push({ eventType: "TaskScheduled", eventId: i, isPlayed: false, timestamp: at(i + 1), name: "Act", input: String(i) });
    events.push({ eventType: "TaskCompleted", eventId: -1, isPlayed: false, timestamp: at(i + 1), taskScheduledId: i, result: `"r${i}"` });
  }
  return events;
}
