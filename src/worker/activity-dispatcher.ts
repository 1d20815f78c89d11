// Takes activity calls from the backend into the worker's free activity slots, runs them, and sends each result
// (or failure, with its error's type, message and stack) back to the orchestration that scheduled it. It also
// finishes the activities an episode handed off (started locally, committed with a work item this worker holds).
import type { HistoryEvent } from "../core/index.js";
import type { ActivityWorkItem, OrchestrationService } from "../backend/orchestration-service.js";
import type { NameRegistry } from "./registry.js";
import type { ActivitySlots } from "./activity-slots.js";
import { keepLocked } from "./activity-lock-renewal.js";
import { runActivity, type Activity } from "./run-activity.js";
import type { Logger } from "../logging/logger.js";

export { ActivityNotFoundError, type Activity, type ActivityContext } from "./run-activity.js";

export interface ActivityDispatcherOptions {
  /** A fixed interval between lock renewals; absent, each renewal is timed from the lock's end (activity-lock-renewal.ts). */
  renewIntervalInMs?: number;
}

export class ActivityDispatcher {
  private readonly running = new Set<Promise<void>>();
  private abortActivities: AbortSignal = new AbortController().signal;

  constructor(
    private readonly service: OrchestrationService,
    private readonly activities: NameRegistry<Activity>,
    private readonly slots: ActivitySlots,
    private readonly options: ActivityDispatcherOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Keeps one request for a work item pending per free slot until `stopSignal` aborts (slots taken by local
   * activities withdraw requests); activities still running then are left to `drain`, or aborted by `abortActivities`.
   */
  run(stopSignal: AbortSignal, abortActivities: AbortSignal): Promise<void> {
    this.abortActivities = abortActivities;
    const requests: AbortController[] = [];
    let failures = 0;
    let pausedUntil = 0;
    const adjust = (): void => {
      if (stopSignal.aborted || Date.now() < pausedUntil) return;
      const wanted = this.slots.free - requests.length;
      for (let i = 0; i < wanted; i++) request();
      for (let i = 0; i < -wanted; i++) requests.pop()?.abort();
    };
    const request = (): void => {
      // Withdrawn when a local activity takes its slot, or at stop (one listener for all, below).
      const withdrawn = new AbortController();
      requests.push(withdrawn);
      const settle = () => {
        const index = requests.indexOf(withdrawn);
        if (index >= 0) requests.splice(index, 1);
      };
      this.service.lockNextActivityWorkItem(withdrawn.signal).then(
        (item) => {
          settle();
          failures = 0;
          if (item) this.start(item);
          adjust();
        },
        (error) => {
          settle();
          if (failures++ === 0 && !stopSignal.aborted) this.log.error("ActivityReceiveFailed", error);
          // A backend that keeps failing is asked again after a growing pause, not in a tight loop.
          const pause = Math.min(30_000, 100 * 2 ** failures);
          pausedUntil = Date.now() + pause;
          setTimeout(adjust, pause).unref();
        },
      );
    };
    const unsubscribe = this.slots.onChange(adjust);
    adjust();
    return new Promise((resolve) => {
      const stop = () => {
        unsubscribe();
        for (const request of [...requests]) request.abort();
        resolve();
      };
      if (stopSignal.aborted) stop();
      else stopSignal.addEventListener("abort", stop, { once: true });
    });
  }

  /** Finishes an activity an episode handed off: renews its work item while `result` runs, then completes it. */
  adopt(item: ActivityWorkItem, result: Promise<HistoryEvent>): void {
    this.track(this.finish(item, result));
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private start(item: ActivityWorkItem): void {
    // Local activities may have taken the slot since the request: it runs all the same, a slot over for a moment.
    if (this.slots.tryAcquire() === 0) this.slots.acquireReceived();
    const abortSignal = this.abortActivities;
    const result = runActivity(this.activities, item.message, abortSignal, this.log);
    this.track(this.finish(item, result).finally(() => this.slots.release()));
  }

  private track(done: Promise<void>): void {
    const tracked = done.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async finish(item: ActivityWorkItem, result: Promise<HistoryEvent>): Promise<void> {
    const stopRenewing = keepLocked(this.service, item, this.log, this.options.renewIntervalInMs);
    const abortSignal = this.abortActivities;
    try {
      const response = await result;
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
      stopRenewing();
    }
  }
}
