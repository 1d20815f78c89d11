// Keeps the history of running instances between episodes so a busy instance's history is read once, not
// on every episode. An entry is only trusted with the sentinel ETag it was read or written with: any
// conflict drops it (the next episode reloads).
import type { HistoryEvent } from "../../core/index.js";

export interface CachedHistory {
  events: HistoryEvent[];
  /** The sentinel row's ETag after the last write we made or read. */
  etag?: string;
  /** Rows the instance's partition holds in the History table (sentinel aside). */
  rowCount: number;
  /** This process wrote these events and then deleted the messages that led to them. */
  confirmed?: boolean;
}

export class InstanceCache {
  private readonly entries = new Map<string, CachedHistory>();

  constructor(private readonly capacity: number) {}

  get(instanceId: string): CachedHistory | undefined {
    const entry = this.entries.get(instanceId);
    if (entry) {
      // Map order doubles as recency order.
      this.entries.delete(instanceId);
      this.entries.set(instanceId, entry);
    }
    return entry;
  }

  set(instanceId: string, entry: CachedHistory): void {
    this.entries.delete(instanceId);
    this.entries.set(instanceId, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The inputs of the episode that wrote the cached events are deleted (see CachedHistory.confirmed). */
  confirm(instanceId: string): void {
    const entry = this.entries.get(instanceId);
    if (entry) entry.confirmed = true;
  }

  delete(instanceId: string): void {
    this.entries.delete(instanceId);
  }

  /** Forgets the instances of a partition this worker no longer owns. */
  deleteWhere(predicate: (instanceId: string) => boolean): void {
    for (const instanceId of [...this.entries.keys()]) if (predicate(instanceId)) this.entries.delete(instanceId);
  }

  clear(): void {
    this.entries.clear();
  }
}
