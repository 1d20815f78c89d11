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
  const timeout = new AbortController();
  const timer = options.timeoutInMs === undefined ? undefined : setTimeout(() => timeout.abort(), options.timeoutInMs);
  const stop = AbortSignal.any([timeout.signal, ...(options.abortSignal ? [options.abortSignal] : [])]);
  try {
    const known = wholeState(feed?.lastChange(instanceId), condition);
    if (known) return known;
    let mustRead = true;
    for (let round = 0; ; round++) {
      // Listen before reading, so a change that lands during the read is not missed.
      const listening = new AbortController();
      const news = feed?.nextChange(instanceId, AbortSignal.any([stop, listening.signal]));
      if (mustRead) {
        const state = await read();
        if (state && condition.isDone(state)) {
          listening.abort();
          return state;
        }
      }
      const poll = feed?.observes(instanceId) ? POLL.observed : POLL.remote;
      const outcome = await nextChange(Math.min(poll.maxMs, poll.firstMs * 2 ** round), stop, news);
      listening.abort();
      options.abortSignal?.throwIfAborted();
      if (timeout.signal.aborted) {
        throw new TimeoutError(`Instance '${instanceId}' did not reach the awaited state within ${options.timeoutInMs} ms`);
      }
      const whole = outcome.kind === "announced" ? wholeState(outcome.change, condition) : undefined;
      if (whole) return whole;
      mustRead = outcome.kind === "poll" || outcome.change === undefined || condition.mayBeDone(outcome.change.runtimeStatus);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The state a change's whole row stands for, when it satisfies the wait. */
function wholeState(change: InstanceChange | undefined, condition: StateCondition): OrchestrationState | undefined {
  const state = change?.record && condition.fromRecord?.(change.record);
  return state && condition.isDone(state) ? state : undefined;
}

type Outcome = { kind: "poll" } | { kind: "announced"; change?: InstanceChange };

function nextChange(ms: number, stop: AbortSignal, news: Promise<InstanceChange | undefined> | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      stop.removeEventListener("abort", onStop);
      resolve(outcome);
    };
    const onStop = () => finish({ kind: "poll" });
    const timer = setTimeout(() => finish({ kind: "poll" }), ms);
    stop.addEventListener("abort", onStop, { once: true });
    news?.then((change) => finish({ kind: "announced", change }));
  });
}
