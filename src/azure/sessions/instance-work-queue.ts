// Groups received control-queue messages by instance so that all of an instance's messages are processed
// together as one episode, and keeps an instance out of the ready list while an episode for it runs: its new
// messages wait and make up its next episode.
import type { ReceivedMessage } from "../messaging/task-queue.js";

export interface InstanceBatch {
  instanceId: string;
  partition: number;
  messages: ReceivedMessage[];
}

export class InstanceWorkQueue {
  private readonly pending = new Map<string, InstanceBatch>();
  private readonly inFlight = new Set<string>();
  private readonly ready: string[] = [];
  private readonly takers: ((batch: InstanceBatch | undefined) => void)[] = [];
  private buffered = new Map<number, number>();

  /** Messages held per partition (received, not yet completed): the receivers throttle on it. */
  bufferedCount(partition: number): number {
    return this.buffered.get(partition) ?? 0;
  }

  add(instanceId: string, partition: number, message: ReceivedMessage): void {
    let batch = this.pending.get(instanceId);
    if (!batch) {
      batch = { instanceId, partition, messages: [] };
      this.pending.set(instanceId, batch);
      if (!this.inFlight.has(instanceId)) this.ready.push(instanceId);
    }
    batch.messages.push(message);
    this.buffered.set(partition, this.bufferedCount(partition) + 1);
    this.serveTakers();
  }

  /** The next instance with messages and no episode running, or undefined once `abortSignal` aborts. */
  take(abortSignal: AbortSignal): Promise<InstanceBatch | undefined> {
    const batch = this.next();
    if (batch || abortSignal.aborted) return Promise.resolve(batch);
    return new Promise((resolve) => {
      const taker = (b: InstanceBatch | undefined) => {
        abortSignal.removeEventListener("abort", onAbort);
        resolve(b);
      };
      const onAbort = () => {
        this.takers.splice(this.takers.indexOf(taker), 1);
        resolve(undefined);
      };
      abortSignal.addEventListener("abort", onAbort, { once: true });
      this.takers.push(taker);
    });
  }

  /** The episode for this instance ended: its messages are no longer held, and it may run again. */
  release(batch: InstanceBatch): void {
    this.inFlight.delete(batch.instanceId);
    this.buffered.set(batch.partition, this.bufferedCount(batch.partition) - batch.messages.length);
    if (this.pending.has(batch.instanceId)) {
      this.ready.push(batch.instanceId);
      this.serveTakers();
    }
  }

  /** Forgets everything of a partition (lost or stopping): its messages become visible again in time. */
  dropPartition(partition: number): ReceivedMessage[] {
    const dropped: ReceivedMessage[] = [];
    for (const [instanceId, batch] of this.pending) {
      if (batch.partition !== partition) continue;
      this.pending.delete(instanceId);
      dropped.push(...batch.messages);
    }
    const held = this.bufferedCount(partition) - dropped.length;
    this.buffered.set(partition, Math.max(0, held));
    return dropped;
  }

  private next(): InstanceBatch | undefined {
    while (this.ready.length > 0) {
      const instanceId = this.ready.shift()!;
      const batch = this.pending.get(instanceId);
      if (!batch || this.inFlight.has(instanceId)) continue;
      this.pending.delete(instanceId);
      this.inFlight.add(instanceId);
      return batch;
    }
    return undefined;
  }

  private serveTakers(): void {
    while (this.takers.length > 0) {
      const batch = this.next();
      if (!batch) return;
      this.takers.shift()!(batch);
    }
  }
}
