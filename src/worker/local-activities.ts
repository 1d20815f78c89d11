// Local activities (as Temporal has them): activities an episode schedules run at once in this worker, and
// their results feed the next episode before anything is committed, so a chain of short activities costs one
// history write instead of a queue round trip and a write per step. A crash before the commit loses only work
// in memory: the messages come back and the activities run again (activities are at-least-once anyway).
import type { HistoryEvent, TaskMessage } from "../core/index.js";
import type { OrchestrationEpisodeCommit } from "../backend/orchestration-service.js";
import type { EpisodeOutcome } from "./episode.js";

export interface LocalActivityLimits {
  /** Stop starting new rounds after this long: the instance's messages stay locked meanwhile. */
  budgetInMs: number;
  /** Run locally only when an episode schedules at most this many activities. */
  maxPerRound: number;
  /** How many run at once (the worker's activity concurrency). */
  concurrency: number;
}

export interface LocalActivityRunner {
  isRegistered(name: string): boolean;
  run(message: TaskMessage): Promise<HistoryEvent>;
}

/**
 * Runs the activities `outcome` schedules, then the next episode with their results, until an episode
 * schedules none (or too many, or the budget is spent); returns one outcome committing all of it.
 */
export async function runLocalActivities(
  outcome: EpisodeOutcome,
  history: HistoryEvent[],
  runner: LocalActivityRunner,
  nextEpisode: (history: HistoryEvent[], messages: TaskMessage[]) => EpisodeOutcome,
  limits: LocalActivityLimits,
): Promise<EpisodeOutcome> {
  const started = Date.now();
  let merged = outcome;
  while (merged.commit && canRunLocally(merged.commit, runner, limits) && Date.now() - started < limits.budgetInMs) {
    const commit = merged.commit;
    const results = await mapWithConcurrency(commit.activityMessages, limits.concurrency, async (message) => ({
      event: await runner.run(message),
      orchestrationInstance: message.orchestrationInstance,
    }));
    const base = commit.isNewExecution ? commit.newEvents : [...history, ...commit.newEvents];
    const next = nextEpisode(base, results);
    if (!next.commit) break;
    merged = mergeOutcomes(merged, next);
  }
  return merged;
}

function canRunLocally(commit: OrchestrationEpisodeCommit, runner: LocalActivityRunner, limits: LocalActivityLimits): boolean {
  const calls = commit.activityMessages;
  return calls.length > 0 && calls.length <= limits.maxPerRound
    && calls.every((m) => m.event.eventType === "TaskScheduled" && runner.isRegistered(m.event.name));
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

/** Like Promise.all over `items.map(f)`, with at most `limit` calls running at once; results keep their order. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await f(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
