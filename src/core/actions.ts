// What an orchestrator asks for in one episode. The dispatcher turns each action into history events and
// messages; replay matches the actions an orchestrator takes against the history by task id and kind.
import type { FailureDetails, HistoryEvent, OrchestrationRuntimeStatus } from "./history-events.js";

export interface ScheduleTaskAction {
  kind: "ScheduleTask";
  id: number;
  name: string;
  version?: string;
  input?: string;
}
export interface CreateSubOrchestrationAction {
  kind: "CreateSubOrchestration";
  id: number;
  name: string;
  instanceId: string;
  version?: string;
  input?: string;
}
export interface CreateTimerAction {
  kind: "CreateTimer";
  id: number;
  fireAt: Date;
}
export interface SendEventAction {
  kind: "SendEvent";
  id: number;
  instanceId: string;
  name: string;
  input?: string;
}
export interface CompleteOrchestrationAction {
  kind: "CompleteOrchestration";
  id: number;
  status: Extract<OrchestrationRuntimeStatus, "Completed" | "Failed" | "ContinuedAsNew" | "Terminated">;
  /** The output, or for ContinuedAsNew the next execution's input (JSON text). */
  result?: string;
  failureDetails?: FailureDetails;
  newVersion?: string;
  /** With continueAsNew(…, preserveUnprocessedEvents): events received but not consumed, for the next execution. */
  carryoverEvents?: HistoryEvent[];
}

export type OrchestratorAction =
  | ScheduleTaskAction
  | CreateSubOrchestrationAction
  | CreateTimerAction
  | SendEventAction
  | CompleteOrchestrationAction;
