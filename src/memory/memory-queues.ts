// The in-memory backend's queues. Orchestration messages wait per instance: an instance is handed out with all
// its visible messages at once and not again until its work item ends (as the Azure backend's work queue does);
// activity calls wait in one FIFO. A taker waits until something is ready or its signal aborts.
import type { TaskMessage } from "../core/index.js";

export interface QueuedMessage {
  /** Unique per message, for poison records and logs. */
  id: string;
  message: TaskMessage;
  dequeueCount: number;
}

/** A FIFO whose take is O(1) (Array.shift copies the whole array: thousands of ready instances made it quadratic). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  remove(item: T): void {
    const index = this.items.indexOf(item, this.head);
    if (index >= 0) this.items.splice(index, 1);
  }

  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/** Hands a value to the first waiting taker, or keeps waiters until one is offered. */
class Takers<T> {
  private readonly waiting = new Fifo<(value: T | undefined) => void>();

  wait(abortSignal: AbortSignal): Promise<T | undefined> {
    if (abortSignal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const taker = (value: T | undefined) => {
        abortSignal.removeEventListener("abort", onAbort);
        resolve(value);
      };
      const onAbort = () => {
        this.waiting.remove(taker);
        resolve(undefined);
      };
      abortSignal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(taker);
    });
  }

  get count(): number {
    return this.waiting.length;
  }

  serve(value: T): void {
    this.waiting.shift()!(value);
  }

  endAll(): void {
    for (const taker of this.waiting.drain()) taker(undefined);
  }
}

export class InstanceMessageQueue {
  private readonly pending = new Map<string, QueuedMessage[]>();
  private readonly locked = new Set<string>();
  private readonly ready = new Fifo<string>();
  private readonly takers = new Takers<{ instanceId: string; messages: QueuedMessage[] }>();

  /** Messages visible and waiting (for tests that wait until the backend is idle). */
  get size(): number {
    let count = 0;
    for (const messages of this.pending.values()) count += messages.length;
    return count;
  }

  get lockedCount(): number {
    return this.locked.size;
  }

  add(message: QueuedMessage): void {
    const instanceId = message.message.orchestrationInstance.instanceId;
    let messages = this.pending.get(instanceId);
    if (!messages) {
      this.pending.set(instanceId, (messages = []));
      if (!this.locked.has(instanceId)) this.ready.push(instanceId);
    }
    messages.push(message);
    this.serveTakers();
  }

  take(abortSignal: AbortSignal): Promise<{ instanceId: string; messages: QueuedMessage[] } | undefined> {
    const next = this.next();
    return next ? Promise.resolve(next) : this.takers.wait(abortSignal);
  }

  /** The instance's work item ended: it may be handed out again with the messages that came meanwhile. */
  unlock(instanceId: string): void {
    this.locked.delete(instanceId);
    if (this.pending.has(instanceId)) {
      this.ready.push(instanceId);
      this.serveTakers();
    }
  }

  /** Forgets the instance's waiting messages (a purge). */
  drop(instanceId: string): void {
    this.pending.delete(instanceId);
  }

  close(): void {
    this.takers.endAll();
  }

  private next(): { instanceId: string; messages: QueuedMessage[] } | undefined {
    while (this.ready.length > 0) {
      const instanceId = this.ready.shift()!;
      const messages = this.pending.get(instanceId);
      if (!messages || this.locked.has(instanceId)) continue;
      this.pending.delete(instanceId);
      this.locked.add(instanceId);
      for (const m of messages) m.dequeueCount++;
      return { instanceId, messages };
    }
    return undefined;
  }

  private serveTakers(): void {
    while (this.takers.count > 0) {
      const next = this.next();
      if (!next) return;
      this.takers.serve(next);
    }
  }
}

export class ActivityMessageQueue {
  private readonly visible = new Fifo<QueuedMessage>();
  private readonly takers = new Takers<QueuedMessage>();

  get size(): number {
    return this.visible.length;
  }

  add(message: QueuedMessage): void {
    if (this.takers.count > 0) {
      message.dequeueCount++;
      this.takers.serve(message);
    } else {
      this.visible.push(message);
    }
  }

  take(abortSignal: AbortSignal): Promise<QueuedMessage | undefined> {
    const next = this.visible.shift();
    if (next) next.dequeueCount++;
    return next ? Promise.resolve(next) : this.takers.wait(abortSignal);
  }

  close(): void {
    this.takers.endAll();
  }
}
