// Decides, before anything is appended, what to do with each message received for an instance: apply it,
// drop it (a duplicate from redelivery, or meant for an execution that no longer runs), or defer it (it
// answers a task whose scheduling is not yet in history: the commit sends messages before it writes history).
import { answeredTaskId, SCHEDULING_EVENT_OF, type ExecutionStartedEvent, type HistoryEvent, type TaskMessage } from "../core/index.js";

export interface ClassifiedMessages {
  /** A start of a new execution (the first start of the instance, a restart, or a new run after completion). */
  start?: ExecutionStartedEvent;
  accepted: HistoryEvent[];
  deferred: TaskMessage[];
  dropped: { message: TaskMessage; reason: string }[];
}


interface ExecutionFacts {
  executionId?: string;
  isCompleted: boolean;
  /** The execution ended by continuing as new: its successor's start message is on its way. */
  continuedAsNew: boolean;
  scheduled: Map<number, HistoryEvent["eventType"]>;
  answered: Set<number>;
}

function factsOf(history: HistoryEvent[]): ExecutionFacts {
  const facts: ExecutionFacts = { isCompleted: false, continuedAsNew: false, scheduled: new Map(), answered: new Set() };
  for (const event of history) {
    if (event.eventType === "ExecutionStarted") facts.executionId = event.orchestrationInstance.executionId;
    else if (event.eventType === "ExecutionCompleted" || event.eventType === "ContinueAsNew") {
      facts.isCompleted = true;
      facts.continuedAsNew =
        event.eventType === "ContinueAsNew" || event.orchestrationStatus === "ContinuedAsNew";
    }
    else if (event.eventId >= 0 && !SCHEDULING_EVENT_OF[event.eventType]) facts.scheduled.set(event.eventId, event.eventType);
    const answered = answeredTaskId(event);
    if (answered !== undefined) facts.answered.add(answered);
  }
  return facts;
}

export function classifyMessages(history: HistoryEvent[], messages: TaskMessage[]): ClassifiedMessages {
  const result: ClassifiedMessages = { accepted: [], deferred: [], dropped: [] };
  let facts = factsOf(history);
  const hasExecution = () => facts.executionId !== undefined;

  for (const message of messages) {
    const event = message.event;
    if (event.eventType === "ExecutionStarted") {
      const executionId = event.orchestrationInstance.executionId;
      if (hasExecution() && (executionId === facts.executionId || !facts.isCompleted)) {
        result.dropped.push({ message, reason: "the instance already runs an execution" });
        continue;
      }
      // A start (first, or over a finished execution) resets what the rest of the batch is checked against.
      result.start = event;
      result.accepted = [];
      facts = factsOf([event]);
      continue;
    }
    const reason = whyNotApplicable(message, facts, hasExecution());
    if (reason === "defer") result.deferred.push(message);
    else if (reason) result.dropped.push({ message, reason });
    else {
      result.accepted.push(event);
      const answered = answeredTaskId(event);
      if (answered !== undefined) facts.answered.add(answered);
    }
  }
  return result;
}

function whyNotApplicable(message: TaskMessage, facts: ExecutionFacts, hasExecution: boolean): string | undefined {
  const event = message.event;
  // A completion with no history yet: the episode that scheduled its task may still be writing it (its messages go
  // out first; a worker that lost the partition mid-commit finishes it), so it comes back later, as the original
  // abandons completions it cannot match. Other messages for an instance that never started are dropped.
  if (!hasExecution) return SCHEDULING_EVENT_OF[event.eventType] ? "defer" : "the instance has not started";
  const target = message.orchestrationInstance.executionId;
  if (facts.continuedAsNew) return "defer";
  if (target && facts.executionId && target !== facts.executionId) return "it was sent to an earlier execution";
  if (facts.isCompleted) return "the execution has completed";
  const answered = answeredTaskId(event);
  if (answered === undefined) return undefined;
  if (facts.answered.has(answered)) return `task ${answered} already has a result`;
  if (facts.scheduled.get(answered) !== SCHEDULING_EVENT_OF[event.eventType]) return "defer";
  return undefined;
}
