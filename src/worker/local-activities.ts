// Local activities (as Temporal has them): activities an episode schedules run at once in this worker while it
// has free activity slots, and their results feed the next episode before anything is committed, so a chain of
// short activities costs one history write instead of a queue round trip and a write per step. The rest goes the
// original's way: calls beyond the free slots are sent to the work-item queue at once (other workers share a
// fan-out), and a call still running when the budget ends is handed off: the episode commits its TaskScheduled
// with a work item that this worker holds while it finishes the call, so a crash hands it to another worker.
// A crash before the commit loses only work in memory: the messages come back and the calls run again.
import type { HistoryEvent, TaskMessage } from "../core/index.js";
import type { OrchestrationEpisodeCommit } from "../backend/orchestration-service.js";
import type { EpisodeOutcome } from "./episode.js";

export interface LocalActivityLimits {
  /** How long an episode waits for its local activities before committing and handing off those still running. */
  budgetInMs: number;
  /** Run locally only when an episode schedules at most this many activities. */
  maxPerRound: number;
}

export interface LocalActivityRunner {
  isRegistered(name: string): boolean;
  /** Takes up to `count` of the worker's free activity slots at once; returns how many. */
  tryAcquireSlots(count: number): number;
  releaseSlot(): void;
  run(message: TaskMessage): Promise<HistoryEvent>;
}

export interface HandedOffActivity {
  /** Its TaskScheduled message, also in the commit's heldActivityMessages. */
  message: TaskMessage;
  /** The call, still running in this worker (its slot is released when it ends). */
  result: Promise<HistoryEvent>;
}

export interface LocalActivitiesOutcome {
  outcome: EpisodeOutcome;
  handedOff: HandedOffActivity[];
}

/**
 * Runs what it can of the activities `outcome` schedules, then the next episode with their results, until an
 * episode schedules none that can run here, some must go to the queue, or the budget is spent; returns one outcome
 * committing all of it, and the calls it hands off.
 */
export async function runLocalActivities(
  outcome: EpisodeOutcome,
  history: HistoryEvent[],
  runner: LocalActivityRunner,
  nextEpisode: (history: HistoryEvent[], messages: TaskMessage[]) => EpisodeOutcome,
  limits: LocalActivityLimits,
): Promise<LocalActivitiesOutcome> {
  const deadline = Date.now() + limits.budgetInMs;
  const running = new Map<TaskMessage, { result: Promise<HistoryEvent>; done?: HistoryEvent }>();
  const queued: TaskMessage[] = [];
  let merged = outcome;
  while (merged.commit) {
    const calls = merged.commit.activityMessages; // the latest episode's calls
    const local = Date.now() < deadline ? startLocally(calls, runner, limits) : new Map<TaskMessage, Promise<HistoryEvent>>();
    for (const [message, result] of local) {
      const entry: { result: Promise<HistoryEvent>; done?: HistoryEvent } = { result };
      running.set(message, entry);
      void result.then((event) => (entry.done = event), () => undefined);
    }
    queued.push(...calls.filter((m) => !local.has(m)));
    // Calls for the queue go out now, not after the local ones: commit at once.
    if (queued.length > 0 || running.size === 0) break;
    await untilAllSettledOr([...running.values()].map((r) => r.result), deadline);
    const finished = [...running].filter(([, r]) => r.done !== undefined);
    if (finished.length === 0) break;
    for (const [message] of finished) running.delete(message);
    const commit = merged.commit;
    const base = commit.isNewExecution ? commit.newEvents : [...history, ...commit.newEvents];
    const results = finished.map(([message, r]) => ({ event: r.done!, orchestrationInstance: message.orchestrationInstance }));
    const next = nextEpisode(base, results);
    if (!next.commit) break;
    merged = mergeOutcomes(merged, next); // its calls are started or queued in the next turn
  }
  const handedOff = [...running].map(([message, r]) => ({ message, result: r.result }));
  return { outcome: withActivities(merged, queued, handedOff), handedOff };
}

/** Starts as many of `calls` as there are free slots (all or none of an unregistered or too large round). */
function startLocally(calls: TaskMessage[], runner: LocalActivityRunner, limits: LocalActivityLimits): Map<TaskMessage, Promise<HistoryEvent>> {
  const started = new Map<TaskMessage, Promise<HistoryEvent>>();
  if (calls.length === 0 || calls.length > limits.maxPerRound) return started;
  if (!calls.every((m) => m.event.eventType === "TaskScheduled" && runner.isRegistered(m.event.name))) return started;
  const slots = runner.tryAcquireSlots(calls.length);
  for (const message of calls.slice(0, slots)) {
    const result = (async () => runner.run(message))().finally(() => runner.releaseSlot());
    started.set(message, result);
  }
  return started;
}

function untilAllSettledOr(results: Promise<unknown>[], deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
  return Promise.race([Promise.allSettled(results).then(() => undefined), budget]).finally(() => clearTimeout(timer));
}

/** The commit sends the queued calls and holds the handed-off ones (their TaskScheduled is already in it). */
function withActivities(outcome: EpisodeOutcome, queued: TaskMessage[], handedOff: HandedOffActivity[]): EpisodeOutcome {
  if (!outcome.commit || (queued.length === 0 && handedOff.length === 0)) return outcome;
  const held = handedOff.map((h) => h.message);
  const commit: OrchestrationEpisodeCommit = {
    ...outcome.commit,
    activityMessages: [...queued, ...held],
    ...(held.length > 0 && { heldActivityMessages: held }),
  };
  return { ...outcome, commit };
}

/** The outcome of two episodes in a row, as one commit: the first's activities ran locally, so they are not sent. */
export function mergeOutcomes(first: EpisodeOutcome, next: EpisodeOutcome): EpisodeOutcome {
  const a = first.commit!;
  const b = next.commit!;
  const commit: OrchestrationEpisodeCommit = {
    newEvents: b.isNewExecution ? b.newEvents : [...a.newEvents, ...b.newEvents],
    isNewExecution: a.isNewExecution || b.isNewExecution,
    executionId: b.executionId,
    activityMessages: b.activityMessages,
    timerMessages: b.isNewExecution ? b.timerMessages : [...a.timerMessages, ...b.timerMessages],
    orchestratorMessages: [...a.orchestratorMessages, ...b.orchestratorMessages],
    state: b.state,
  };
  return { commit, deferredMessages: first.deferredMessages, dropped: [...first.dropped, ...next.dropped] };
}
