// The worker's activity slots, shared by the activities it takes from the work-item queue and those it runs
// locally for its own episodes: an episode runs an activity locally only in a slot that is free at that moment,
// and the queue is asked only for as many work items as there are free slots.
export class ActivitySlots {
  private running = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`maxConcurrentActivities must be at least 1, not ${capacity}`);
  }

  /** Slots not running an activity now. */
  get free(): number {
    return this.capacity - this.running;
  }

  /** Takes up to `count` free slots at once, never waiting; returns how many it took. */
  tryAcquire(count = 1): number {
    const taken = Math.max(0, Math.min(count, this.free));
    if (taken > 0) {
      this.running += taken;
      this.changed();
    }
    return taken;
  }

  /**
   * Takes a slot even when none is free: for a work item already received, which local activities outran for the
   * last slot. Giving it back instead would count one more dequeue against it each time, towards poison.
   */
  acquireReceived(): void {
    this.running++;
    this.changed();
  }

  release(): void {
    this.running = Math.max(0, this.running - 1);
    this.changed();
  }

  /** Calls `listener` after every change of the free count until the returned function is called. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
