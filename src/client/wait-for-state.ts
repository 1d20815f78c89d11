// Waits until an instance reaches a state. In the process that runs the worker, commits announce the new
// status, so the state is re-read only when the announced status could satisfy the wait, and not at all where
// the worker knows the whole final state (a brand-new instance finished in one episode); changes made by other
// processes are caught by a slower poll.
import { TimeoutError, type OrchestrationRuntimeStatus } from "../core/index.js";
import type { OrchestrationService, OrchestrationState } from "../backend/orchestration-service.js";

export interface WaitOptions {
  timeoutInMs?: number;
  abortSignal?: AbortSignal;
}

export interface StateCondition {
  /** The state this process knows without a read, if it knows it exactly. */
  known?(): OrchestrationState | undefined;
  /** Could an instance in this status satisfy the wait? (Decides whether an announced change is worth a read.) */
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
  const timeout = new AbortController();
  const timer = options.timeoutInMs === undefined ? undefined : setTimeout(() => timeout.abort(), options.timeoutInMs);
  const stop = AbortSignal.any([timeout.signal, ...(options.abortSignal ? [options.abortSignal] : [])]);
  let mustRead = true;
  try {
    for (let round = 0; ; round++) {
      // Listen before reading, so a change that lands during the read is not missed.
      const listening = new AbortController();
      const announced = service.waitForInstanceChange?.(instanceId, AbortSignal.any([stop, listening.signal]));
      // Where this process announces every change of the instance, a status it announced that cannot satisfy
      // the wait needs no first read: the change that can will be announced.
      if (round === 0) mustRead = !announcedStatusRulesOut(service, instanceId, condition);
      const known = mustRead ? condition.known?.() : undefined;
      if (known && condition.isDone(known)) {
        listening.abort();
        return known;
      }
      if (mustRead) {
        const state = await read();
        if (state && condition.isDone(state)) {
          listening.abort();
          return state;
        }
      }
      const poll = service.observesInstance?.(instanceId) ? POLL.observed : POLL.remote;
      const outcome = await nextChange(Math.min(poll.maxMs, poll.firstMs * 2 ** round), stop, announced);
      listening.abort();
      options.abortSignal?.throwIfAborted();
      if (timeout.signal.aborted) {
        throw new TimeoutError(`Instance '${instanceId}' did not reach the awaited state within ${options.timeoutInMs} ms`);
      }
      mustRead = outcome.kind === "poll" || outcome.status === undefined || condition.mayBeDone(outcome.status);
    }
  } finally {
    clearTimeout(timer);
  }
}

type Outcome = { kind: "poll" } | { kind: "announced"; status?: OrchestrationRuntimeStatus };

function nextChange(ms: number, stop: AbortSignal, announced: Promise<OrchestrationRuntimeStatus | undefined> | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      stop.removeEventListener("abort", onStop);
      resolve(outcome);
    };
    const onStop = () => finish({ kind: "poll" });
    const timer = setTimeout(() => finish({ kind: "poll" }), ms);
    stop.addEventListener("abort", onStop, { once: true });
    announced?.then((status) => finish({ kind: "announced", status }));
  });
}

function announcedStatusRulesOut(service: OrchestrationService, instanceId: string, condition: StateCondition): boolean {
  const known = service.observesInstance?.(instanceId) ? service.lastAnnouncedStatus?.(instanceId) : undefined;
  return known !== undefined && !condition.mayBeDone(known);
}
