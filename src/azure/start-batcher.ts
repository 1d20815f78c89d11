// Starts sent from this process in the same turn of the event loop leave as one queue message per control
// queue (as many as fit under the inline limit) instead of one each. A queue message costs a send, a share of
// a receive and a delete; and Azurite's queues slow down with every message they hold, so a burst of starts
// is far cheaper batched. Each caller's promise settles once the message holding its start is enqueued.
import type { TaskMessage } from "../core/index.js";

interface PendingStart {
  message: TaskMessage;
  resolve(): void;
  reject(error: unknown): void;
}

export class StartBatcher {
  private pending = new Map<number, PendingStart[]>();
  private flushScheduled = false;

  constructor(private readonly sendBatch: (partition: number, messages: TaskMessage[]) => Promise<void>) {}

  send(partition: number, message: TaskMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const starts = this.pending.get(partition) ?? [];
      starts.push({ message, resolve, reject });
      this.pending.set(partition, starts);
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
    for (const [partition, starts] of pending) void this.sendAll(partition, starts);
  }

  private async sendAll(partition: number, starts: PendingStart[]): Promise<void> {
    try {
      await this.sendBatch(partition, starts.map((s) => s.message));
      for (const start of starts) start.resolve();
    } catch (error) {
      for (const start of starts) start.reject(error);
    }
  }
}
