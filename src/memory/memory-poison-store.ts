// Messages the in-memory backend set aside after too many failed deliveries, oldest first, as the Azure
// backend's poison table keeps them: listed in pages, requeued to the queue they came from, or deleted.
import type { PoisonMessage } from "../backend/orchestration-service.js";
import type { QueuedMessage } from "./memory-queues.js";

export type SourceQueue = "orchestrations" | "activities";

interface PoisonEntry {
  record: PoisonMessage;
  queued: QueuedMessage;
  sourceQueue: SourceQueue;
}

export class MemoryPoisonStore {
  private readonly entries = new Map<string, PoisonEntry>();

  add(queued: QueuedMessage, sourceQueue: SourceQueue, reason: string, atMs: number): void {
    const record: PoisonMessage = {
      id: queued.id,
      sourceQueue,
      reason,
      instanceId: queued.message.orchestrationInstance.instanceId,
      body: JSON.stringify(queued.message),
      dequeueCount: queued.dequeueCount,
      insertedAt: new Date(atMs),
    };
    this.entries.set(queued.id, { record, queued, sourceQueue });
  }

  list(page: { pageSize: number; continuationToken?: string }): { messages: PoisonMessage[]; continuationToken?: string } {
    const all = [...this.entries.values()].map((e) => e.record);
    const start = page.continuationToken === undefined ? 0 : Number(page.continuationToken);
    const messages = all.slice(start, start + page.pageSize).map((m) => ({ ...m }));
    const next = start + page.pageSize;
    return { messages, continuationToken: next < all.length ? String(next) : undefined };
  }

  /** Removes the entry and returns it (for a requeue or a delete). */
  take(id: string): PoisonEntry | undefined {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry;
  }
}
