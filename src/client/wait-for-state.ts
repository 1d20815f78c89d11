// Waits until an instance reaches a state. Storage decides: the state is read first and after each change,
// and a wait returns only what storage holds. A backend's InstanceChangeFeed (news of this process's own
// writes) saves reads: a change wakes the wait at once, news of a status that cannot satisfy the wait needs no
// read, a row the feed knows whole stands for a read, and where this process writes every change of the
// instance the safety poll is slow. News never replaces the first read, so stale news cannot delay a result.
import { TimeoutError } from "../core/index.js";
import type { InstanceChange, InstanceRecord, OrchestrationService, OrchestrationState } from "../backend/orchestration-service.js";
import type { OrchestrationRuntimeStatus } from "../core/index.js";

export interface WaitOptions {
  timeoutInMs?: number;
  abortSignal?: AbortSignal;
}

export interface StateCondition {
  /** The state a whole status row stands for, where the wait can use one instead of a read. */
  fromRecord?(record: InstanceRecord): OrchestrationState;
  /** Could an instance in this status satisfy the wait? (Decides whether news of a change is worth a read.) */
  mayBeDone(status: OrchestrationRuntimeStatus): boolean;
  isDone(state: OrchestrationState): boolean;
}

/** Polls catch changes made by other processes; where this process makes them all, polling is a safety net. */
const POLL = { remote: { firstMs: 50, maxMs: 2000 }, observed: { firstMs: 5000, maxMs: 30_000 } };

export async function waitForState(
  service: OrchestrationService,
  read: () => Promise<OrchestrationState | undefined>,
  instanceId: string,
  condition: StateCondition,
  options: WaitOptions,
): Promise<OrchestrationState> {
  const feed = service.instanceChanges;
  options.abortSignal?.throwIfAborted();
  // One signal ends everything this wait started (its listener on the feed, its timers), however it ends.
  const ended = new AbortController();
  let timedOut = false;
  const timer = options.timeoutInMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    ended.abort(WAIT_ENDED);
  }, options.timeoutInMs);
  const onAbort = () => ended.abort(WAIT_ENDED);
  options.abortSignal?.addEventListener("abort", onAbort, { once: true });
  try {
    const known = wholeState(feed?.lastChange(instanceId), condition);
    if (known) return known;
    // Listen before reading, so a change that lands during the read is not missed; after news, listen again.
    let news = feed?.nextChange(instanceId, ended.signal);
    let mustRead = true;
    for (let round = 0; ; round++) {
      if (mustRead) {
        const state = await read();
        if (state && condition.isDone(state)) return state;
      }
      const poll = feed?.observes(instanceId) ? POLL.observed : POLL.remote;
      const outcome = await nextChange(Math.min(poll.maxMs, poll.firstMs * 2 ** round), ended.signal, news);
      options.abortSignal?.throwIfAborted();
      if (timedOut) throw new TimeoutError(`Instance '${instanceId}' did not reach the awaited state within ${options.timeoutInMs} ms`);
      if (outcome.kind === "announced") {
        news = feed?.nextChange(instanceId, ended.signal);
        const whole = wholeState(outcome.change, condition);
        if (whole) return whole;
      }
      mustRead = outcome.kind === "poll" || outcome.change === undefined || condition.mayBeDone(outcome.change.runtimeStatus);
    }
  } finally {
    clearTimeout(timer);
    options.abortSignal?.removeEventListener("abort", onAbort);
    ended.abort(WAIT_ENDED);
  }
}

/** The reason this module aborts its own signal with (cheaper than the DOMException abort() makes). */
const WAIT_ENDED = Symbol("wait ended");

/** The state a change's whole row stands for, when it satisfies the wait. */
function wholeState(change: InstanceChange | undefined, condition: StateCondition): OrchestrationState | undefined {
  const state = change?.record && condition.fromRecord?.(change.record);
  return state && condition.isDone(state) ? state : undefined;
}

type Outcome = { kind: "poll" } | { kind: "announced"; change?: InstanceChange };

/** The next poll time, news from the feed, or the wait's end, whichever comes first. */
function nextChange(ms: number, ended: AbortSignal, news: Promise<InstanceChange | undefined> | undefined): Promise<Outcome> {
  if (ended.aborted) return Promise.resolve({ kind: "poll" });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ended.removeEventListener("abort", onEnd);
      resolve(outcome);
    };
    const onEnd = () => finish({ kind: "poll" });
    const timer = setTimeout(onEnd, ms);
    ended.addEventListener("abort", onEnd, { once: true });
    news?.then((change) => finish({ kind: "announced", change }));
  });
}
