// A handed-off call's work item is sent invisible for one lock, and the worker starts renewing it only once the
// commit has handed it over. A commit slower than that lock (a storage stall, a starved CPU) would let the item
// reappear meanwhile and run a second time on whichever worker received it. So until the hand-over, the commit
// renews each held item when half of its lock is left, and stops (waiting for a renewal under way) before the
// worker's own renewals begin, so the two never race over one pop receipt.
import type { ActivityWorkItem } from "../../backend/orchestration-service.js";

export interface HeldCallsDuringCommit {
  /** Stops renewing; resolves once no renewal is under way. */
  stop(): Promise<void>;
}

export function renewHeldCallsDuringCommit(
  sends: readonly Promise<ActivityWorkItem>[],
  renew: (item: ActivityWorkItem) => Promise<void>,
  onError: (error: unknown, item: ActivityWorkItem) => void,
): HeldCallsDuringCommit {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const underWay = new Set<Promise<void>>();
  const schedule = (item: ActivityWorkItem) => {
    if (stopped || !item.lockedUntil) return;
    const wait = Math.max(0, (item.lockedUntil.getTime() - Date.now()) / 2);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      // A renewal that failed, or found the item gone, is not repeated: its lock did not move, and the commit's
      // own outcome decides what happens to the call.
      const lockedUntil = item.lockedUntil?.getTime();
      const renewal = renew(item)
        .then(
          () => {
            if (item.lockedUntil && item.lockedUntil.getTime() !== lockedUntil) schedule(item);
          },
          (error: unknown) => onError(error, item),
        )
        .finally(() => underWay.delete(renewal));
      underWay.add(renewal);
    }, wait);
    timer.unref();
    timers.add(timer);
  };
  for (const send of sends) send.then(schedule, () => undefined);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(underWay);
    },
  };
}
