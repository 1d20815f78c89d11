// Trace context in queue messages as the original writes it: ParentTraceContext a DistributedTraceContext object
// with its `$type` and [DataMember]s in declaration order (CO`Tracing/DistributedTraceContext.cs`), read back whole.
import { describe, expect, it } from "vitest";
import { decodeMessageData, encodeMessageData } from "../../src/azure/messaging/message-codec.js";
import { CLIENT_SENDER } from "../../src/azure/messaging/message-data.js";
import type { ExecutionStartedEvent, TaskScheduledEvent } from "../../src/core/index.js";

const traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

describe("trace context in queue messages", () => {
  it("writes ExecutionStarted's ParentTraceContext with the orchestration span's id and start, and reads it back", () => {
    const event: ExecutionStartedEvent = {
      eventType: "ExecutionStarted", eventId: -1, timestamp: new Date("2026-01-01T00:00:00Z"), name: "Hello",
      orchestrationInstance: { instanceId: "i", executionId: "e" },
      parentTraceContext: { traceParent, traceState: "k=v", id: `00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01`, spanId: "00f067aa0ba902b7", activityStartTime: new Date("2026-01-01T00:00:01.5Z") },
    };
    const body = encodeMessageData({ activityId: "a", taskMessage: { event, orchestrationInstance: event.orchestrationInstance }, sequenceNumber: 1, sender: CLIENT_SENDER });
    const written = JSON.parse(body).TaskMessage.Event.ParentTraceContext;
    expect(Object.keys(written)).toEqual(["$type", "TraceParent", "TraceState", "Id", "SpanId", "ActivityStartTime"]);
    expect(written).toMatchObject({ $type: "DurableTask.Core.Tracing.DistributedTraceContext", TraceParent: traceParent, TraceState: "k=v", SpanId: "00f067aa0ba902b7" });
    expect((decodeMessageData(body).taskMessage.event as ExecutionStartedEvent).parentTraceContext).toMatchObject({ traceParent, spanId: "00f067aa0ba902b7", activityStartTime: new Date("2026-01-01T00:00:01.5Z") });
  });

  it("writes a TaskScheduled's client span as its ParentTraceContext, and null when there is none", () => {
    const scheduled: TaskScheduledEvent = { eventType: "TaskScheduled", eventId: 0, timestamp: new Date(0), name: "Say", parentTraceContext: { traceParent } };
    const encode = (event: TaskScheduledEvent) =>
      JSON.parse(encodeMessageData({ activityId: "a", taskMessage: { event, orchestrationInstance: { instanceId: "i", executionId: "e" } }, sequenceNumber: 1, sender: { instanceId: "i", executionId: "e" } })).TaskMessage.Event;
    expect(encode(scheduled).ParentTraceContext).toMatchObject({ TraceParent: traceParent, TraceState: null, Id: null, SpanId: null, ActivityStartTime: null });
    expect(encode({ ...scheduled, parentTraceContext: undefined }).ParentTraceContext).toBeNull();
  });
});
