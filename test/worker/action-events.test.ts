// actionsToEvents: each action an orchestrator takes becomes the history event that records it and the message
// that carries it out, as DurableTask.Core's dispatcher does.
import { describe, expect, it } from "vitest";
import type { ExecutionStartedEvent, OrchestratorAction } from "../../src/core/index.js";
import { actionsToEvents, type ActionContext } from "../../src/worker/action-events.js";

const now = new Date("2026-01-01T00:00:00.000Z");
const self = { instanceId: "parent", executionId: "exec-p" };
const started: ExecutionStartedEvent = { eventType: "ExecutionStarted", eventId: -1, timestamp: now, name: "Flow", version: "1", input: "7", orchestrationInstance: self };
let ids = 0;
const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({ instance: self, started, now, newExecutionId: () => `new-${++ids}`, ...over });

describe("actionsToEvents", () => {
  it("records an activity call as TaskScheduled (its input only in the work item, as the original without IncludeParameters)", () => {
    const out = actionsToEvents([{ kind: "ScheduleTask", id: 0, name: "Say", input: '"x"' }], ctx());
    expect(out.events).toEqual([{ eventType: "TaskScheduled", eventId: 0, timestamp: now, name: "Say", version: undefined }]);
    expect(out.activityMessages).toEqual([{ event: { ...out.events[0], input: '"x"' }, orchestrationInstance: self, orchestrationExecutionContext: { orchestrationTags: {} } }]);
    expect([out.timerMessages, out.orchestratorMessages, out.carryoverEvents]).toEqual([[], [], []]);
  });

  it("starts a sub-orchestration with a fresh execution id and this instance as its parent", () => {
    const out = actionsToEvents([{ kind: "CreateSubOrchestration", id: 3, name: "Child", instanceId: "kid", input: "1" }], ctx({ newExecutionId: () => "kid-exec" }));
    expect(out.events[0]).toMatchObject({ eventType: "SubOrchestrationInstanceCreated", eventId: 3, instanceId: "kid", name: "Child" });
    const message = out.orchestratorMessages[0]!;
    expect(message.orchestrationInstance).toEqual({ instanceId: "kid", executionId: "kid-exec" });
    expect(message.event).toMatchObject({
      eventType: "ExecutionStarted", name: "Child", input: "1",
      parentInstance: { name: "Flow", version: "1", taskScheduleId: 3, orchestrationInstance: self },
    });
  });

  it("records a timer as TimerCreated and sends itself a TimerFired stamped when scheduled, due at its fireAt", () => {
    const fireAt = new Date(now.getTime() + 5_000);
    const out = actionsToEvents([{ kind: "CreateTimer", id: 1, fireAt }], ctx());
    expect(out.events).toEqual([{ eventType: "TimerCreated", eventId: 1, timestamp: now, fireAt }]);
    expect(out.timerMessages).toEqual([
      { event: { eventType: "TimerFired", eventId: -1, timestamp: now, timerId: 1, fireAt }, orchestrationInstance: self },
    ]);
  });

  it("records a sent event as EventSent and raises it at the target", () => {
    const out = actionsToEvents([{ kind: "SendEvent", id: 2, instanceId: "other", name: "Ping", input: "{}" }], ctx());
    expect(out.events[0]).toMatchObject({ eventType: "EventSent", eventId: 2, instanceId: "other", name: "Ping", input: "{}" });
    expect(out.orchestratorMessages).toEqual([
      { event: { eventType: "EventRaised", eventId: -1, timestamp: now, name: "Ping", input: "{}" }, orchestrationInstance: { instanceId: "other" } },
    ]);
  });

  it("completes with ExecutionCompleted and answers a parent: completed or failed", () => {
    const child = { ...started, parentInstance: { name: "P", taskScheduleId: 9, orchestrationInstance: { instanceId: "p", executionId: "pe" } } };
    const done = actionsToEvents([{ kind: "CompleteOrchestration", id: 4, status: "Completed", result: "42" }], ctx({ started: child }));
    expect(done.events).toEqual([{ eventType: "ExecutionCompleted", eventId: 4, timestamp: now, orchestrationStatus: "Completed", result: "42", failureDetails: undefined }]);
    expect(done.orchestratorMessages).toEqual([
      { event: { eventType: "SubOrchestrationInstanceCompleted", eventId: -1, timestamp: now, taskScheduledId: 9, result: "42" }, orchestrationInstance: { instanceId: "p", executionId: "pe" } },
    ]);
    const terminated = actionsToEvents([{ kind: "CompleteOrchestration", id: 4, status: "Terminated", result: '"stop"' }], ctx({ started: child }));
    expect(terminated.orchestratorMessages[0]!.event).toMatchObject({
      eventType: "SubOrchestrationInstanceFailed", taskScheduledId: 9, failureDetails: { errorType: "Terminated" },
    });
  });

  it("sends nothing to a parent for an instance without one", () => {
    const out = actionsToEvents([{ kind: "CompleteOrchestration", id: 0, status: "Failed", failureDetails: { errorType: "E", message: "m" } }], ctx());
    expect(out.orchestratorMessages).toEqual([]);
    expect(out.events[0]).toMatchObject({ orchestrationStatus: "Failed", failureDetails: { errorType: "E", message: "m" } });
  });

  it("continues as new: the next execution's start (new id, the result as input, no scheduled start) and carried-over events", () => {
    const carried = [{ eventType: "EventRaised", eventId: -1, timestamp: now, name: "Late", input: "1" }] as const;
    const action: OrchestratorAction = { kind: "CompleteOrchestration", id: 5, status: "ContinuedAsNew", result: "8", newVersion: "2", carryoverEvents: [...carried] };
    const out = actionsToEvents([action], ctx({ started: { ...started, scheduledStartTime: now }, newExecutionId: () => "exec-2" }));
    expect(out.events).toEqual([{ eventType: "ContinueAsNew", eventId: 5, timestamp: now, result: "8" }]);
    expect(out.nextExecution).toMatchObject({ input: "8", version: "2", orchestrationInstance: { instanceId: "parent", executionId: "exec-2" } });
    expect(out.nextExecution?.scheduledStartTime).toBeUndefined();
    expect(out.carryoverEvents).toEqual(carried);
    expect(out.nextExecutionMessages.map((m) => m.event.eventType)).toEqual(["ExecutionStarted", "EventRaised"]);
    expect(out.nextExecutionMessages.every((m) => m.orchestrationInstance.executionId === "exec-2")).toBe(true);
  });

  it("keeps the order of several actions", () => {
    const out = actionsToEvents([
      { kind: "ScheduleTask", id: 0, name: "A" },
      { kind: "CreateTimer", id: 1, fireAt: now },
      { kind: "ScheduleTask", id: 2, name: "B" },
    ], ctx());
    expect(out.events.map((e) => e.eventId)).toEqual([0, 1, 2]);
    expect(out.activityMessages.map((m) => (m.event as { name: string }).name)).toEqual(["A", "B"]);
  });
});
