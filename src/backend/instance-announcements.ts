// For backends that offer an InstanceChangeFeed: the status changes this process writes, announced to waiters
// in the same process, so a waiter reads when something changed instead of polling. The latest change per
// instance is remembered for the most recent 10,000 instances (4M characters at most), with the whole row only
// where it is known.
import type { OrchestrationRuntimeStatus } from "../core/index.js";
import type { InstanceChange } from "./orchestration-service.js";
import { AnnouncementMap } from "./announcement-map.js";

type Listener = (change?: InstanceChange) => void;

interface Announcement extends InstanceChange {
  executionId?: string;
}

export class InstanceAnnouncements {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Insertion order is age; bounded in count and in characters held. */
  private readonly latest = new AnnouncementMap<Announcement>();

  /** Resolves at the next announcement for the instance, or with undefined when aborted or released. */
  nextChange(instanceId: string, abortSignal: AbortSignal): Promise<InstanceChange | undefined> {
    if (abortSignal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let listeners = this.listeners.get(instanceId);
      if (!listeners) this.listeners.set(instanceId, (listeners = new Set()));
      const done: Listener = (change) => {
        listeners.delete(done);
        if (listeners.size === 0) this.listeners.delete(instanceId);
        abortSignal.removeEventListener("abort", onAbort);
        resolve(change);
      };
      const onAbort = () => done();
      listeners.add(done);
      abortSignal.addEventListener("abort", onAbort, { once: true });
    });
  }

  lastChange(instanceId: string): InstanceChange | undefined {
    const latest = this.latest.get(instanceId);
    return latest && { runtimeStatus: latest.runtimeStatus, ...(latest.record && { record: latest.record }) };
  }

  /**
   * A client of this process created the execution (its Pending row is written). A worker quick enough may have
   * run it before the client's write returned: its news is newer, so Pending must not replace it.
   */
  created(instanceId: string, executionId: string): void {
    if (this.latest.get(instanceId)?.executionId === executionId) return;
    this.changed(instanceId, { runtimeStatus: "Pending" }, executionId);
  }

  changed(instanceId: string, change: InstanceChange, executionId?: string): void {
    this.latest.set(instanceId, { ...change, executionId });
    this.notify(instanceId, { ...change });
  }

  /** The instance is gone (purged): nothing announced about it holds any more. */
  forget(instanceId: string): void {
    this.latest.delete(instanceId);
  }

  forgetAll(): void {
    this.latest.clear();
  }

  /** This process stops observing these instances (a partition lost): their waiters go back to reading. */
  release(predicate: (instanceId: string) => boolean): void {
    for (const instanceId of [...this.listeners.keys()]) if (predicate(instanceId)) this.notify(instanceId, undefined);
    for (const instanceId of [...this.latest.keys()]) if (predicate(instanceId)) this.latest.delete(instanceId);
  }

  /** The status last announced (for tests and logs). */
  statusOf(instanceId: string): OrchestrationRuntimeStatus | undefined {
    return this.latest.get(instanceId)?.runtimeStatus;
  }

  private notify(instanceId: string, change: InstanceChange | undefined): void {
    for (const listener of [...(this.listeners.get(instanceId) ?? [])]) listener(change);
  }
}
