// The messages entities exchange, as Durable Functions 2.x sends them: requests and lock requests arrive as
// EventRaised named "op", lock releases as "release"; a response goes back to the caller as an EventRaised named
// after the request id. Payloads are JSON text inside the event's input, so Storage Explorer shows them as such.
import type { FailureDetails, DistributedTraceContext } from "./history-events.js";

export const ENTITY_REQUEST_EVENT = "op";
export const ENTITY_RELEASE_EVENT = "release";

export interface EntityRequest {
  /** Unique per request: the entity answers under this name and drops a second delivery of it. */
  id: string;
  /** The operation; absent on a lock request. */
  op?: string;
  /** One-way: nobody waits for an answer. */
  signal?: boolean;
  /** The operation's input as JSON text. */
  input?: string;
  /** The orchestration that sent it (callers, lock holders). */
  parent?: string;
  parentExecution?: string;
  /** A lock request: every entity of the critical section in lock order, and this entity's position in it. */
  lockset?: string[];
  pos?: number;
  /** An orchestration's send order, as .NET DateTime text (see entity-send-order.ts); absent from clients. */
  timestamp?: string;
  predecessor?: string;
  /** The span that sent it, when a trace is active (RequestMessage.parentTraceContext). */
  parentTraceContext?: DistributedTraceContext;
}

export interface EntityResponse {
  /** The operation's return value as JSON text. */
  result?: string;
  /** Set when the operation threw. */
  exceptionType?: string;
  failureDetails?: FailureDetails;
}

export interface EntityRelease {
  /** The orchestration that held the lock. */
  parent: string;
  /** The lock request's id. */
  id: string;
}

/** The answer a lock holder waits for once the last entity of its set is locked: raw text, as the original's. */
export const LOCK_ACQUIRED_RESULT = "Lock Acquisition Completed";
