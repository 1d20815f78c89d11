// One Azure queue of task messages (each control queue, and the work-item queue): sends in the original's
// envelope, spilling large ones to blobs; receives without ever throwing on a bad message; renews, gives back
// with the original's backoff, and deletes.
import { randomUUID } from "node:crypto";
import type { QueueClient, ReceivedMessageItem } from "@azure/storage-queue";
import type { TaskMessage } from "../../core/history-events.js";
import { LargeMessageStore, MAX_INLINE_MESSAGE_BYTES, planMessageBody, type MessageBodyPlan } from "./large-message-store.js";
import { decodeMessageData, decodeQueueBody, encodeMessageBatch } from "./message-codec.js";
import { CLIENT_SENDER, MessageDecodeError, type MessageData, type MessageSender } from "./message-data.js";
import {
  abandonBackoffInSeconds,
  receiveVisibilityInSeconds,
  sendDelayInSeconds,
  updateVisibilityInSeconds,
} from "./queue-timing.js";
import { errorCodeOf, isNotFound } from "./storage-errors.js";

export interface SendOptions {
  /** Invisible for this long first (timers, scheduled starts); whole seconds, rounded up, at most 7 days. */
  visibilityDelayInMs?: number;
  /** The sending orchestration's episode (an activity's response: the request's, or -1). */
  episode?: number;
  /** Who sends it; a client (CLIENT_SENDER) unless said otherwise, as the original always writes one. */
  sender?: MessageSender;
  /** Defaults to this process's next number, as the original numbers every message it sends. */
  sequenceNumber?: number;
}

export interface SentMessage {
  messageId: string;
  /** Settles the message while it is invisible (sent with a delay): a sender can hold what it sent. */
  popReceipt: string;
  /** What was sent; `compressedBlobName` is set when the envelope spilled to a blob. */
  data: MessageData;
}

/** What settles a received message: its queue, or for one of a batch's messages, the batch (shared-message.ts). */
export interface MessageSettler {
  readonly name: string;
  delete(message: ReceivedMessage): Promise<void>;
  updateVisibility(message: ReceivedMessage, ms: number): Promise<boolean>;
  abandon(message: ReceivedMessage): Promise<boolean>;
}

export interface ReceivedMessage {
  messageId: string;
  /** Changes with every visibility update; the latest one is needed to delete. */
  popReceipt: string;
  dequeueCount: number;
  insertedOn: Date;
  body: string;
  /** The decoded envelope (fetched from its blob if it spilled); absent when decodeError is set or for a batch. */
  data?: MessageData;
  /** The envelopes of a batch (see encodeMessageBatch); split into one message each by splitBatch. */
  batch?: MessageData[];
  decodeError?: MessageDecodeError;
  queue: MessageSettler;
  /** When the receive that locked it was sent (Date.now()): its lock ends a visibility timeout later. */
  lockedAt?: number;
}

/** The original numbers outbound messages with one counter per process. */
let lastSequenceNumber = 0;

export class TaskQueue implements MessageSettler {
  constructor(
    private readonly client: QueueClient,
    readonly largeMessages: LargeMessageStore,
  ) {}

  get name(): string {
    return this.client.name;
  }

  /** The queue's approximate message count (invisible messages included), as Azure reports it. */
  async approximateMessageCount(): Promise<number> {
    return (await this.client.getProperties()).approximateMessagesCount ?? 0;
  }

  async send(taskMessage: TaskMessage, options: SendOptions = {}): Promise<SentMessage> {
    const data = envelopeOf(taskMessage, options);
    return this.sendEnvelope(data, planMessageBody(data), options);
  }

  /** Sends one envelope as planned: inline, or spilled to its blob first. */
  private async sendEnvelope(data: MessageData, plan: MessageBodyPlan, options: SendOptions): Promise<SentMessage> {
    if (plan.kind === "spill") {
      await this.largeMessages.upload(plan.blobName, plan.blobContent);
      data.compressedBlobName = plan.blobName;
    }
    const response = await this.client.sendMessage(plan.queueBody, {
      visibilityTimeout: sendDelayInSeconds(options.visibilityDelayInMs),
      messageTimeToLive: -1, // never expire, as the original sends them
    });
    return { messageId: response.messageId, popReceipt: response.popReceipt, data };
  }

  /**
   * Sends messages due at once as few queue messages as fit under the inline limit (each a batch, or a single
   * envelope where only one fits); an envelope too large to be inline goes alone, spilled to a blob.
   */
  async sendBatch(taskMessages: TaskMessage[]): Promise<void> {
    const sends: Promise<unknown>[] = [];
    const groups: string[][] = [];
    let group: string[] = [];
    let bytes = 2; // the array's brackets
    for (const taskMessage of taskMessages) {
      const data = envelopeOf(taskMessage, {});
      const plan = planMessageBody(data);
      if (plan.kind === "spill") {
        sends.push(this.sendEnvelope(data, plan, {}));
        continue;
      }
      const size = Buffer.byteLength(plan.queueBody, "utf8") + 1; // and its comma
      if (group.length > 0 && bytes + size > MAX_INLINE_MESSAGE_BYTES) {
        groups.push(group);
        group = [];
        bytes = 2;
      }
      group.push(plan.queueBody);
      bytes += size;
    }
    if (group.length > 0) groups.push(group);
    for (const envelopes of groups) {
      const body = envelopes.length === 1 ? envelopes[0]! : encodeMessageBatch(envelopes);
      sends.push(this.client.sendMessage(body, { messageTimeToLive: -1 }));
    }
    await Promise.all(sends);
  }

  /** Up to 32 messages (the service's limit), locked for the given time. */
  async receive(maxMessages: number, visibilityTimeoutInMs: number): Promise<ReceivedMessage[]> {
    const lockedAt = Date.now();
    const response = await this.client.receiveMessages({
      numberOfMessages: Math.min(32, Math.max(1, Math.floor(maxMessages))),
      visibilityTimeout: receiveVisibilityInSeconds(visibilityTimeoutInMs),
    });
    const messages = await Promise.all(response.receivedMessageItems.map((item) => this.toReceivedMessage(item)));
    return messages.filter((m): m is ReceivedMessage => m !== undefined).map((m) => Object.assign(m, { lockedAt }));
  }

  /** Deletes a processed message; one already gone is fine. */
  async delete(message: ReceivedMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const popReceipt = message.popReceipt;
      try {
        await this.client.deleteMessage(message.messageId, popReceipt);
        return;
      } catch (error) {
        const stale = isNotFound(error) || errorCodeOf(error) === "PopReceiptMismatch";
        // A renewal racing with this delete changed the receipt: retry once with the new one.
        if (stale && attempt === 1 && message.popReceipt !== popReceipt) continue;
        if (isNotFound(error)) return;
        throw error;
      }
    }
  }

  /** Keeps the message invisible `ms` longer (0: visible at once); false if it is already gone. */
  async updateVisibility(message: ReceivedMessage, ms: number): Promise<boolean> {
    try {
      const response = await this.client.updateMessage(
        message.messageId,
        message.popReceipt,
        undefined,
        updateVisibilityInSeconds(ms),
      );
      if (response.popReceipt) message.popReceipt = response.popReceipt;
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Makes a message this process sent, still invisible, visible at once; false if it is gone or was received. */
  async revealNow(sent: Pick<SentMessage, "messageId" | "popReceipt">): Promise<boolean> {
    try {
      await this.client.updateMessage(sent.messageId, sent.popReceipt, undefined, 0);
      return true;
    } catch (error) {
      if (isNotFound(error) || errorCodeOf(error) === "PopReceiptMismatch") return false;
      throw error;
    }
  }

  /** Gives the message back for a retry after min(2^dequeueCount, 600) s; false if it is already gone. */
  abandon(message: ReceivedMessage): Promise<boolean> {
    return this.updateVisibility(message, abandonBackoffInSeconds(message.dequeueCount) * 1000);
  }

  private async toReceivedMessage(item: ReceivedMessageItem): Promise<ReceivedMessage | undefined> {
    const message: ReceivedMessage = {
      messageId: item.messageId,
      popReceipt: item.popReceipt,
      dequeueCount: item.dequeueCount,
      insertedOn: item.insertedOn,
      body: item.messageText,
      queue: this,
    };
    try {
      Object.assign(message, await this.decodeBody(item.messageText));
    } catch (error) {
      if (error instanceof MessageDecodeError) {
        message.decodeError = error;
      } else if (isNotFound(error)) {
        message.decodeError = new MessageDecodeError("the message's blob is gone", { cause: error });
      } else {
        // The blob could not be read just now: back off this one message and hand over the rest.
        await this.abandon(message).catch(() => undefined);
        return undefined;
      }
    }
    return message;
  }

  private async decodeBody(body: string): Promise<Pick<ReceivedMessage, "data" | "batch">> {
    const decoded = decodeQueueBody(body);
    if (decoded.kind === "message") return { data: decoded.data };
    if (decoded.kind === "batch") return { batch: decoded.data };
    const blobContent = await this.largeMessages.download(decoded.blobName);
    return { data: { ...decodeMessageData(blobContent), compressedBlobName: decoded.blobName } };
  }
}

function envelopeOf(taskMessage: TaskMessage, options: SendOptions): MessageData {
  return {
    activityId: randomUUID(),
    taskMessage,
    sequenceNumber: options.sequenceNumber ?? ++lastSequenceNumber,
    ...(options.episode !== undefined && { episode: options.episode }),
    sender: options.sender ?? CLIENT_SENDER,
  };
}
