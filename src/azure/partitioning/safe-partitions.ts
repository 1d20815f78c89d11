// The original's SafePartitionManager (AS Partitioning/SafePartitionManager.cs), what Durable Functions uses by
// default: two blob lease sets under `{hub}-leases`. `intent/{queue}` is balanced and stolen like the legacy
// leases (acquire and renew every 10 s); `ownership/{queue}` is never stolen (acquire every 5 s, renew every
// 10 s, both 30 s leases: the blob lease manager takes its duration from LeaseInterval, :81's 15 s is unused).
// A worker takes an ownership lease only where it holds the intent lease, listens to a queue only while it
// holds both, and keeps the ownership lease while it holds the intent or still drains the queue.
// One difference, on purpose: once drained, the original stops renewing and lets the ownership lease lapse
// (LeaseCollectionBalancer.cs:229, hasOwnership false: up to 30 s without an owner); we release it, which every
// worker of either kind reads as a free lease.
import type { Logger } from "../../logging/logger.js";
import { PartitionManager, type PartitionEvents, type PartitionManagerOptions } from "./partition-manager.js";
import type { PartitionLeaseStore } from "./partition-lease-store.js";
import type { PartitionOwnership } from "./partition-ownership.js";

export interface SafePartitionsOptions extends PartitionManagerOptions {
  /** The ownership set's acquire interval (the original: 5 s). */
  ownershipAcquireIntervalInMs: number;
  /** True while the service still gives a partition up (receiver stopping, buffered messages going back). */
  isDraining(partition: number): boolean;
}

export class SafePartitions implements PartitionOwnership {
  private readonly intentHeld = new Set<number>();
  private readonly intent: PartitionManager;
  private readonly ownership: PartitionManager;

  constructor(stores: { intent: PartitionLeaseStore; ownership: PartitionLeaseStore }, options: SafePartitionsOptions, events: PartitionEvents, log: Logger) {
    const { ownershipAcquireIntervalInMs, isDraining, ...common } = options;
    this.intent = new PartitionManager(stores.intent, { ...common, leaseSet: "intent" }, {
      acquired: (p) => {
        this.intentHeld.add(p);
        // Intent back while still owning the queue: listen again (ResumeListeningIfOwnQueue).
        if (this.ownership.owns(p)) events.acquired(p);
      },
      // Intent lost (stolen, expired, or given up at a stop): stop taking messages; the ownership set lets go
      // once the queue is drained (OnIntentLeaseReleasedAsync → ReleaseQueue).
      lost: (p) => {
        this.intentHeld.delete(p);
        events.lost(p);
      },
    }, log);
    this.ownership = new PartitionManager(stores.ownership, {
      ...common,
      leaseSet: "ownership",
      acquireIntervalInMs: ownershipAcquireIntervalInMs,
      steal: false,
      mayAcquire: (p) => this.intentHeld.has(p),
      mayKeep: (p) => this.intentHeld.has(p) || isDraining(p),
    }, {
      acquired: (p) => {
        if (this.intentHeld.has(p)) events.acquired(p);
      },
      lost: (p) => events.lost(p),
    }, log);
  }

  async start(): Promise<void> {
    await this.intent.start();
    await this.ownership.start();
  }

  /** As the original stops: the intent set first (releasing its leases), then the ownership set. */
  async stop(): Promise<void> {
    await this.intent.stop();
    await this.ownership.stop();
  }

  /** The fence is the ownership lease: nobody else can take it while it is renewed. */
  owns(partition: number): boolean {
    return this.ownership.owns(partition);
  }

  noteActivity(): void {
    this.intent.noteActivity();
    this.ownership.noteActivity();
  }

  ownedPartitions(): number[] {
    return this.ownership.ownedPartitions;
  }
}
