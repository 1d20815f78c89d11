// Items offered in the same turn of the event loop under the same key leave together as batches instead of one
// by one: the client's entity signals, the Azure backend's client messages to a partition or an instance. Each
// caller's promise settles once the batch holding its item is sent. Core has no timers: the caller says how the
// end of a turn is reached.

export interface TurnBatcherOptions<T> {
  /** Sends one batch of a key's items. */
  send(key: string, items: T[]): Promise<void>;
  /** Calls `flush` once this turn of the event loop is over (the caller passes its own setImmediate). */
  schedule(flush: () => void): void;
  /** Splits one key's items into batches that may each go as one (default: all in one). */
  split?(items: T[]): T[][];
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

export class TurnBatcher<T> {
  private pending = new Map<string, Pending<T>[]>();
  private flushScheduled = false;

  constructor(private readonly options: TurnBatcherOptions<T>) {}

  add(key: string, item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      const batch = this.pending.get(key) ?? [];
      batch.push({ item, resolve, reject });
      this.pending.set(key, batch);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.options.schedule(() => this.flush());
      }
    });
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.flushScheduled = false;
    for (const [key, batch] of pending) {
      const chunks = this.options.split ? this.options.split(batch.map((p) => p.item)) : [batch.map((p) => p.item)];
      let offset = 0;
      for (const chunk of chunks) {
        void this.sendChunk(key, chunk, batch.slice(offset, offset + chunk.length));
        offset += chunk.length;
      }
    }
  }

  private async sendChunk(key: string, items: T[], waiters: Pending<T>[]): Promise<void> {
    try {
      await this.options.send(key, items);
      for (const p of waiters) p.resolve();
    } catch (error) {
      for (const p of waiters) p.reject(error);
    }
  }
}
