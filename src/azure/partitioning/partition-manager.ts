// Keeps this worker's share of the hub's partitions: every interval it renews the leases it holds (a failed
// renewal means the partition is lost), then takes free leases up to its fair share, or steals one from a
// worker above it. Ownership is fenced by time: a lease not renewed within its duration (minus a margin) no
// longer counts as held, so a paused process stops committing before another can take the partition.
import type { Logger } from "../../logging/logger.js";
import { planLeases } from "./lease-plan.js";
import type { HeldLease, LeaseView, PartitionLeaseStore } from "./partition-lease-store.js";

export interface PartitionManagerOptions {
  workerId: string;
  /** How often leases are renewed and the balance checked (the original: 10 s). */
  intervalInMs: number;
  /** The blob lease's duration (Azure allows 15–60 s; the original uses 30 s). */
  leaseDurationInMs: number;
}

export interface PartitionEvents {
  acquired(partition: number): void;
  /** Taken away (expired, stolen) or given up: stop receiving from it and forget its state. */
  lost(partition: number): void;
}

interface Held extends HeldLease {
  renewedAt: number;
  view: LeaseView;
}

export class PartitionManager {
  private readonly held = new Map<number, Held>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly store: PartitionLeaseStore,
    private readonly options: PartitionManagerOptions,
    private readonly events: PartitionEvents,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.store.ensureBlobs();
    await this.tick();
    this.schedule();
  }

  /** True while this worker may commit for the partition. */
  owns(partition: number, now = Date.now()): boolean {
    const lease = this.held.get(partition);
    // Fencing: stop trusting a lease a few seconds before it could expire without a renewal.
    return lease !== undefined && now - lease.renewedAt < this.options.leaseDurationInMs - 5_000;
  }

  get ownedPartitions(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Releases every lease so that other workers can take the partitions at once. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    const leases = [...this.held.values()];
    this.held.clear();
    for (const lease of leases) this.events.lost(lease.partition);
    await Promise.all(leases.map((lease) => this.store.release(lease, lease.view).catch(() => undefined)));
    for (const lease of leases) this.log.info("PartitionReleased", { workerId: this.options.workerId, partition: lease.partition });
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.ticking = this.tick().catch((error) => this.log.error("PartitionBalanceFailed", error, { workerId: this.options.workerId }));
      void this.ticking.finally(() => this.timer !== undefined && this.schedule());
    }, this.options.intervalInMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    await this.renewAll();
    const views = await this.store.readAll();
    const plan = planLeases(views, this.options.workerId, new Set(this.held.keys()));
    for (const partition of plan.reclaim) {
      await this.store.breakLease(partition);
      await this.acquire({ ...views[partition]!, isLeased: false });
    }
    for (const partition of plan.acquire) await this.acquire(views[partition]!);
    if (plan.steal !== undefined) {
      const victim = views[plan.steal]!;
      await this.store.breakLease(plan.steal);
      this.log.info("LeaseStolen", { workerId: this.options.workerId, partition: plan.steal, from: victim.content.Owner });
      await this.acquire({ ...victim, isLeased: false });
    }
  }

  private async renewAll(): Promise<void> {
    await Promise.all(
      [...this.held.values()].map(async (lease) => {
        // false: another worker has it now; undefined: storage did not answer, so it is ours until the fence.
        const renewed = await this.store.renew(lease).catch(() => undefined);
        if (renewed) {
          lease.renewedAt = Date.now();
        } else if (renewed === false || !this.owns(lease.partition)) {
          this.held.delete(lease.partition);
          this.events.lost(lease.partition);
          this.log.info("PartitionLost", { workerId: this.options.workerId, partition: lease.partition });
        }
      }),
    );
  }

  private async acquire(view: LeaseView): Promise<void> {
    const lease = await this.store.acquire(view.partition, this.options.workerId, view);
    if (!lease) return;
    const content = { ...view.content, Owner: this.options.workerId, Token: lease.token, Epoch: lease.epoch };
    this.held.set(view.partition, { ...lease, renewedAt: Date.now(), view: { ...view, content, isLeased: true } });
    this.events.acquired(view.partition);
    this.log.info("PartitionAcquired", { workerId: this.options.workerId, partition: view.partition, epoch: lease.epoch });
  }
}
