// External events (EventRaised) by name: tasks waiting for them, and events that arrived before anyone waited.
// Names match case-insensitively, as in Microsoft.DurableTask and Durable Functions (OrdinalIgnoreCase).
import type { EventRaisedEvent } from "./history-events.js";
import { parsePayload } from "./payload.js";
import { Task } from "./task.js";

/** A first-in-first-out queue whose take() is O(1) (Array.prototype.shift is O(n)). */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  take(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }

  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }
}

interface BufferedEvent {
  arrival: number;
  event: EventRaisedEvent;
}

export class ExternalEvents {
  /** Waiters by name, newest last: an event goes to the newest (see raise). */
  private readonly waiters = new Map<string, Task<unknown>[]>();
  private readonly buffered = new Map<string, Fifo<BufferedEvent>>();
  private arrivals = 0;

  /** A task for the next event of that name: the oldest buffered one at once, or the next to arrive. */
  wait<T>(name: string): Task<T> {
    const key = name.toLowerCase();
    const task = new Task<T>();
    const earliest = this.buffered.get(key)?.take();
    if (earliest) {
      deliver(task as Task<unknown>, earliest.event);
      return task;
    }
    const waiting = this.waiters.get(key);
    if (waiting) waiting.push(task as Task<unknown>);
    else this.waiters.set(key, [task as Task<unknown>]);
    return task;
  }

  /**
   * Hands the event to a waiter, or buffers it. Like Microsoft.DurableTask, the newest waiter gets it: a wait
   * abandoned in a whenAny loop (the timer won) must not swallow the event meant for the next iteration's wait.
   */
  raise(event: EventRaisedEvent): void {
    const key = event.name.toLowerCase();
    const waiter = this.waiters.get(key)?.pop();
    if (waiter) return deliver(waiter, event);
    let queue = this.buffered.get(key);
    if (!queue) this.buffered.set(key, (queue = new Fifo()));
    queue.push({ arrival: this.arrivals++, event });
  }

  /**
   * Takes a waiter back (its wait timed out): it no longer receives events, so the next wait for that name gets
   * the next one. False when it had already been served.
   */
  withdraw(name: string, task: Task<unknown>): boolean {
    const waiting = this.waiters.get(name.toLowerCase());
    const index = waiting?.indexOf(task) ?? -1;
    if (index < 0) return false;
    waiting!.splice(index, 1);
    return true;
  }

  /** Events that nobody took, in the order they arrived (for continueAsNew(…, true)). */
  unconsumed(): EventRaisedEvent[] {
    const all: BufferedEvent[] = [];
    for (const queue of this.buffered.values()) all.push(...queue.toArray());
    return all.sort((a, b) => a.arrival - b.arrival).map((b) => b.event);
  }
}

function deliver(task: Task<unknown>, event: EventRaisedEvent): void {
  let value: unknown;
  try {
    value = parsePayload(event.input);
  } catch (error) {
    return task.fail(error as Error);
  }
  task.complete(value);
}
