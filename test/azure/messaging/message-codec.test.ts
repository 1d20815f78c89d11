import { describe, expect, it } from "vitest";
import { EVENT_TYPES, type TaskMessage } from "../../../src/core/history-events.js";
import { EVENT_FIELDS } from "../../../src/azure/messaging/event-fields.js";
import { EVENT_WIRE_LAYOUT } from "../../../src/azure/messaging/event-wire-layout.js";
import { CLIENT_SENDER } from "../../../src/azure/messaging/message-data.js";
import {
  decodeMessageData,
  decodeQueueBody,
  encodeBlobReference,
  encodeMessageData,
  MessageDecodeError,
  type MessageData,
} from "../../../src/azure/messaging/message-codec.js";
import { EVENT_FIXTURES } from "../../support/event-fixtures.js";

const DICTIONARY =
  "System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]]";

// Written by hand from DurableTask.Core's History/*.cs, TaskMessage.cs, ParentInstance.cs, FailureDetails.cs and
// DurableTask.AzureStorage's MessageData.cs, as Json.NET (TypeNameHandling.Objects) lays them out.
const GOLDEN_EXECUTION_STARTED = `{
  "$type": "DurableTask.AzureStorage.MessageData",
  "ActivityId": "4f5e7f6c-2a1b-4c3d-9e8f-0123456789ab",
  "TaskMessage": {
    "$type": "DurableTask.Core.TaskMessage",
    "Event": {
      "$type": "DurableTask.Core.History.ExecutionStartedEvent",
      "OrchestrationInstance": { "$type": "DurableTask.Core.OrchestrationInstance", "InstanceId": "child-1", "ExecutionId": "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
      "EventType": 0,
      "ParentInstance": {
        "$type": "DurableTask.Core.ParentInstance",
        "Name": "Parent",
        "OrchestrationInstance": { "$type": "DurableTask.Core.OrchestrationInstance", "InstanceId": "parent-1", "ExecutionId": "aa11bb22cc33dd44ee55ff6600778899" },
        "TaskScheduleId": 3,
        "Version": ""
      },
      "Name": "Child",
      "Version": "",
      "Input": "{\\"city\\":\\"Tokyo\\"}",
      "Tags": { "$type": "${DICTIONARY}", "team": "blue", "cost-center": "42" },
      "Correlation": null,
      "ParentTraceContext": null,
      "ScheduledStartTime": null,
      "Generation": null,
      "GenerateNewTrace": false,
      "EventId": -1,
      "IsPlayed": false,
      "Timestamp": "2024-05-06T07:08:09.123Z"
    },
    "SequenceNumber": 0,
    "OrchestrationInstance": { "$type": "DurableTask.Core.OrchestrationInstance", "InstanceId": "child-1", "ExecutionId": "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
    "OrchestrationExecutionContext": null
  },
  "CompressedBlobName": null,
  "SequenceNumber": 42,
  "Episode": 3,
  "Sender": { "InstanceId": "parent-1", "ExecutionId": "aa11bb22cc33dd44ee55ff6600778899" },
  "SerializableTraceContext": null
}`;

const GOLDEN_TASK_FAILED = `{
  "$type": "DurableTask.AzureStorage.MessageData",
  "ActivityId": "d96bfaf1-e29d-4f65-8e64-502d6112f967",
  "TaskMessage": {
    "$type": "DurableTask.Core.TaskMessage",
    "Event": {
      "$type": "DurableTask.Core.History.TaskFailedEvent",
      "EventType": 6,
      "TaskScheduledId": 2,
      "Reason": "Boom",
      "Details": null,
      "FailureDetails": {
        "$type": "DurableTask.Core.FailureDetails",
        "ErrorType": "System.InvalidOperationException",
        "ErrorMessage": "Boom",
        "StackTrace": "   at Activity.Run()",
        "InnerFailure": {
          "$type": "DurableTask.Core.FailureDetails",
          "ErrorType": "System.Exception", "ErrorMessage": "inner", "StackTrace": null, "InnerFailure": null,
          "IsNonRetriable": false, "Properties": null
        },
        "IsNonRetriable": false,
        "Properties": null
      },
      "EventId": -1,
      "IsPlayed": false,
      "Timestamp": "2024-05-06T07:08:10Z"
    },
    "SequenceNumber": 0,
    "OrchestrationInstance": { "$type": "DurableTask.Core.OrchestrationInstance", "InstanceId": "parent-1", "ExecutionId": "aa11bb22cc33dd44ee55ff6600778899" },
    "OrchestrationExecutionContext": null
  },
  "CompressedBlobName": null,
  "SequenceNumber": 7,
  "Episode": 2,
  "Sender": { "InstanceId": "parent-1", "ExecutionId": "aa11bb22cc33dd44ee55ff6600778899" },
  "SerializableTraceContext": null
}`;

const compact = (json: string) => JSON.stringify(JSON.parse(json));

function messageOf(taskMessage: TaskMessage, extra: Partial<MessageData> = {}): MessageData {
  return { activityId: "4f5e7f6c-2a1b-4c3d-9e8f-0123456789ab", taskMessage, sequenceNumber: 1, ...extra };
}

describe("message codec: the original's format", () => {
  it("decodes a hand-written ExecutionStarted with parent instance and tags, and encodes it back identically", () => {
    const data = decodeMessageData(GOLDEN_EXECUTION_STARTED);
    expect(data).toEqual({
      activityId: "4f5e7f6c-2a1b-4c3d-9e8f-0123456789ab",
      sequenceNumber: 42,
      episode: 3,
      sender: { instanceId: "parent-1", executionId: "aa11bb22cc33dd44ee55ff6600778899" },
      taskMessage: {
        sequenceNumber: 0,
        orchestrationInstance: { instanceId: "child-1", executionId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
        event: {
          eventType: "ExecutionStarted",
          eventId: -1,
          isPlayed: false,
          timestamp: new Date("2024-05-06T07:08:09.123Z"),
          orchestrationInstance: { instanceId: "child-1", executionId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
          parentInstance: {
            name: "Parent",
            version: "",
            taskScheduleId: 3,
            orchestrationInstance: { instanceId: "parent-1", executionId: "aa11bb22cc33dd44ee55ff6600778899" },
          },
          name: "Child",
          version: "",
          input: '{"city":"Tokyo"}',
          tags: { team: "blue", "cost-center": "42" },
        },
      },
    });
    expect(encodeMessageData(data)).toBe(compact(GOLDEN_EXECUTION_STARTED));
  });

  it("decodes a hand-written TaskFailed with nested FailureDetails, and encodes it back identically", () => {
    const data = decodeMessageData(GOLDEN_TASK_FAILED);
    // An activity's response: the requester as Sender, its episode (AS`Messaging/ActivitySession.cs:27-30`).
    expect(data.episode).toBe(2);
    expect(data.sender).toEqual({ instanceId: "parent-1", executionId: "aa11bb22cc33dd44ee55ff6600778899" });
    expect(data.taskMessage.event).toEqual({
      eventType: "TaskFailed",
      eventId: -1,
      isPlayed: false,
      timestamp: new Date("2024-05-06T07:08:10Z"),
      taskScheduledId: 2,
      reason: "Boom",
      failureDetails: {
        errorType: "System.InvalidOperationException",
        message: "Boom",
        stackTrace: "   at Activity.Run()",
        innerFailure: { errorType: "System.Exception", message: "inner" },
      },
    });
    expect(encodeMessageData(data)).toBe(compact(GOLDEN_TASK_FAILED));
  });

  it("reads a 2.x work item with an execution context, 7-digit dates and properties dtfx does not model", () => {
    const body = compact(GOLDEN_EXECUTION_STARTED)
      .replace('"Timestamp":"2024-05-06T07:08:09.123Z"', '"Timestamp":"2024-05-06T07:08:09.1234567Z"')
      .replace('"Generation":null', '"Generation":2')
      .replace('"OrchestrationExecutionContext":null', `"OrchestrationExecutionContext":{"$type":"DurableTask.Core.OrchestrationExecutionContext","OrchestrationTags":{"$type":"${DICTIONARY}"}}`);
    const data = decodeMessageData(body);
    expect(data.taskMessage.event.timestamp).toEqual(new Date("2024-05-06T07:08:09.123Z"));
    expect(data.taskMessage.event).toMatchObject({ generation: 2 });
    expect(data.taskMessage.orchestrationExecutionContext).toEqual({ orchestrationTags: {} });
  });

  it("writes the stand-in of a spilled message as the original does", () => {
    const body = encodeBlobReference("i1/message-0123-ExecutionStarted.json.gz");
    expect(body).toBe(
      '{"$type":"DurableTask.AzureStorage.MessageData","ActivityId":"00000000-0000-0000-0000-000000000000",' +
        '"TaskMessage":null,"CompressedBlobName":"i1/message-0123-ExecutionStarted.json.gz","SequenceNumber":0,' +
        '"SerializableTraceContext":null}',
    );
    expect(decodeQueueBody(body)).toEqual({ kind: "blobReference", blobName: "i1/message-0123-ExecutionStarted.json.gz" });
    expect(() => decodeMessageData(body)).toThrow(MessageDecodeError);
  });

  it("follows CompressedBlobName even when the body also holds a TaskMessage, as the original does", () => {
    const body = compact(GOLDEN_TASK_FAILED).replace('"CompressedBlobName":null', '"CompressedBlobName":"parent-1/message-x-TaskFailed.json.gz"');
    expect(decodeQueueBody(body)).toEqual({ kind: "blobReference", blobName: "parent-1/message-x-TaskFailed.json.gz" });
  });

  it("writes every kind's properties in the original's order, covering every modelled field", () => {
    for (const eventType of EVENT_TYPES) {
      const layout = EVENT_WIRE_LAYOUT[eventType].filter((p): p is string => typeof p === "string");
      const modelled = EVENT_FIELDS[eventType].map((f) => f.original);
      expect(layout.filter((p) => p !== "EventType").sort(), eventType).toEqual([...modelled].sort());
      const event = JSON.parse(encodeMessageData(messageOf({ event: EVENT_FIXTURES[eventType], orchestrationInstance: { instanceId: "i" } })))
        .TaskMessage.Event;
      const keys = Object.keys(event);
      expect(keys[0]).toBe("$type");
      expect(keys.slice(-3)).toEqual(["EventId", "IsPlayed", "Timestamp"]);
      expect(event.EventType).toBe(EVENT_TYPES.indexOf(eventType));
    }
  });
});

describe("message codec: round trips", () => {
  it.each(EVENT_TYPES.map((t) => [t]))("round-trips %s", (eventType) => {
    const data = messageOf(
      { event: EVENT_FIXTURES[eventType], orchestrationInstance: { instanceId: "child-1", executionId: "e1" }, sequenceNumber: 5 },
      { episode: 0, sender: { instanceId: "" } },
    );
    expect(decodeMessageData(encodeMessageData(data))).toEqual(data);
  });

  it("writes unset optional values as null and enums as integers", () => {
    const event = { eventType: "ExecutionCompleted", eventId: 1, timestamp: new Date(0), orchestrationStatus: "Completed" } as const;
    const json = JSON.parse(encodeMessageData(messageOf({ event, orchestrationInstance: { instanceId: "i" } }, { sender: CLIENT_SENDER })));
    expect(json.TaskMessage.Event).toMatchObject({ OrchestrationStatus: 1, Result: null, FailureDetails: null, IsPlayed: false });
    expect(json.TaskMessage.Event.Timestamp).toBe("1970-01-01T00:00:00Z");
    expect(json.TaskMessage.OrchestrationInstance.ExecutionId).toBeNull();
    expect(json).not.toHaveProperty("Episode"); // a client's: left out, as EmitDefaultValue=false
    expect(json.Sender).toEqual({ InstanceId: "", ExecutionId: "" }); // a client's: never left out
  });

  it("escapes U+0085, U+2028 and U+2029 as Json.NET does", () => {
    const event = { eventType: "EventRaised", eventId: -1, timestamp: new Date(0), name: "e", input: '"a\u0085b\u2028c\u2029"' } as const;
    const body = encodeMessageData(messageOf({ event, orchestrationInstance: { instanceId: "i" } }));
    expect(body).toContain("a\\u0085b\\u2028c\\u2029");
    expect(decodeMessageData(body).taskMessage.event).toMatchObject({ input: event.input });
  });
});

describe("message codec: lenient reading", () => {
  const minimal = (event: Record<string, unknown>) =>
    JSON.stringify({ TaskMessage: { Event: event, OrchestrationInstance: { InstanceId: "i1" } } });

  it("accepts a base64 body (1.x)", () => {
    const data = messageOf({ event: EVENT_FIXTURES.TaskCompleted, orchestrationInstance: { instanceId: "i1" }, sequenceNumber: 0 });
    const body = Buffer.from(encodeMessageData(data), "utf8").toString("base64");
    expect(decodeMessageData(body)).toEqual(data);
  });

  it("accepts enum names, missing fields, no $type and dates with offsets or without a zone", () => {
    const data = decodeMessageData(
      minimal({ EventType: "TimerFired", TimerId: 3, FireAt: "2024-05-06T09:08:09.1234567+02:00", Timestamp: "2024-05-06T07:08:09" }),
    );
    expect(data).toMatchObject({ activityId: "00000000-0000-0000-0000-000000000000", sequenceNumber: 0 });
    expect(data.taskMessage.event).toEqual({
      eventType: "TimerFired",
      eventId: -1,
      isPlayed: false,
      timestamp: new Date("2024-05-06T07:08:09Z"),
      timerId: 3,
      fireAt: new Date("2024-05-06T07:08:09.123Z"),
    });
    const completed = decodeMessageData(minimal({ EventType: 1, OrchestrationStatus: "Terminated" })).taskMessage.event;
    expect(completed).toMatchObject({ eventType: "ExecutionCompleted", orchestrationStatus: "Terminated" });
  });

  it.each([
    ["an empty body", ""],
    ["garbage text", "this is not a message!"],
    ["base64 of garbage", Buffer.from("not json").toString("base64")],
    ["truncated JSON", '{"TaskMessage":{'],
    ["a JSON array", "[1,2]"],
    ["no TaskMessage", "{}"],
    ["no Event", JSON.stringify({ TaskMessage: { OrchestrationInstance: { InstanceId: "i" } } })],
    ["an unknown EventType", minimal({ EventType: 99 })],
    ["an EventType name that does not exist", minimal({ EventType: "Nope" })],
    ["no instance id", JSON.stringify({ TaskMessage: { Event: { EventType: 12 } } })],
    ["a string where an integer belongs", minimal({ EventType: 5, TaskScheduledId: "one" })],
    ["a bad date", minimal({ EventType: 10, FireAt: "yesterday" })],
  ])("throws MessageDecodeError for %s", (_, body) => {
    let thrown: unknown;
    try {
      decodeMessageData(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MessageDecodeError);
    expect((thrown as MessageDecodeError).name).toBe("MessageDecodeError");
    expect((thrown as MessageDecodeError).reason).toBeTruthy();
  });
});
