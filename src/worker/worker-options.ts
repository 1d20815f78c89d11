// A worker's options and their defaults, resolved in one place: the dispatchers get only resolved values.
import type { Logger } from "../logging/logger.js";
import type { LocalActivityLimits } from "./local-activities.js";
import { validateVersioning, type VersioningOptions } from "./versioning.js";

export interface TaskHubWorkerOptions {
  /** Episodes running at once (default 100). */
  maxConcurrentOrchestrations?: number;
  /** Activities running at once, queued and local together (default 20). */
  maxConcurrentActivities?: number;
  /** Timers longer than this become a chain of shorter ones (default 3 days, below Azure's 7-day cap). */
  maxTimerIntervalInMs?: number;
  /** How often a long-running activity's lock is extended (default 60 s). */
  activityRenewIntervalInMs?: number;
  /**
   * Run the activities an episode schedules right here, before committing, while they are few and quick
   * (default on: a 1 s budget, up to 1,000 per round, at the activity concurrency; `false` sends every call
   * through the work-item queue, as the original does).
   */
  localActivities?: boolean | Partial<LocalActivityLimits>;
  /**
   * Which orchestration versions this worker runs, as Microsoft.DurableTask's worker versioning: its `version`, a
   * `matchStrategy` (none, strict, currentOrOlder), a `failureStrategy` for the others (reject: leave them for a
   * worker that matches; fail: end them Failed with errorType VersionMismatch), and a `defaultVersion` for the
   * sub-orchestrations it starts without one.
   */
  versioning?: VersioningOptions;
  /**
   * Also keep each activity's and sub-orchestration's input in the History table (TaskScheduled and
   * SubOrchestrationInstanceCreated rows), as the original's IncludeParameters does. Default false, as there:
   * the input travels in the message only.
   */
  includeParameters?: boolean;
  /**
   * Requests an episode sends to one entity share a queue message, an "op" event carrying a JSON array of requests
   * (default false). Every worker of this hub must be dtfx: the original reads one request per message.
   */
  batchEntityRequests?: boolean;
  log?: Logger;
}

export interface ResolvedWorkerOptions {
  maxConcurrentOrchestrations: number;
  maxConcurrentActivities: number;
  maxTimerIntervalInMs: number;
  activityRenewIntervalInMs: number;
  /** Undefined: local activities are off. */
  localActivities?: LocalActivityLimits;
  versioning?: VersioningOptions;
  includeParameters: boolean;
  batchEntityRequests: boolean;
}

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

export function resolveWorkerOptions(options: TaskHubWorkerOptions): ResolvedWorkerOptions {
  const maxConcurrentActivities = positive("maxConcurrentActivities", options.maxConcurrentActivities ?? 20);
  const local = options.localActivities ?? true;
  if (options.versioning) validateVersioning(options.versioning);
  return {
    versioning: options.versioning,
    includeParameters: options.includeParameters ?? false,
    batchEntityRequests: options.batchEntityRequests ?? false,
    maxConcurrentOrchestrations: positive("maxConcurrentOrchestrations", options.maxConcurrentOrchestrations ?? 100),
    maxConcurrentActivities,
    maxTimerIntervalInMs: positive("maxTimerIntervalInMs", options.maxTimerIntervalInMs ?? THREE_DAYS_MS),
    activityRenewIntervalInMs: positive("activityRenewIntervalInMs", options.activityRenewIntervalInMs ?? 60_000),
    localActivities: local === false
      ? undefined
      : { budgetInMs: 1_000, maxPerRound: 1_000, concurrency: maxConcurrentActivities, ...(local === true ? {} : local) },
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== "number" || !(value > 0)) throw new RangeError(`${name} must be a number above 0, not ${value}`);
  return value;
}
