// Worker versioning as Microsoft.DurableTask's worker offers it (DurableTask.Core Settings/VersioningSettings.cs
// and TaskOrchestrationDispatcher's check): which orchestration versions this worker runs, and what happens to
// the others, so a rolling deployment never replays an old history on code that cannot run it.
import type { FailureDetails } from "../core/index.js";

/** none: run every version; strict: only the worker's own; currentOrOlder: the worker's and older ones. */
export type VersionMatchStrategy = "none" | "strict" | "currentOrOlder";
/** reject: give the work back for a worker that matches; fail: end the instance Failed (VersionMismatch). */
export type VersionFailureStrategy = "reject" | "fail";

export interface VersioningOptions {
  /** This worker's version, compared with each orchestration's (the ExecutionStarted Version). */
  version?: string;
  /** The version of sub-orchestrations this worker starts without naming one (top-level starts: the client's). */
  defaultVersion?: string;
  /** Default "none". */
  matchStrategy?: VersionMatchStrategy;
  /** Default "reject". */
  failureStrategy?: VersionFailureStrategy;
}

const MATCH_STRATEGIES: readonly VersionMatchStrategy[] = ["none", "strict", "currentOrOlder"];
const FAILURE_STRATEGIES: readonly VersionFailureStrategy[] = ["reject", "fail"];

export function validateVersioning(options: VersioningOptions): void {
  if (options.matchStrategy !== undefined && !MATCH_STRATEGIES.includes(options.matchStrategy)) {
    throw new TypeError(`versioning.matchStrategy must be one of ${MATCH_STRATEGIES.join(", ")}, got ${JSON.stringify(options.matchStrategy)}`);
  }
  if (options.failureStrategy !== undefined && !FAILURE_STRATEGIES.includes(options.failureStrategy)) {
    throw new TypeError(`versioning.failureStrategy must be one of ${FAILURE_STRATEGIES.join(", ")}, got ${JSON.stringify(options.failureStrategy)}`);
  }
}

/**
 * VersioningSettings.CompareVersions: empty versions are equal and older than any other; two versions that .NET's
 * System.Version parses (2 to 4 dot-separated numbers) compare by number; anything else case-insensitively as text.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  const aEmpty = !a?.trim();
  const bEmpty = !b?.trim();
  if (aEmpty || bEmpty) return aEmpty && bEmpty ? 0 : aEmpty ? -1 : 1;
  const x = dotNetVersion(a!);
  const y = dotNetVersion(b!);
  if (x && y) {
    for (let i = 0; i < 4; i++) {
      // An absent build or revision is -1 in .NET, so 1.0 < 1.0.0.
      const d = (x[i] ?? -1) - (y[i] ?? -1);
      if (d !== 0) return Math.sign(d);
    }
    return 0;
  }
  const [ua, ub] = [a!.toUpperCase(), b!.toUpperCase()];
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function dotNetVersion(text: string): number[] | undefined {
  if (!/^\s*\d+(\.\d+){1,3}\s*$/.test(text)) return undefined;
  const parts = text.trim().split(".").map(Number);
  return parts.every((n) => n <= 2_147_483_647) ? parts : undefined;
}

/** Why this worker may not run an orchestration of `orchestrationVersion`, or undefined when it may. */
export function versionMismatch(options: VersioningOptions | undefined, orchestrationVersion: string | undefined): string | undefined {
  const strategy = options?.matchStrategy ?? "none";
  if (strategy === "none") return undefined;
  const mine = options?.version ?? "";
  const theirs = orchestrationVersion ?? "";
  const fits = strategy === "strict" ? mine === theirs : compareVersions(theirs, mine) <= 0;
  if (fits) return undefined;
  const rule = strategy === "strict" ? "exactly" : "at most";
  return `The orchestration's version ${JSON.stringify(theirs)} does not match this worker's versioning ` +
    `(${strategy}: ${rule} ${JSON.stringify(mine)})`;
}

/** The failure an instance ends with under failureStrategy "fail" (the original's errorType and non-retriable flag). */
export function versionMismatchFailure(reason: string): FailureDetails {
  return { errorType: "VersionMismatch", message: reason, isNonRetriable: true };
}

/** The error a rejected work item is abandoned with: not a failure, the work waits for a matching worker. */
export class VersionMismatchError extends Error {
  override readonly name = "VersionMismatchError";
}
