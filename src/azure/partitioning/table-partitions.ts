// The original's TablePartitionManager loop (AS Partitioning/TablePartitionManager.cs:108-222), what
// DurableTask.AzureStorage 2.x uses by default: every acquire interval (10 s) a worker reads the `{Hub}Partitions`
// rows and writes back what table-lease-round.ts decides; every second while it drains a partition or waits for
// one to be released to it, at once after a failed pass. A stop drains and releases every row before it ends.
// Fencing as for the blob kinds: a row counts as ours until the ExpiresAt we last wrote, less a margin.
// Idle mode as for the blob kinds (lease-schedule.ts): after a quiet spell the rows get the idle ExpiresAt and the
// passes come at the idle interval; .NET workers honour whatever ExpiresAt says, and any activity ends it at once.
import type { Logger } from "../../logging/logger.js";
import type { PartitionEvents } from "./partition-manager.js";
import type { PartitionOwnership } from "./partition-ownership.js";
import { leaseSchedule, type LeaseSchedule } from "./lease-schedule.js";
import { isEtagConflict, type PartitionTable } from "./partition-table.js";
import { planTableRound, type DrainState, type RowWrite, type TableRound } from "./table-lease-round.js";

export interface TablePartitionsOptions {
  workerId: string;
  /** LeaseAcquireInterval: how often the table is read and rows renewed (the original: 10 s). */
  acquireIntervalInMs: number;
  /** LeaseInterval: how far each renewal moves ExpiresAt (the original: 30 s). */
  leaseDurationInMs: number;
  /** True while the service still gives a partition up (receiver stopping, buffered messages going back). */
  isDraining(partition: number): boolean;
  /** The ExpiresAt distance once idle; absent, 0 or not longer than leaseDurationInMs: no idle mode. */
  idleLeaseDurationInMs?: number;
  /** The quiet time after which idle mode begins (default 30 s). */
  idleAfterInMs?: number;
}

/** The original waits for a drain up to 60 s (AzureStorageOrchestrationService.cs:609-613). */
const MAX_DRAIN_MS = 60_000;
/** After this many failed passes in a row, retry at the normal interval rather than at once (:110, :182). */
const MAX_FAILURES = 10;

export class TablePartitions implements PartitionOwnership {
  private readonly held = new Map<number, number>(); // partition → local time our ExpiresAt passes
  private readonly listening = new Set<number>();
  private readonly drains = new Map<number, number>(); // partition → when its drain began
  private running = false;
  private shuttingDown = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** The last pass ran as part of a stop (drain and release, no claims). */
  private lastPassShuttingDown = false;
  private readonly schedule: LeaseSchedule;
  private lastActivityAt = Date.now();
  private idle = false;

  constructor(
    private readonly table: PartitionTable,
    private readonly options: TablePartitionsOptions,
    private readonly events: PartitionEvents,
    private readonly log: Logger,
  ) {
    this.schedule = leaseSchedule({ ...options, intervalInMs: options.acquireIntervalInMs });
  }

  async start(): Promise<void> {
    this.running = true;
    this.shuttingDown = false;
    this.lastActivityAt = Date.now();
    // The first pass runs before start returns, as the blob kinds take their first leases before it returns.
    const first = await this.pass().catch((error) => (this.failed(error), undefined));
    this.loop = this.run(first);
  }

  /** Drains and releases every row in this worker's name, then ends the loop (the original waits up to 10 min). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.shuttingDown = true;
    this.wake?.();
    const cap = new Promise<void>((resolve) => setTimeout(resolve, this.options.leaseDurationInMs + this.options.acquireIntervalInMs).unref());
    await Promise.race([this.loop, cap]);
    this.running = false;
    this.wake?.();
    for (const partition of [...this.listening, ...this.held.keys()]) this.lose(partition, "PartitionReleased");
  }

  owns(partition: number, now = Date.now()): boolean {
    const expiresAt = this.held.get(partition);
    return expiresAt !== undefined && now < expiresAt - this.fenceMarginInMs();
  }

  /** Activity on this worker's queues: stay on, or go back at once to, the busy schedule. */
  noteActivity(): void {
    this.lastActivityAt = Date.now();
    if (!this.idle) return;
    this.idle = false;
    this.log.info("PartitionLeasesActive", { workerId: this.options.workerId });
    this.wake?.();
  }

  ownedPartitions(): number[] {
    return [...this.held.keys()].filter((p) => this.owns(p)).sort((a, b) => a - b);
  }

  private fenceMarginInMs(): number {
    return Math.min(5_000, this.options.leaseDurationInMs / 3);
  }

  private async run(first: TableRound | undefined): Promise<void> {
    let failures = first ? 0 : 1;
    let round = first;
    while (this.running) {
      if (this.shuttingDown && round?.releasedAllLeases) break;
      let sleep = this.idle && this.schedule.idle ? this.schedule.idle.intervalInMs : this.options.acquireIntervalInMs;
      if (round && (round.isDrainingPartition || round.isWaitingForPartitionRelease)) sleep = Math.min(sleep, 1_000);
      if (failures > 0 && failures < MAX_FAILURES) sleep = 0;
      // A stop asked for during the last pass starts its drain at once.
      if (this.shuttingDown && !this.lastPassShuttingDown) sleep = 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sleep);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      if (!this.running) break;
      try {
        round = await this.pass();
        failures = 0;
      } catch (error) {
        this.failed(error);
        round = undefined;
        failures++;
      }
    }
    this.log.info("PartitionTableLoopStopped", { workerId: this.options.workerId });
  }

  private failed(error: unknown): void {
    // An ETag conflict is the normal race between workers: the next pass reads the table again at once.
    if (!isEtagConflict(error)) this.log.error("PartitionTableFailed", error, { workerId: this.options.workerId });
  }

  /** One read of the table and the writes it calls for, in order; a 412 ends the pass (the loop reads again). */
  private async pass(): Promise<TableRound> {
    for (const partition of this.held.keys()) if (!this.owns(partition)) this.lose(partition, "PartitionLost");
    this.lastPassShuttingDown = this.shuttingDown;
    const idle = this.schedule.idle;
    if (idle && !this.idle && !this.shuttingDown && Date.now() - this.lastActivityAt >= idle.afterInMs) {
      this.idle = true;
      this.log.info("PartitionLeasesIdle", { workerId: this.options.workerId, leaseDurationInMs: idle.durationInMs, intervalInMs: idle.intervalInMs });
    }
    const leaseDurationInMs = this.idle && idle ? idle.durationInMs : this.options.leaseDurationInMs;
    const rows = await this.table.list();
    const now = new Date();
    const round = planTableRound({
      rows,
      me: this.options.workerId,
      isShuttingDown: this.shuttingDown,
      now,
      leaseDurationInMs,
      drains: this.drainStates(now.getTime()),
    });
    // A change of ownership, or a worker waiting for one, is activity: the busy schedule answers it sooner.
    const changing = round.isDrainingPartition || round.isWaitingForPartitionRelease || round.steals.length > 0 ||
      round.writes.some((w) => w.claimed || w.stole || w.released);
    if (changing) this.noteActivity();
    for (const partition of round.notMine) {
      this.drains.delete(partition);
      if (this.listening.has(partition) || this.held.has(partition)) this.lose(partition, "PartitionLost");
    }
    for (const write of round.writes) await this.perform(write, now.getTime(), leaseDurationInMs);
    for (const steal of round.steals) {
      await this.table.replace(steal.row);
      this.log.info("LeaseStolen", { workerId: this.options.workerId, partition: steal.row.partition, from: steal.row.CurrentOwner });
    }
    return round;
  }

  private async perform(write: RowWrite, sentAt: number, leaseDurationInMs: number): Promise<void> {
    const partition = write.row.partition;
    // Claimed afresh (say, after our own row expired mid-drain): any earlier drain is over.
    if (write.claimed) this.drains.delete(partition);
    if (write.startDrain) {
      // Stop taking messages now; the row stays ours (renewed) until the drain is done and it is released.
      this.drains.set(partition, sentAt);
      this.listening.delete(partition);
      this.events.lost(partition);
      this.log.info("PartitionDraining", { workerId: this.options.workerId, partition, for: write.row.NextOwner ?? "shutdown" });
    }
    // Fence first: a row we release stops counting as ours before anyone can see it free.
    if (write.released) this.lose(partition, "PartitionReleased");
    await this.table.replace(write.row);
    if (write.released) this.drains.delete(partition);
    if (write.row.CurrentOwner === this.options.workerId && !write.released) {
      this.held.set(partition, sentAt + leaseDurationInMs);
    }
    if (write.listen && !this.listening.has(partition)) {
      this.listening.add(partition);
      this.events.acquired(partition);
      this.log.info("PartitionAcquired", { workerId: this.options.workerId, partition });
    }
  }

  private drainStates(now: number): Map<number, DrainState> {
    const states = new Map<number, DrainState>();
    for (const [partition, since] of this.drains) {
      states.set(partition, !this.options.isDraining(partition) || now - since > MAX_DRAIN_MS ? "done" : "running");
    }
    return states;
  }

  private lose(partition: number, event: "PartitionLost" | "PartitionReleased"): void {
    const wasListening = this.listening.delete(partition);
    const wasHeld = this.held.delete(partition);
    if (!wasListening && !wasHeld) return;
    if (wasListening) this.events.lost(partition);
    this.log.info(event, { workerId: this.options.workerId, partition });
  }
}
