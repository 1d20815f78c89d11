// Messages that cannot be processed are set aside in `{hub}-poison` with why and where they came from,
// instead of being retried forever (the original's behaviour) or crashing a worker.
import type { QueueClient } from "@azure/storage-queue";
import type { ReceivedMessage } from "./messaging/task-queue.js";
import type { Logger } from "../logging/logger.js";

export interface PoisonRecord {
  sourceQueue: string;
  reason: string;
  instanceId?: string;
  body: string;
  insertedAt: string;
}

export class PoisonQueue {
  constructor(
    private readonly queue: QueueClient,
    private readonly log: Logger,
  ) {}

  async quarantine(message: ReceivedMessage, reason: string): Promise<void> {
    const record: PoisonRecord = {
      sourceQueue: message.queue.name,
      reason,
      instanceId: message.data?.taskMessage?.orchestrationInstance.instanceId,
      body: message.body,
      insertedAt: new Date().toISOString(),
    };
    // A queue message holds at most 64 KiB; a longer body is kept truncated, since the reason is what matters.
    const text = JSON.stringify(record);
    const fitted = text.length > 60_000 ? JSON.stringify({ ...record, body: record.body.slice(0, 30_000) }) : text;
    await this.queue.sendMessage(fitted, { messageTimeToLive: -1 });
    await message.queue.delete(message);
    this.log.info("PoisonMessageQuarantined", { sourceQueue: record.sourceQueue, reason, instanceId: record.instanceId });
  }
}
