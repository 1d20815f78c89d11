// Waits until an instance reaches a state: re-reads the status row whenever this process commits a change to
// the instance, and otherwise on a backoff (a change made by another process is seen within about a second).
import { TimeoutError } from "../core/index.js";
import type { OrchestrationService, OrchestrationState } from "../backend/orchestration-service.js";

export interface WaitOptions {
  timeoutInMs?: number;
  abortSignal?: AbortSignal;
}

export async function waitForState(
  service: OrchestrationService,
  read: () => Promise<OrchestrationState | undefined>,
  instanceId: string,
  isDone: (state: OrchestrationState) => boolean,
  options: WaitOptions,
): Promise<OrchestrationState> {
  const timeout = new AbortController();
  const timer = options.timeoutInMs === undefined ? undefined : setTimeout(() => timeout.abort(), options.timeoutInMs);
  const signals = [timeout.signal, ...(options.abortSignal ? [options.abortSignal] : [])];
  const stop = AbortSignal.any(signals);
  try {
    for (let round = 0; ; round++) {
      // Listen before reading, so a change that lands during the read is not missed.
      const change = new AbortController();
      const changed = service.waitForInstanceChange?.(instanceId, AbortSignal.any([stop, change.signal]));
      const state = await read();
      if (state && isDone(state)) {
        change.abort();
        return state;
      }
      await sleepOrChange(Math.min(1000, 50 * 2 ** round), stop, changed);
      change.abort();
      options.abortSignal?.throwIfAborted();
      if (timeout.signal.aborted) throw new TimeoutError(`Instance '${instanceId}' did not reach the awaited state within ${options.timeoutInMs} ms`);
    }
  } finally {
    clearTimeout(timer);
  }
}

function sleepOrChange(ms: number, stop: AbortSignal, changed: Promise<void> | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      stop.removeEventListener("abort", done);
      resolve();
    }
    stop.addEventListener("abort", done, { once: true });
    changed?.then(done);
  });
}
