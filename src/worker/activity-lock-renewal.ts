// Keeps an activity work item locked while its activity runs, as DurableTask.Core's TaskActivityDispatcher does
// (RenewUntil/AdjustRenewAt: renew 30 s before the lock ends, at least every 30 s). A lock shorter than a minute
// is renewed when half of it is left, so a short lock (which brings a dead worker's activity back sooner) holds too.
import type { ActivityWorkItem, OrchestrationService } from "../backend/orchestration-service.js";
import type { Logger } from "../logging/logger.js";

const RENEW_BEFORE_END_MS = 30_000;
const MAX_RENEW_INTERVAL_MS = 30_000;
const MIN_RENEW_INTERVAL_MS = 100;

/** How long to wait before the next renewal of `item` (`fixedIntervalInMs` when the worker sets one). */
export function nextRenewalInMs(item: ActivityWorkItem, now: number, fixedIntervalInMs?: number): number {
  if (fixedIntervalInMs !== undefined) return Math.max(MIN_RENEW_INTERVAL_MS, fixedIntervalInMs);
  if (!item.lockedUntil) return MAX_RENEW_INTERVAL_MS;
  const remaining = item.lockedUntil.getTime() - now;
  const wait = Math.min(MAX_RENEW_INTERVAL_MS, Math.max(remaining - RENEW_BEFORE_END_MS, remaining / 2));
  return Math.max(MIN_RENEW_INTERVAL_MS, wait);
}

/** Renews the item's lock until the returned function is called. */
export function keepLocked(service: OrchestrationService, item: ActivityWorkItem, log: Logger, fixedIntervalInMs?: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await service.renewActivityWorkItem(item).catch((error) => log.error("ActivityRenewFailed", error, { workItem: item.id }));
      schedule();
    }, nextRenewalInMs(item, Date.now(), fixedIntervalInMs));
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
