import { describe, expect, it } from "vitest";
import { EVENT_TYPES, type HistoryEvent } from "../../../src/core/history-events.js";
import {
  entityToEvent,
  eventToEntity,
  eventTypeOf,
  historyRowKey,
  sequenceNumberOf,
} from "../../../src/azure/tracking/history-entity-codec.js";
import { HISTORY_FIXTURES } from "../../support/event-fixtures.js";

describe("history entity codec", () => {
  it.each(EVENT_TYPES.map((t) => [t]))("round-trips %s", (eventType) => {
    const event = HISTORY_FIXTURES[eventType];
    const entity = eventToEntity("my/instance", "exec-1", 7, event);
    expect(entityToEvent(entity)).toEqual(event);
  });

  it("writes the original's keys and base columns", () => {
    const entity = eventToEntity("a/b#c", "exec-1", 255, HISTORY_FIXTURES.TaskScheduled);
    expect(entity).toMatchObject({
      partitionKey: "a^0b^2c",
      rowKey: "00000000000000FF",
      EventType: "TaskScheduled",
      EventId: 0,
      IsPlayed: false,
      ExecutionId: "exec-1",
      Name: "SayHello",
      Version: "",
      Input: '["Tokyo"]',
    });
    expect(entity._Timestamp).toBeInstanceOf(Date);
    expect(entity).not.toHaveProperty("Timestamp");
  });

  it("writes complex values as Json.NET's default serializer does", () => {
    const started = eventToEntity("i", "e", 0, HISTORY_FIXTURES.ExecutionStarted);
    expect(started.OrchestrationInstance).toBe('{"InstanceId":"child/1","ExecutionId":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"}');
    expect(started.ParentInstance).toBe(
      '{"Name":"Parent","OrchestrationInstance":{"InstanceId":"parent-1","ExecutionId":"ab"},"TaskScheduleId":3,"Version":""}',
    );
    expect(started.Tags).toBe('{"team":"blue","odd key":"x\\"y"}');
    expect(started.ScheduledStartTime).toEqual(new Date("2024-05-06T08:00:00.000Z"));
    const failed = eventToEntity("i", "e", 0, HISTORY_FIXTURES.TaskFailed);
    expect(JSON.parse(failed.FailureDetails as string)).toEqual({
      ErrorType: "Error",
      ErrorMessage: "Boom \u2028 \"quoted\" é",
      StackTrace: "Error: Boom\n    at activity (file.js:1:1)",
      InnerFailure: { ErrorType: "TypeError", ErrorMessage: "inner", StackTrace: null, InnerFailure: null, IsNonRetriable: true, Properties: null },
      IsNonRetriable: false,
      Properties: null,
    });
    expect(Object.keys(JSON.parse(failed.FailureDetails as string))).toEqual([
      "ErrorType", "ErrorMessage", "StackTrace", "InnerFailure", "IsNonRetriable", "Properties",
    ]);
    const completed = eventToEntity("i", "e", 0, HISTORY_FIXTURES.ExecutionCompleted);
    expect(completed.OrchestrationStatus).toBe("Failed");
  });

  it("leaves absent fields out", () => {
    const event: HistoryEvent = { eventType: "TaskCompleted", eventId: -1, timestamp: new Date(0), taskScheduledId: 3 };
    const entity = eventToEntity("i", "e", 0, event);
    expect(entity).not.toHaveProperty("Result");
    expect(entityToEvent(entity)).toEqual({ ...event, isPlayed: false });
  });

  it("reads what .NET and other writers leave: typed values, Int64 (the original writes Int32), 'null' complex values, enum numbers", () => {
    const event = entityToEvent({
      partitionKey: "i",
      rowKey: "0000000000000001",
      EventType: { value: "TaskFailed", type: "String" },
      EventId: BigInt(-1),
      IsPlayed: { value: "true", type: "Boolean" },
      _Timestamp: { value: "2024-01-02T03:04:05.1234567Z", type: "DateTime" },
      ExecutionId: "e",
      TaskScheduledId: { value: "12", type: "Int64" },
      Reason: "why",
      FailureDetails: "null",
    });
    expect(event).toEqual({
      eventType: "TaskFailed",
      eventId: -1,
      isPlayed: true,
      timestamp: new Date("2024-01-02T03:04:05.123Z"),
      taskScheduledId: 12,
      reason: "why",
    });
    const completed = entityToEvent({ EventType: 1, EventId: 4, _Timestamp: new Date(5), OrchestrationStatus: 1, Result: "1" });
    expect(completed).toMatchObject({ eventType: "ExecutionCompleted", orchestrationStatus: "Completed", result: "1" });
    const started = entityToEvent({
      EventType: "ExecutionStarted", EventId: -1, _Timestamp: new Date(5), Name: "N",
      OrchestrationInstance: '{"InstanceId":"x","ExecutionId":null}', ParentInstance: "null", Tags: "null",
      Generation: 3, Correlation: "ignored",
    });
    expect(started).toEqual({
      eventType: "ExecutionStarted", eventId: -1, isPlayed: false, timestamp: new Date(5), name: "N",
      orchestrationInstance: { instanceId: "x" }, generation: 3, correlation: "ignored",
    });
  });

  it("refuses a row of an unknown event type", () => {
    expect(() => entityToEvent({ rowKey: "0000000000000000", EventType: "Bogus" })).toThrow(/unknown EventType/);
    expect(eventTypeOf("21")).toBe("ExecutionRewound");
    expect(eventTypeOf(99)).toBeUndefined();
  });

  it("numbers rows with 16 upper-case hex digits", () => {
    expect(historyRowKey(0)).toBe("0000000000000000");
    expect(historyRowKey(0xabc)).toBe("0000000000000ABC");
    expect(sequenceNumberOf("0000000000000ABC")).toBe(0xabc);
    expect(sequenceNumberOf("sentinel")).toBeUndefined();
    const keys = [9, 10, 15, 16, 255, 256].map(historyRowKey);
    expect([...keys].sort()).toEqual(keys);
  });
});
