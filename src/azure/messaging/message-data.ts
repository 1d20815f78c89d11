// The envelope of every queue message (the original's MessageData) and the error for bodies we cannot read.
import type { TaskMessage } from "../../core/history-events.js";

/** The instance that sent a message; the original writes it without `$type`. */
export interface MessageSender {
  instanceId: string;
  executionId?: string;
}

export interface MessageData {
  /** A GUID per outbound message (the original's trace activity id); it also names a spilled blob. */
  activityId: string;
  taskMessage: TaskMessage;
  /** Set when the envelope was too large for the queue and lives in the large-messages container. */
  compressedBlobName?: string;
  /** The sender's client-side counter, for logs and ordering diagnostics. */
  sequenceNumber: number;
  /** The sending orchestration's episode; absent for client messages, -1 from an activity with none. */
  episode?: number;
  /**
   * Who sent it. The original always writes one (a client `{"InstanceId":"","ExecutionId":""}`, see CLIENT_SENDER)
   * and reads it for every EventRaised; absent only when read from a writer that left it out.
   */
  sender?: MessageSender;
  /** The legacy correlation's trace context (the original's SerializableTraceContext); null unless set. */
  serializableTraceContext?: string;
}

/** The sender a client writes (AS`AzureStorageOrchestrationService.cs:53-57`). */
export const CLIENT_SENDER: MessageSender = Object.freeze({ instanceId: "", executionId: "" });

/** A queue body that is not a message we can read; the service quarantines it instead of retrying it forever. */
export class MessageDecodeError extends Error {
  override readonly name = "MessageDecodeError";
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Undecodable queue message: ${reason}`, options);
  }
}

/** The all-zero GUID the original writes as the ActivityId of a spilled message's stand-in envelope. */
export const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
