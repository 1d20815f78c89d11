// Takes activity calls from the backend, runs them with a concurrency limit, and sends each result (or
// failure, with its error's type, message and stack) back to the orchestration that scheduled it.
import type { ActivityWorkItem, OrchestrationService } from "../backend/orchestration-service.js";
import type { NameRegistry } from "./registry.js";
import { DispatchLoop } from "./dispatch-loop.js";
import { runActivity, type Activity } from "./run-activity.js";
import type { Logger } from "../logging/logger.js";

export { ActivityNotFoundError, type Activity, type ActivityContext } from "./run-activity.js";

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
      const response = await runActivity(this.activities, item.message, abortSignal, this.log);
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
}
