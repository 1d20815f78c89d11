// Which partitions this process serves: with leases (the default), the share its partition manager holds (legacy
// blob leases here; safe-partitions.ts and table-partitions.ts for the original's other two managers); without
// them (a hub with a single worker), all of them. Whatever the kind, the service hears of each partition gained
// or lost, and asks `owns` before it commits (the fence): one interface, three managers.
import type { Logger } from "../../logging/logger.js";
import { PartitionManager, type PartitionEvents, type PartitionManagerOptions } from "./partition-manager.js";
import type { PartitionLeaseStore } from "./partition-lease-store.js";

export interface PartitionOwnership {
  start(): Promise<void>;
  /** Gives every partition up (releasing leases, so others take them at once). */
  stop(): Promise<void>;
  owns(partition: number): boolean;
  /** A message was received on, or sent by this process to, one of the hub's queues: the worker is not idle. */
  noteActivity(): void;
  /** The partitions this process holds now (what `owns` may answer true for). */
  ownedPartitions(): number[];
}

export class AllPartitions implements PartitionOwnership {
  constructor(
    private readonly partitionCount: number,
    private readonly events: PartitionEvents,
  ) {}

  async start(): Promise<void> {
    for (let p = 0; p < this.partitionCount; p++) this.events.acquired(p);
  }

  async stop(): Promise<void> {
    for (let p = 0; p < this.partitionCount; p++) this.events.lost(p);
  }

  /** No other worker can own a partition here, so an episode in flight at a stop may still commit. */
  owns(): boolean {
    return true;
  }

  /** Without leases there is no idle schedule to leave. */
  noteActivity(): void {}

  ownedPartitions(): number[] {
    return Array.from({ length: this.partitionCount }, (_, p) => p);
  }
}

export class LeasedPartitions implements PartitionOwnership {
  private readonly manager: PartitionManager;

  constructor(
    store: PartitionLeaseStore,
    options: PartitionManagerOptions,
    events: PartitionEvents,
    log: Logger,
  ) {
    this.manager = new PartitionManager(store, options, events, log);
  }

  start(): Promise<void> {
    return this.manager.start();
  }

  stop(): Promise<void> {
    return this.manager.stop();
  }

  owns(partition: number): boolean {
    return this.manager.owns(partition);
  }

  noteActivity(): void {
    this.manager.noteActivity();
  }

  ownedPartitions(): number[] {
    return this.manager.ownedPartitions;
  }
}
