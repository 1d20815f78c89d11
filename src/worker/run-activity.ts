// Runs one activity call: its outcome (result or error, with type, message and stack) becomes the
// TaskCompleted or TaskFailed event that answers the TaskScheduled. Used for queued and local activities alike.
import {
  failureDetailsOf,
  parsePayload,
  stringifyPayload,
  type HistoryEvent,
  type TaskMessage,
  type TaskScheduledEvent,
} from "../core/index.js";
import type { Logger } from "../logging/logger.js";
import type { NameRegistry } from "./registry.js";
import { traceActivityExecution } from "../telemetry/activity-tracing.js";
import { workerMetrics } from "../telemetry/worker-metrics.js";

export interface ActivityContext {
  instanceId: string;
  executionId?: string;
  name: string;
  /** The task id of this call within its orchestration. */
  taskId: number;
  /** Aborted when the worker stops before the activity ends. */
  abortSignal: AbortSignal;
}

export type Activity<TIn = any, TOut = any> = (ctx: ActivityContext, input: TIn) => TOut | Promise<TOut>;

export function runActivity(
  activities: NameRegistry<Activity>,
  message: TaskMessage,
  abortSignal: AbortSignal,
  log: Logger,
): Promise<HistoryEvent> {
  return traceActivityExecution(message, () => runActivityUntraced(activities, message, abortSignal, log));
}

async function runActivityUntraced(
  activities: NameRegistry<Activity>,
  message: TaskMessage,
  abortSignal: AbortSignal,
  log: Logger,
): Promise<HistoryEvent> {
  const scheduled = message.event as TaskScheduledEvent;
  const base = { eventId: -1, taskScheduledId: scheduled.eventId };
  const activity = activities.get(scheduled.name);
  const started = Date.now();
  try {
    if (!activity) throw new ActivityNotFoundError(scheduled.name);
    const ctx: ActivityContext = {
      instanceId: message.orchestrationInstance.instanceId,
      executionId: message.orchestrationInstance.executionId,
      name: scheduled.name,
      taskId: scheduled.eventId,
      abortSignal,
    };
    const output = await activity(ctx, parsePayload(scheduled.input));
    log.info("ActivityCompleted", { name: scheduled.name, instanceId: ctx.instanceId, executionId: ctx.executionId, taskId: ctx.taskId, ms: Date.now() - started });
    workerMetrics().activityFinished(scheduled.name, Date.now() - started, false);
    return { ...base, eventType: "TaskCompleted", timestamp: new Date(), result: stringifyPayload(output) };
  } catch (error) {
    const failureDetails = failureDetailsOf(error);
    log.info("ActivityFailed", {
      name: scheduled.name,
      instanceId: message.orchestrationInstance.instanceId,
      executionId: message.orchestrationInstance.executionId,
      taskId: scheduled.eventId,
      errorType: failureDetails.errorType,
    });
    workerMetrics().activityFinished(scheduled.name, Date.now() - started, true);
    return { ...base, eventType: "TaskFailed", timestamp: new Date(), reason: failureDetails.message, details: failureDetails.stackTrace, failureDetails };
  }
}

export class ActivityNotFoundError extends Error {
  override readonly name = "ActivityNotFoundError";
  constructor(activityName: string) {
    super(`No activity named '${activityName}' is registered with this worker`);
  }
}

