// What the in-memory backend does with a delivery that failed or came too early: back to its queue after a
// backoff of real time (these are the engine's retries, not durable time, so a virtual clock does not hold them),
// or onto the poison list after too many tries.
import type { QueuedMessage } from "./memory-queues.js";
import type { MemoryPoisonStore, SourceQueue } from "./memory-poison-store.js";

/** A failed delivery comes again after min(100 ms × 2^(tries − 1), 5 s). */
const backoffInMs = (dequeueCount: number) => Math.min(5_000, 100 * 2 ** Math.max(0, dequeueCount - 1));
/** A deferred message (it answers a task not yet in history) is offered again after this long. */
const DEFERRAL_MS = 20;

export class Redelivery {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly poison: MemoryPoisonStore,
    private readonly maxDequeueCount: number,
    private readonly requeue: (queued: QueuedMessage, sourceQueue: SourceQueue) => void,
    private readonly now: () => number,
  ) {}

  /** Deliveries waiting for their time to come again. */
  get pendingCount(): number {
    return this.timers.size;
  }

  failed(queued: QueuedMessage, sourceQueue: SourceQueue, error: unknown): void {
    if (queued.dequeueCount >= this.maxDequeueCount) {
      const reason = `failed ${queued.dequeueCount} times${error instanceof Error ? `: ${error.message}` : ""}`;
      this.poison.add(queued, sourceQueue, reason, this.now());
      return;
    }
    this.later(queued, sourceQueue, backoffInMs(queued.dequeueCount));
  }

  deferred(queued: QueuedMessage): void {
    this.later(queued, "orchestrations", DEFERRAL_MS);
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(queued: QueuedMessage, sourceQueue: SourceQueue, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.requeue(queued, sourceQueue);
    }, ms);
    this.timers.add(timer);
  }
}
