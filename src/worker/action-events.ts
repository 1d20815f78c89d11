// Turns the actions an orchestrator took into the history events that record them and the messages that
// carry them out, as DurableTask.Core's dispatcher does (TaskScheduled → work item, TimerCreated → a delayed
// TimerFired to the instance itself, EventSent → EventRaised at the target, completion → the parent).
import type {
  CompleteOrchestrationAction,
  ExecutionStartedEvent,
  HistoryEvent,
  OrchestrationInstance,
  OrchestratorAction,
  TaskMessage,
} from "../core/index.js";

export interface ActionContext {
  instance: OrchestrationInstance;
  started: ExecutionStartedEvent;
  now: Date;
  newExecutionId(): string;
  /** Keep activity and sub-orchestration inputs in history too (the original's IncludeParameters, default false). */
  includeParameters?: boolean;
}

export interface ConvertedActions {
  events: HistoryEvent[];
  activityMessages: TaskMessage[];
  timerMessages: TaskMessage[];
  orchestratorMessages: TaskMessage[];
  /** Set when the orchestration continued as new: the next execution's start and its carried-over events. */
  nextExecution?: ExecutionStartedEvent;
  carryoverEvents: HistoryEvent[];
  /** The same next execution, as messages to the instance itself (used when it cannot run in this episode). */
  nextExecutionMessages: TaskMessage[];
}

export function actionsToEvents(actions: OrchestratorAction[], ctx: ActionContext): ConvertedActions {
  const out: ConvertedActions = {
    events: [],
    activityMessages: [],
    timerMessages: [],
    orchestratorMessages: [],
    carryoverEvents: [],
    nextExecutionMessages: [],
  };
  const timestamp = ctx.now;
  const self = ctx.instance;
  // The sender's tags travel with activity calls and sub-orchestration starts (CO`TaskOrchestrationDispatcher.cs:731-734`).
  const orchestrationExecutionContext = { orchestrationTags: ctx.started.tags ?? {} };
  const subOrchestrationTags = inheritedTags(ctx.started.tags);
  for (const action of actions) {
    switch (action.kind) {
      case "ScheduleTask": {
        // The message carries the input; the history row only with includeParameters (TOD:1189-1226).
        const scheduled = { eventType: "TaskScheduled", eventId: action.id, timestamp, name: action.name, version: action.version } as const;
        out.events.push(ctx.includeParameters ? { ...scheduled, input: action.input } : scheduled);
        out.activityMessages.push({ event: { ...scheduled, input: action.input }, orchestrationInstance: self, orchestrationExecutionContext });
        break;
      }
      case "CreateSubOrchestration": {
        out.events.push({
          eventType: "SubOrchestrationInstanceCreated", eventId: action.id, timestamp,
          name: action.name, version: action.version, instanceId: action.instanceId,
          ...(ctx.includeParameters && { input: action.input }),
          ...(subOrchestrationTags && { tags: subOrchestrationTags }),
        });
        const child = { instanceId: action.instanceId, executionId: ctx.newExecutionId() };
        const start: ExecutionStartedEvent = {
          eventType: "ExecutionStarted", eventId: -1, timestamp,
          name: action.name, version: action.version, input: action.input, orchestrationInstance: child,
          parentInstance: {
            name: ctx.started.name, version: ctx.started.version, taskScheduleId: action.id, orchestrationInstance: self,
          },
          ...(subOrchestrationTags && { tags: subOrchestrationTags }),
        };
        out.orchestratorMessages.push({ event: start, orchestrationInstance: child, orchestrationExecutionContext });
        break;
      }
      case "CreateTimer": {
        out.events.push({ eventType: "TimerCreated", eventId: action.id, timestamp, fireAt: action.fireAt });
        out.timerMessages.push({
          // Stamped when scheduled, due at fireAt, as the original's (CO`TaskOrchestrationDispatcher.cs:1252-1256`).
          event: { eventType: "TimerFired", eventId: -1, timestamp, timerId: action.id, fireAt: action.fireAt },
          orchestrationInstance: self,
        });
        break;
      }
      case "SendEvent": {
        out.events.push({
          eventType: "EventSent", eventId: action.id, timestamp,
          instanceId: action.instanceId, name: action.name, input: action.input,
        });
        out.orchestratorMessages.push({
          event: { eventType: "EventRaised", eventId: -1, timestamp, name: action.name, input: action.input },
          orchestrationInstance: { instanceId: action.instanceId },
        });
        break;
      }
      case "CompleteOrchestration":
        completeOrchestration(action, ctx, out);
        break;
    }
  }
  return out;
}

function completeOrchestration(action: CompleteOrchestrationAction, ctx: ActionContext, out: ConvertedActions): void {
  const timestamp = ctx.now;
  if (action.status === "ContinuedAsNew") {
    out.events.push({ eventType: "ContinueAsNew", eventId: action.id, timestamp, result: action.result });
    // As the original's next generation (CO`TaskOrchestrationDispatcher.cs:1056-1078`): name, tags, parent and
    // version carry over; no Generation, scheduled start or trace context.
    const { generation: _generation, scheduledStartTime: _start, parentTraceContext: _trace, correlation: _correlation, ...kept } = ctx.started;
    const next: ExecutionStartedEvent = {
      ...kept,
      eventId: -1,
      isPlayed: false,
      timestamp,
      version: action.newVersion ?? ctx.started.version,
      input: action.result,
      orchestrationInstance: { instanceId: ctx.instance.instanceId, executionId: ctx.newExecutionId() },
    };
    out.nextExecution = next;
    out.carryoverEvents = action.carryoverEvents ?? [];
    out.nextExecutionMessages = [next, ...out.carryoverEvents].map((event) => ({
      event,
      orchestrationInstance: next.orchestrationInstance,
    }));
    return;
  }
  out.events.push({
    eventType: "ExecutionCompleted", eventId: action.id, timestamp,
    orchestrationStatus: action.status, result: action.result, failureDetails: action.failureDetails,
  });
  const parent = ctx.started.parentInstance;
  if (!parent) return;
  const failed = action.status !== "Completed";
  const answer: HistoryEvent = failed
    ? {
        eventType: "SubOrchestrationInstanceFailed", eventId: -1, timestamp, taskScheduledId: parent.taskScheduleId,
        reason: action.failureDetails?.message ?? `The sub-orchestration ended ${action.status}`,
        failureDetails: action.failureDetails ?? {
          errorType: action.status,
          message: `Sub-orchestration ${ctx.instance.instanceId} ended ${action.status}`,
        },
      }
    : { eventType: "SubOrchestrationInstanceCompleted", eventId: -1, timestamp, taskScheduledId: parent.taskScheduleId, result: action.result };
  out.orchestratorMessages.push({ event: answer, orchestrationInstance: parent.orchestrationInstance });
}

/** A sub-orchestration inherits its parent's tags but FireAndForget (CO`OrchestrationTags.cs:74-99`). */
function inheritedTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!tags || !("FireAndForget" in tags)) return tags;
  const { FireAndForget: _dropped, ...rest } = tags;
  return rest;
}
