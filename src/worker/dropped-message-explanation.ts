// Which dropped messages are routine, and why, in words: a durable timer cannot be withdrawn from its queue, so
// one the orchestration stopped waiting for (it won a whenAny elsewhere and was cancelled, or the execution
// finished or continued as new) still fires later and is dropped. Nothing is lost; it is logged at debug level.
import type { TaskMessage } from "../core/index.js";

const ROUTINE_FOR_TIMERS = ["the execution has completed", "it was sent to an earlier execution"];

/** The plain-words reason a drop is harmless, or undefined when it deserves attention. */
export function harmlessDropExplanation(message: TaskMessage, reason: string): string | undefined {
  if (message.event.eventType !== "TimerFired" || !ROUTINE_FOR_TIMERS.includes(reason)) return undefined;
  return "a timer the orchestration no longer waits for fired (timers cannot be withdrawn once scheduled): harmless";
}
