// Takes activity calls from the backend, runs them with a concurrency limit, and sends each result (or
// failure, with its error's type, message and stack) back to the orchestration that scheduled it.
import {
  failureDetailsOf,
  parsePayload,
  stringifyPayload,
  type HistoryEvent,
  type TaskScheduledEvent,
} from "../core/index.js";
import type { ActivityWorkItem, OrchestrationService } from "../backend/orchestration-service.js";
import type { NameRegistry } from "./registry.js";
import { DispatchLoop } from "./dispatch-loop.js";
import type { Logger } from "../logging/logger.js";

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

export interface ActivityDispatcherOptions {
  maxConcurrentActivities: number;
  /** How often a running activity's lock is extended; below the backend's lock duration. */
  renewIntervalInMs: number;
}

export class ActivityDispatcher {
  private readonly loop: DispatchLoop<ActivityWorkItem>;
  private abortActivities: AbortSignal = new AbortController().signal;

  constructor(
    private readonly service: OrchestrationService,
    private readonly activities: NameRegistry<Activity>,
    private readonly options: ActivityDispatcherOptions,
    private readonly log: Logger,
  ) {
    this.loop = new DispatchLoop({
      name: "Activity",
      capacity: options.maxConcurrentActivities,
      receive: (stopSignal) => service.lockNextActivityWorkItem(stopSignal),
      process: (item) => this.process(item, this.abortActivities),
      log,
    });
  }

  /** Runs until `stopSignal` aborts; activities still running then are left to `drain`, or aborted by `abortActivities`. */
  run(stopSignal: AbortSignal, abortActivities: AbortSignal): Promise<void> {
    this.abortActivities = abortActivities;
    return this.loop.run(stopSignal);
  }

  drain(): Promise<void> {
    return this.loop.drain();
  }

  private async process(item: ActivityWorkItem, abortSignal: AbortSignal): Promise<void> {
    const renewal = setInterval(() => {
      this.service.renewActivityWorkItem(item).catch((error) => this.log.error("ActivityRenewFailed", error));
    }, this.options.renewIntervalInMs);
    renewal.unref();
    try {
      const response = await this.invoke(item, abortSignal);
      if (abortSignal.aborted) {
        // The worker is stopping: let another worker run it now rather than after a backoff.
        await this.service.abandonActivityWorkItem(item, { immediately: true });
        return;
      }
      await this.service.completeActivityWorkItem(item, {
        event: response,
        orchestrationInstance: item.message.orchestrationInstance,
      });
    } catch (error) {
      this.log.error("ActivityCompletionFailed", error, { instanceId: item.message.orchestrationInstance.instanceId });
      await this.service.abandonActivityWorkItem(item).catch(() => undefined);
    } finally {
      clearInterval(renewal);
    }
  }

  /** Runs the activity; its outcome becomes a TaskCompleted or TaskFailed event. */
  private async invoke(item: ActivityWorkItem, abortSignal: AbortSignal): Promise<HistoryEvent> {
    const scheduled = item.message.event as TaskScheduledEvent;
    const base = { eventId: -1, taskScheduledId: scheduled.eventId };
    const activity = this.activities.get(scheduled.name);
    const started = Date.now();
    try {
      if (!activity) throw new ActivityNotFoundError(scheduled.name);
      const ctx: ActivityContext = {
        instanceId: item.message.orchestrationInstance.instanceId,
        executionId: item.message.orchestrationInstance.executionId,
        name: scheduled.name,
        taskId: scheduled.eventId,
        abortSignal,
      };
      const output = await activity(ctx, parsePayload(scheduled.input));
      this.log.info("ActivityCompleted", { name: scheduled.name, instanceId: ctx.instanceId, ms: Date.now() - started });
      return { ...base, eventType: "TaskCompleted", timestamp: new Date(), result: stringifyPayload(output) };
    } catch (error) {
      const failureDetails = failureDetailsOf(error);
      this.log.info("ActivityFailed", { name: scheduled.name, errorType: failureDetails.errorType });
      return {
        ...base,
        eventType: "TaskFailed",
        timestamp: new Date(),
        reason: failureDetails.message,
        details: failureDetails.stackTrace,
        failureDetails,
      };
    }
  }
}

export class ActivityNotFoundError extends Error {
  override readonly name = "ActivityNotFoundError";
  constructor(activityName: string) {
    super(`No activity named '${activityName}' is registered with this worker`);
  }
}

