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
  /**
   * A fixed interval between renewals of a running activity's lock. By default each renewal is timed from the
   * lock's end, as the original does: 30 s before it, at least every 30 s, or at half a lock shorter than a minute.
   */
  activityRenewIntervalInMs?: number;
  /**
   * Run the activities an episode schedules right here, in the worker's free activity slots, before committing
   * (default on; `false` sends every call through the work-item queue, as the original does). Calls beyond the
   * free slots go to the queue at once; a call still running after `localActivityBudgetInMs` is handed off.
   */
  localActivities?: boolean | Partial<LocalActivityLimits>;
  /**
   * How long an episode waits for its local activities before it commits (default 1 s): a call still running then
   * is handed off, its TaskScheduled committed (the instance shows Running) with a work item this worker keeps
   * invisible while it finishes the call, so that another worker runs it if this one dies.
   */
  localActivityBudgetInMs?: number;
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
  /** Undefined: timed from each lock's end. */
  activityRenewIntervalInMs?: number;
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
    activityRenewIntervalInMs:
      options.activityRenewIntervalInMs === undefined ? undefined : positive("activityRenewIntervalInMs", options.activityRenewIntervalInMs),
    localActivities: local === false
      ? undefined
      : {
          budgetInMs: positive("localActivityBudgetInMs", options.localActivityBudgetInMs ?? 1_000),
          maxPerRound: 1_000,
          ...(local === true ? {} : local),
        },
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== "number" || !(value > 0)) throw new RangeError(`${name} must be a number above 0, not ${value}`);
  return value;
}
