// The time an in-memory backend runs on. Durable timers and delayed starts are due by this clock, and episodes
// see it as `currentUtcDateTime`. The real clock follows the wall; the virtual one stands still until a test
// moves it, so a three-day timer fires as soon as the test says three days have passed.

export interface Clock {
  now(): number;
  /** Calls `callback` once the clock reads `atMs` or later; returns a cancel function. */
  at(atMs: number, callback: () => void): () => void;
  /** Ends every pending callback. */
  dispose(): void;
}

/** The wall clock (Date.now and setTimeout; long delays are chained, as setTimeout caps at about 24.8 days). */
export class RealClock implements Clock {
  private readonly timers = new Set<NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  at(atMs: number, callback: () => void): () => void {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const delay = atMs - Date.now();
      if (delay <= 0) {
        callback();
        return;
      }
      timer = setTimeout(() => {
        this.timers.delete(timer);
        arm();
      }, Math.min(delay, 2 ** 31 - 1));
      this.timers.add(timer);
    };
    arm();
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface Due {
  atMs: number;
  seq: number;
  callback: () => void;
}

/** A clock that moves only when told to (`advance`); it starts at the wall clock's time of its creation. */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private pending: Due[] = [];

  constructor(startMs: number = Date.now()) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  at(atMs: number, callback: () => void): () => void {
    if (atMs <= this.current) {
      callback();
      return () => undefined;
    }
    const due: Due = { atMs, seq: this.seq++, callback };
    this.pending.push(due);
    return () => {
      this.pending = this.pending.filter((d) => d !== due);
    };
  }

  /**
   * Moves the clock `ms` forward one due time after another, awaiting `settled` after each so that callbacks
   * the work they cause schedules within the span run too.
   */
  async advance(ms: number, settled: () => Promise<void>): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceTime needs a duration ≥ 0 in ms, not ${ms}`);
    const target = this.current + ms;
    await settled();
    for (let due = this.nextDueAt(); due !== undefined && due <= target; due = this.nextDueAt()) {
      this.moveTo(due);
      await settled();
    }
    this.moveTo(target);
    await settled();
  }

  /** The time of the earliest pending callback, if any. */
  nextDueAt(): number | undefined {
    return this.pending.reduce<number | undefined>((min, d) => (min === undefined || d.atMs < min ? d.atMs : min), undefined);
  }

  /** Moves the clock to `toMs` (never back) and runs the callbacks due by then, earliest first. */
  moveTo(toMs: number): void {
    this.current = Math.max(this.current, toMs);
    const due = this.pending.filter((d) => d.atMs <= this.current).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    this.pending = this.pending.filter((d) => d.atMs > this.current);
    for (const d of due) d.callback();
  }

  dispose(): void {
    this.pending = [];
  }
}
