// Error classes with a stable `name`, shared by every layer (core imports nothing, so they live here).
import type { FailureDetails } from "./history-events.js";

/** An activity or sub-orchestration failed; `failureDetails` says how. Thrown into the orchestrator at `yield`. */
export class TaskFailedError extends Error {
  override readonly name = "TaskFailedError";
  constructor(
    message: string,
    readonly failureDetails: FailureDetails,
    readonly taskId?: number,
  ) {
    super(message);
  }
}

/** The orchestrator took a different path on replay than the one recorded in its history. */
export class NonDeterminismError extends Error {
  override readonly name = "NonDeterminismError";
}

export class OrchestrationNotFoundError extends Error {
  override readonly name = "OrchestrationNotFoundError";
}

export class InstanceExistsError extends Error {
  override readonly name = "InstanceExistsError";
}

export class InvalidTaskHubNameError extends Error {
  override readonly name = "InvalidTaskHubNameError";
}

export class InvalidInstanceIdError extends Error {
  override readonly name = "InvalidInstanceIdError";
}

/** Only where no spill to a blob is possible; payloads over the queue/table limits normally spill. */
export class PayloadTooLargeError extends Error {
  override readonly name = "PayloadTooLargeError";
}

/** A read would hold more than a configured limit in memory (an unzipped blob, a page of payloads). */
export class PayloadLimitExceededError extends Error {
  override readonly name = "PayloadLimitExceededError";
  constructor(
    message: string,
    readonly limitInBytes: number,
  ) {
    super(message);
  }
}

export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/** Purging needs finished instances: one is still Pending, Running or Suspended (pass `force` to terminate it first). */
export class InstanceNotTerminalError extends Error {
  override readonly name = "InstanceNotTerminalError";
  constructor(
    message: string,
    readonly instanceIds: readonly string[],
  ) {
    super(message);
  }
}

/** The instance exists but its status does not allow the operation (e.g. rewinding one that has not failed). */
export class InvalidInstanceStatusError extends Error {
  override readonly name = "InvalidInstanceStatusError";
}
