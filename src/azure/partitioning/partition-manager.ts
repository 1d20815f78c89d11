// Keeps this worker's share of one set of blob leases (the original's LeaseCollectionBalancer): every interval
// it renews the leases it holds (a failed renewal means the partition is lost), then takes free leases up to its
// fair share, or steals one from a worker above it (lease-plan.ts). Ownership is fenced by time: a lease not renewed within its duration (minus a margin) no
// longer counts as held, so a paused process stops committing before another can take the partition.
// Idle mode: after a quiet spell (no message received or sent, no change of ownership) the held leases are
// lengthened and renewed less often (60 s every 40 s by default, not 30 s every 10 s); any activity ends it at once.
import type { Logger } from "../../logging/logger.js";
import { planLeases } from "./lease-plan.js";
import { leaseSchedule, type LeaseSchedule } from "./lease-schedule.js";
import type { HeldLease, LeaseView, PartitionLeaseStore } from "./partition-lease-store.js";

export interface PartitionManagerOptions {
  workerId: string;
  /** How often leases are renewed and the balance checked (the original: 10 s). */
  intervalInMs: number;
  /** The blob lease's duration (Azure allows 15–60 s; the original uses 30 s). */
  leaseDurationInMs: number;
  /** The lease duration in idle mode; absent, 0 or not longer than leaseDurationInMs: no idle mode. */
  idleLeaseDurationInMs?: number;
  /** The quiet time after which idle mode begins (default 30 s). */
  idleAfterInMs?: number;
  /** How often free leases are looked for, when not every renewal interval (the safe ownership set: 5 s). */
  acquireIntervalInMs?: number;
  /** Whether leases of busier workers may be taken (default true; the safe ownership set: false). */
  steal?: boolean;
  /** Leases this worker may take (the safe ownership set: where it holds the intent lease). */
  mayAcquire?: (partition: number) => boolean;
  /** Leases it keeps renewing; one it may not keep is released (the safe ownership set: intent held or draining). */
  mayKeep?: (partition: number) => boolean;
  /** Log events name the set ("intent", "ownership"); the legacy set logs as before. */
  leaseSet?: string;
}

export interface PartitionEvents {
  acquired(partition: number): void;
  /** Taken away (expired, stolen) or given up: stop receiving from it and forget its state. */
  lost(partition: number): void;
}

/** Fencing: stop trusting a lease this long before it could end without a renewal. */
const FENCE_MARGIN_MS = 5_000;

interface Held extends HeldLease {
  /** The duration Azure holds the lease for now (the active or the idle one). */
  durationInMs: number;
  /** The earliest the lease can end: when its last successful renewal was sent, plus its duration. */
  expiresAt: number;
  /** When its last successful renewal (or acquire) was sent. */
  renewedAt: number;
  view: LeaseView;
}

export class PartitionManager {
  private readonly held = new Map<number, Held>();
  private readonly schedule: LeaseSchedule;
  private running = false;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private lastActivityAt = Date.now();
  /** The idle schedule is in force: leases go to (or are at) the idle duration, ticks come at the idle interval. */
  private idle = false;
  /** Activity ended idle mode: the next tick comes at once, to shorten the leases again. */
  private tickSoon = false;

  constructor(
    private readonly store: PartitionLeaseStore,
    private readonly options: PartitionManagerOptions,
    private readonly events: PartitionEvents,
    private readonly log: Logger,
  ) {
    this.schedule = leaseSchedule(options);
  }

  async start(): Promise<void> {
    this.running = true;
    this.lastActivityAt = Date.now();
    await this.store.ensureBlobs();
    await this.tick();
    this.scheduleNext();
  }

  /** True while this worker may commit for the partition. */
  owns(partition: number, now = Date.now()): boolean {
    const lease = this.held.get(partition);
    // Fencing: stop trusting a lease a few seconds before it could expire without a renewal.
    return lease !== undefined && now < lease.expiresAt - FENCE_MARGIN_MS;
  }

  get ownedPartitions(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Whether the idle schedule is in force. */
  get isIdle(): boolean {
    return this.idle;
  }

  /**
   * Something happened on this worker's queues (a message received, work sent by this process): stay on, or go
   * back to, the busy schedule. Cheap enough to call on every receive.
   */
  noteActivity(): void {
    this.lastActivityAt = Date.now();
    if (!this.idle) return;
    this.idle = false;
    this.tickSoon = true;
    this.log.info("PartitionLeasesActive", { workerId: this.options.workerId });
    // A waiting tick is brought forward; a tick under way schedules the next one itself, at once.
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.scheduleNext();
    }
  }

  /** Releases every lease so that other workers can take the partitions at once. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    const leases = [...this.held.values()];
    this.held.clear();
    for (const lease of leases) this.events.lost(lease.partition);
    await Promise.all(leases.map((lease) => this.store.release(lease, lease.view).catch(() => undefined)));
    for (const lease of leases) this.log.info("PartitionReleased", { ...this.tags(), partition: lease.partition });
  }

  private scheduleNext(): void {
    if (!this.running) return;
    const delay = this.tickSoon ? 0 : this.intervalInMs();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ticking = this.tick().catch((error) => this.log.error("PartitionBalanceFailed", error, { workerId: this.options.workerId }));
      void this.ticking.finally(() => this.scheduleNext());
    }, delay);
    this.timer.unref();
  }

  /** The idle interval once every held lease has the idle duration (a change left unanswered is retried sooner). */
  private intervalInMs(): number {
    const idle = this.schedule.idle;
    if (!this.idle || !idle || [...this.held.values()].some((lease) => lease.durationInMs !== idle.durationInMs)) {
      return Math.min(this.schedule.active.intervalInMs, this.options.acquireIntervalInMs ?? Infinity);
    }
    return idle.intervalInMs;
  }

  /** The renewal interval in force: a tick renews only the leases that are due (acquire ticks may come sooner). */
  private renewIntervalInMs(): number {
    return this.idle && this.schedule.idle ? this.schedule.idle.intervalInMs : this.schedule.active.intervalInMs;
  }

  private async tick(): Promise<void> {
    this.tickSoon = false;
    const idle = this.schedule.idle;
    if (idle && !this.idle && Date.now() - this.lastActivityAt >= idle.afterInMs) {
      this.idle = true;
      this.log.info("PartitionLeasesIdle", { workerId: this.options.workerId, leaseDurationInMs: idle.durationInMs, intervalInMs: idle.intervalInMs });
    }
    await this.renewAll(this.idle ? idle!.durationInMs : this.schedule.active.durationInMs);
    await this.releaseUnkept();
    // Holding every partition, there is nothing to take, so no listing: a steal from us shows at the next renewal.
    if (this.held.size === this.store.partitionCount) return;
    const views = await this.store.readAll();
    const plan = planLeases(views, this.options.workerId, new Set(this.held.keys()), this.options);
    // A reclaim or a steal changes the lease's id from the one its blob names (read afresh: a listing lacks it).
    for (const partition of plan.reclaim) await this.acquire(await this.store.read(partition));
    for (const partition of plan.acquire) await this.acquire(views[partition]!);
    if (plan.steal !== undefined) {
      const victim = await this.store.read(plan.steal);
      this.log.info("LeaseStolen", { ...this.tags(), partition: plan.steal, from: victim.content.Owner });
      await this.acquire(victim);
    }
  }

  /** Gives up the leases this worker may no longer keep (fence first, then the release others see). */
  private async releaseUnkept(): Promise<void> {
    const mayKeep = this.options.mayKeep;
    if (!mayKeep) return;
    const leases = [...this.held.values()].filter((lease) => !mayKeep(lease.partition));
    for (const lease of leases) {
      this.held.delete(lease.partition);
      this.events.lost(lease.partition);
    }
    await Promise.all(leases.map((lease) => this.store.release(lease, lease.view).catch(() => undefined)));
    for (const lease of leases) this.log.info("PartitionReleased", { ...this.tags(), partition: lease.partition });
  }

  private tags(): Record<string, string> {
    const set = this.options.leaseSet;
    return set ? { workerId: this.options.workerId, leaseSet: set } : { workerId: this.options.workerId };
  }

  /** Renews every held lease, changing its duration where it is not `durationInMs` yet. */
  private async renewAll(durationInMs: number): Promise<void> {
    const now = Date.now();
    // Due: its renewal interval (less half a tick, so a tick early is not a renewal late) has passed.
    const due = now + Math.min(this.intervalInMs(), this.renewIntervalInMs()) / 2;
    await Promise.all(
      [...this.held.values()].map(async (lease) => {
        const sentAt = Date.now();
        const change = lease.durationInMs !== durationInMs;
        if (!change && lease.renewedAt + this.renewIntervalInMs() > due) return;
        // false: another worker has it now; undefined: storage did not answer, so it is ours until the fence.
        const renewed = await (change ? this.store.changeDuration(lease, durationInMs) : this.store.renew(lease)).catch(() => undefined);
        if (renewed) {
          lease.durationInMs = durationInMs;
          lease.expiresAt = sentAt + durationInMs;
          lease.renewedAt = sentAt;
          return;
        }
        // Unanswered, a shortening may still have been applied: fence by the shorter end.
        if (change && durationInMs < lease.durationInMs) lease.expiresAt = Math.min(lease.expiresAt, sentAt + durationInMs);
        if (renewed === false || !this.owns(lease.partition)) {
          this.held.delete(lease.partition);
          this.events.lost(lease.partition);
          this.log.info("PartitionLost", { ...this.tags(), partition: lease.partition });
          this.noteActivity();
        }
      }),
    );
  }

  private async acquire(view: LeaseView): Promise<void> {
    const sentAt = Date.now();
    const lease = await this.store.acquire(view.partition, this.options.workerId, view);
    if (!lease) return;
    const content = { ...view.content, Owner: this.options.workerId, Token: lease.token, Epoch: lease.epoch };
    const durationInMs = this.schedule.active.durationInMs;
    const heldView = { ...view, content, isLeased: true };
    this.held.set(view.partition, { ...lease, durationInMs, expiresAt: sentAt + durationInMs, renewedAt: sentAt, view: heldView });
    this.events.acquired(view.partition);
    this.log.info("PartitionAcquired", { ...this.tags(), partition: view.partition, epoch: lease.epoch });
    this.noteActivity();
  }
}
