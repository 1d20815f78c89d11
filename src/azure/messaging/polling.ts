// Idle polling of a queue: back off from 50 ms towards 30 s with jitter, as the original does, and wake at
// once when this process has just sent work to that queue.

/** The original's floor and ceiling of the wait between empty receives. */
export const MIN_POLL_DELAY_MS = 50;
export const MAX_POLL_DELAY_MS = 30_000;

/**
 * The wait after `emptyReceives` empty receives in a row: 50 ms + (0.8 + 0.4·random01) × 2^(k−1) × 50 ms,
 * capped at `maxInMs` (30 s by default); no wait after a receive that found messages (k = 0).
 */
export function nextPollDelayInMs(emptyReceives: number, random01: number, maxInMs = MAX_POLL_DELAY_MS): number {
  if (emptyReceives <= 0) return 0;
  const jitter = 0.8 + 0.4 * Math.min(1, Math.max(0, random01));
  const backoff = jitter * 2 ** Math.min(emptyReceives - 1, 30) * MIN_POLL_DELAY_MS;
  return Math.min(maxInMs, MIN_POLL_DELAY_MS + backoff);
}

export interface WakeableDelayOptions {
  /**
   * Whether a pending wait keeps Node running (default true). A waiting worker should, like a server does;
   * pass false for background waits that must not hold the process open.
   */
  keepProcessAlive?: boolean;
}

/**
 * A delay that ends at its time, at wake(), or when its abort signal fires; it always resolves, never
 * rejects. A wake() with nobody waiting is remembered once, so a send just before a wait is not missed.
 */
export class WakeableDelay {
  private wakePending = false;
  private readonly waiters = new Set<() => void>();
  private readonly keepProcessAlive: boolean;

  constructor(options: WakeableDelayOptions = {}) {
    this.keepProcessAlive = options.keepProcessAlive ?? true;
  }

  wake(): void {
    if (this.waiters.size === 0) {
      this.wakePending = true;
      return;
    }
    for (const release of [...this.waiters]) release();
  }

  wait(ms: number, abortSignal?: AbortSignal): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    if (abortSignal?.aborted || !(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        abortSignal?.removeEventListener("abort", release);
        this.waiters.delete(release);
        resolve();
      };
      const timer = setTimeout(release, Math.min(ms, 2 ** 31 - 1));
      if (!this.keepProcessAlive) timer.unref();
      abortSignal?.addEventListener("abort", release, { once: true });
      this.waiters.add(release);
    });
  }
}
