// Messages a process sends to control queues in the same turn of the event loop leave together, as few queue
// messages as fit, instead of one each. A queue message costs a send, a share of a receive and a delete; and
// Azurite's queues slow down with every message they hold, so bursts are far cheaper batched. Messages go
// together only under the same key (see MessageRouter for which may share). Each caller's promise settles once
// the queue message holding its message is enqueued.
import type { TaskMessage } from "../../core/index.js";

interface Pending {
  message: TaskMessage;
  resolve(): void;
  reject(error: unknown): void;
}

export class TurnBatcher {
  private pending = new Map<string, Pending[]>();
  private flushScheduled = false;

  constructor(private readonly sendBatch: (messages: TaskMessage[]) => Promise<void>) {}

  send(key: string, message: TaskMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const batch = this.pending.get(key) ?? [];
      batch.push({ message, resolve, reject });
      this.pending.set(key, batch);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.flushScheduled = false;
    for (const batch of pending.values()) void this.sendAll(batch);
  }

  private async sendAll(batch: Pending[]): Promise<void> {
    try {
      await this.sendBatch(batch.map((p) => p.message));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
