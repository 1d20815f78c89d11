// Messages that cannot be processed are set aside in the `{hub}-poison` container, one JSON blob each with
// why and where from, instead of being retried forever (the original's behaviour) or crashing a worker.
// Blobs list in pages and go by name, so the client can list, requeue and delete them.
import type { PoisonMessage } from "../../backend/orchestration-service.js";
import { downloadBlob } from "../storage/blob-download.js";
import type { Logger } from "../../logging/logger.js";
import type { ReceivedMessage } from "./task-queue.js";
import type { StorageClients } from "../storage/storage-clients.js";

interface PoisonRecord {
  sourceQueue: string;
  reason: string;
  instanceId?: string;
  body: string;
  dequeueCount: number;
  insertedAt: string;
}

export class PoisonStore {
  constructor(
    private readonly clients: StorageClients,
    private readonly containerName: string,
    private readonly log: Logger,
  ) {}

  /** Stores the message with its reason, then deletes it from its queue (a crash between leaves a copy, not a loss). */
  async quarantine(message: ReceivedMessage, reason: string): Promise<void> {
    const record: PoisonRecord = {
      sourceQueue: message.queue.name,
      reason,
      instanceId: message.data?.taskMessage.orchestrationInstance.instanceId,
      body: message.body,
      dequeueCount: message.dequeueCount,
      insertedAt: new Date().toISOString(),
    };
    // Names sort by time, so listing shows the oldest first.
    const id = `${record.insertedAt.replace(/[-:.]/g, "")}-${message.messageId}`;
    const text = JSON.stringify(record);
    await this.blob(id).upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: "application/json" } });
    await message.queue.delete(message);
    this.log.warn("PoisonMessageQuarantined", { id, sourceQueue: record.sourceQueue, reason, instanceId: record.instanceId });
  }

  async list(page: { pageSize: number; continuationToken?: string }): Promise<{ messages: PoisonMessage[]; continuationToken?: string }> {
    const pages = this.clients
      .container(this.containerName)
      .listBlobsFlat()
      .byPage({ maxPageSize: page.pageSize, continuationToken: page.continuationToken });
    const result = await pages.next();
    if (result.done) return { messages: [] };
    const names = result.value.segment.blobItems.map((b) => b.name);
    const messages = await Promise.all(names.map((name) => this.read(name)));
    return {
      messages: messages.filter((m): m is PoisonMessage => m !== undefined),
      continuationToken: result.value.continuationToken || undefined,
    };
  }

  /** Sends the message back to the queue it came from, with its dequeue count reset; false if unknown. */
  async requeue(id: string): Promise<boolean> {
    const message = await this.read(id);
    if (!message) return false;
    await this.clients.queue(message.sourceQueue).sendMessage(message.body, { messageTimeToLive: -1 });
    await this.blob(id).deleteIfExists();
    return true;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.blob(id).deleteIfExists()).succeeded;
  }

  private async read(id: string): Promise<PoisonMessage | undefined> {
    try {
      const record = JSON.parse((await downloadBlob(this.blob(id))).toString("utf8")) as PoisonRecord;
      return { id, ...record, insertedAt: new Date(record.insertedAt) };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  private blob(id: string) {
    return this.clients.blockBlob(this.containerName, id);
  }
}
