// The latest status (and, for small finished instances, the whole row) this process announced per instance,
// bounded in count and in characters: 10,000 rows of 16K characters each would otherwise hold about 190 MB.
import type { InstanceRecord } from "./orchestration-service.js";

/** The characters an entry keeps alive, roughly: its id, its payloads and its failure's text. */
export function announcementChars(instanceId: string, row: InstanceRecord | undefined): number {
  if (!row) return instanceId.length + 64;
  const failure = row.failureDetails ? JSON.stringify(row.failureDetails).length : 0;
  return instanceId.length * 2 + 256 + (row.input?.length ?? 0) + (row.output?.length ?? 0) + (row.customStatus?.length ?? 0) + failure;
}

/** A Map whose oldest entries go first once it holds more than `maxEntries` or more than `maxChars` (insertion order is age). */
export class AnnouncementMap<V extends { record?: InstanceRecord }> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  constructor(
    readonly maxEntries = 10_000,
    readonly maxChars = 4 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Characters held now (for tests and metrics). */
  get heldChars(): number {
    return this.chars;
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  get(instanceId: string): V | undefined {
    return this.entries.get(instanceId);
  }

  /** Sets the entry as the newest, then evicts the oldest until both bounds hold. */
  set(instanceId: string, value: V): void {
    this.delete(instanceId);
    this.entries.set(instanceId, value);
    this.chars += announcementChars(instanceId, value.record);
    while (this.entries.size > this.maxEntries || (this.chars > this.maxChars && this.entries.size > 1)) {
      this.delete(this.entries.keys().next().value!);
    }
  }

  delete(instanceId: string): void {
    const old = this.entries.get(instanceId);
    if (!old) return;
    this.entries.delete(instanceId);
    this.chars -= announcementChars(instanceId, old.record);
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}
