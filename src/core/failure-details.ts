// Errors become FailureDetails (name, message, stack, cause chain) when they cross a durable boundary.
import { TaskFailedError } from "./errors.js";
import type { FailureDetails } from "./history-events.js";

export function failureDetailsOf(error: unknown): FailureDetails {
  if (!(error instanceof Error)) return { errorType: "Error", message: String(error) };
  const details: FailureDetails = { errorType: error.name || "Error", message: error.message };
  if (error.stack) details.stackTrace = error.stack;
  if (error instanceof TaskFailedError) details.innerFailure = error.failureDetails;
  else if (error.cause !== undefined) details.innerFailure = failureDetailsOf(error.cause);
  return details;
}
