// Replays one recorded history against an orchestrator with the pure core executor and says whether the code
// still takes the recorded path. A finished history is replayed without its end event, so the code runs to its
// end again instead of the executor returning the recorded outcome at once.
import { execute, type ExecutionResult, type HistoryEvent, type Orchestrator, type OrchestratorAction } from "../core/index.js";

export type ReplayVerdict =
  | { deterministic: true; status: ExecutionResult["status"] }
  | { deterministic: false; message: string };

/** Ends after which the code must reach the same end again (a failed or terminated run may legitimately differ). */
const ENDS_THAT_MUST_REPLAY = new Set(["Completed", "ContinuedAsNew"]);

export function replayVerdict(orchestrator: Orchestrator, history: HistoryEvent[]): ReplayVerdict {
  const recordedEnd = recordedEndOf(history);
  const replayable = history.filter((e) => e.eventType !== "ExecutionCompleted" && e.eventType !== "ContinueAsNew");
  // Everything recorded is past: the worker would replay exactly these events before applying new ones.
  const result = execute(orchestrator, replayable, []);
  if (result.failureDetails?.errorType === "NonDeterminismError") return { deterministic: false, message: result.failureDetails.message };
  if (recordedEnd && ENDS_THAT_MUST_REPLAY.has(recordedEnd) && result.status !== recordedEnd) {
    return { deterministic: false, message: `The history records that the execution ended ${recordedEnd}, but on replay the orchestrator ${outcomeOf(result)}` };
  }
  // The recorded code went on after every event of an unfinished history; code that now ends there took another path.
  if (!recordedEnd && result.status !== "Running" && result.status !== "Suspended") {
    return { deterministic: false, message: `The history records a running execution, but on replay the orchestrator ${outcomeOf(result)}` };
  }
  return { deterministic: true, status: result.status };
}

function recordedEndOf(history: HistoryEvent[]): string | undefined {
  const end = history.findLast((e) => e.eventType === "ExecutionCompleted" || e.eventType === "ContinueAsNew");
  if (!end) return undefined;
  return end.eventType === "ContinueAsNew" ? "ContinuedAsNew" : end.eventType === "ExecutionCompleted" ? end.orchestrationStatus : undefined;
}

function outcomeOf(result: ExecutionResult): string {
  if (result.status === "Failed") return `fails: ${result.failureDetails?.errorType}: ${result.failureDetails?.message}`;
  if (result.status !== "Running") return `ends ${result.status}`;
  const waiting = result.actions.length === 0 ? "waits for something the history never delivered" : `now also takes ${result.actions.map(describeAction).join(", ")}`;
  return `is still running: it ${waiting}`;
}

function describeAction(action: OrchestratorAction): string {
  return "name" in action && action.name ? `${action.kind} '${action.name}'` : action.kind;
}
