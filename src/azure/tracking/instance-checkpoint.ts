// The Instances row columns an episode's checkpoint merges, derived from the events it appends, as the original's
// tracking store does (AS`Tracking/AzureTableTrackingStore.cs:937-1050`): always CustomStatus ("null" when none),
// ExecutionId, LastUpdatedTime (the last event's time) and TaskHubName; then per event: ExecutionStarted sets the
// name, times, tags and Input; a completion its status, CompletedTime and Output ("Type: message" for a failure);
// a termination, suspension or resumption keeps its reason in Output. A payload whose History row spilled points
// at that row's blob (ATS:1275-1294), so both tables share one blob.
import type { FailureDetails, HistoryEvent, OrchestrationRuntimeStatus } from "../../core/index.js";

/** The spilled properties of the checkpoint's History rows: event index → property → blob URL. */
export type HistoryBlobUrls = ReadonlyMap<number, ReadonlyMap<string, string>>;

export interface CheckpointInput {
  executionId: string;
  events: readonly HistoryEvent[];
  customStatus?: string;
  /** When this commit happens (the original's DateTime.UtcNow for CompletedTime). */
  now: Date;
  historyBlobUrls?: HistoryBlobUrls;
}

/** FailureDetails.ToString() of the original (CO`FailureDetails.cs:170-173`). */
export function failureText(details: FailureDetails): string {
  return `${details.errorType}: ${details.message}`;
}

/** Column name → value, for an InsertOrMerge; a value left undefined is not written. */
export function checkpointColumns(input: CheckpointInput): Record<string, unknown> {
  const { events, now } = input;
  const last = events[events.length - 1];
  const columns: Record<string, unknown> = {
    CustomStatus: input.customStatus ?? "null",
    ExecutionId: input.executionId,
    LastUpdatedTime: last?.timestamp ?? now,
  };
  const payload = (index: number, property: string, value: string | undefined) =>
    input.historyBlobUrls?.get(index)?.get(property) ?? value;
  const setStatus = (status: OrchestrationRuntimeStatus) => (columns.RuntimeStatus = status);
  events.forEach((event, i) => {
    switch (event.eventType) {
      case "ExecutionStarted":
        setStatus("Running");
        Object.assign(columns, {
          Name: event.name,
          Version: event.version,
          CreatedTime: event.timestamp,
          Tags: event.tags ? JSON.stringify(event.tags) : "null",
          Generation: event.generation,
          Input: payload(i, "Input", event.input),
        });
        if (event.scheduledStartTime) columns.ScheduledStartTime = event.scheduledStartTime;
        break;
      case "ExecutionCompleted":
        setStatus(event.orchestrationStatus);
        columns.CompletedTime = now;
        columns.Output = payload(i, "Result", event.failureDetails ? failureText(event.failureDetails) : event.result);
        break;
      case "ExecutionTerminated":
        setStatus("Terminated");
        columns.CompletedTime = now;
        columns.Output = payload(i, "Input", event.input);
        break;
      case "ExecutionSuspended":
      case "ExecutionResumed":
        setStatus(event.eventType === "ExecutionSuspended" ? "Suspended" : "Running");
        columns.Output = payload(i, "Reason", event.reason);
        break;
      case "ContinueAsNew":
        setStatus("ContinuedAsNew");
        columns.Output = payload(i, "Result", event.result);
        break;
      default:
        break;
    }
  });
  return columns;
}
