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

/** The characters a history keeps alive, roughly: its strings (payloads above all) one level deep, and a bit per event. */
export function historyChars(events: readonly HistoryEvent[]): number {
  let chars = 0;
  for (const event of events) {
    chars += 64;
    for (const value of Object.values(event)) {
      if (typeof value === "string") chars += value.length;
      else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
        for (const inner of Object.values(value)) if (typeof inner === "string") chars += inner.length;
      }
    }
  }
  return chars;
}

/** Bounded by count and by characters (a few huge histories must not hold the process's memory). */
export class InstanceCache {
  private readonly entries = new Map<string, CachedHistory & { chars: number }>();
  private chars = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  /** Characters held now (for tests and metrics). */
  get heldChars(): number {
    return this.chars;
  }

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
    this.delete(instanceId);
    const chars = historyChars(entry.events);
    // One history larger than the whole budget is read again next time rather than evict everything else.
    if (chars > this.maxChars) return;
    this.entries.set(instanceId, { ...entry, chars });
    this.chars += chars;
    while (this.entries.size > this.capacity || this.chars > this.maxChars) this.delete(this.entries.keys().next().value!);
  }

  /** The inputs of the episode that wrote the cached events are deleted (see CachedHistory.confirmed). */
  confirm(instanceId: string): void {
    const entry = this.entries.get(instanceId);
    if (entry) entry.confirmed = true;
  }

  delete(instanceId: string): void {
    const entry = this.entries.get(instanceId);
    if (!entry) return;
    this.entries.delete(instanceId);
    this.chars -= entry.chars;
  }

  /** Forgets the instances of a partition this worker no longer owns. */
  deleteWhere(predicate: (instanceId: string) => boolean): void {
    for (const instanceId of [...this.entries.keys()]) if (predicate(instanceId)) this.delete(instanceId);
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}
