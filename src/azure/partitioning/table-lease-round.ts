// One pass of the original's TablePartitionManager over the `{Hub}Partitions` rows (AS Partitioning/
// TablePartitionManager.cs:349-457, 464-742), as a pure function: which rows this worker claims, renews, starts
// draining, releases or steals, and which it then writes back (each Replace guarded by the ETag it read). The
// loop in table-partitions.ts performs the writes in this order and stops at the first ETag conflict, as the
// original does by letting the 412 end its pass.

export interface PartitionRow {
  /** The control queue's name (RowKey); PartitionKey is always "". */
  rowKey: string;
  partition: number;
  CurrentOwner: string | null;
  NextOwner: string | null;
  OwnedSince: Date | null;
  LastRenewal: Date | null;
  ExpiresAt: Date | null;
  IsDraining: boolean;
  etag: string;
}

export type DrainState = "running" | "done";

export interface RowWrite {
  /** The row as it is to be written, with the ETag read (`row.etag`) as the condition. */
  row: PartitionRow;
  claimed: boolean;
  stole: boolean;
  renewed: boolean;
  released: boolean;
  /** Start draining this partition (stop taking messages, finish what is in memory). */
  startDrain: boolean;
  /** Listen to the queue after the write (claimed, or owned and not draining: :435-441). */
  listen: boolean;
}

export interface TableRound {
  writes: RowWrite[];
  /** Partitions whose row names another owner: stop listening if we still do (DropLostControlQueue). */
  notMine: number[];
  /** Written after `writes`, each on its own: steals that balance the workers' shares. */
  steals: RowWrite[];
  isDrainingPartition: boolean;
  isWaitingForPartitionRelease: boolean;
  /** Shutting down, and this pass leaves no row in this worker's name. */
  releasedAllLeases: boolean;
}

export interface TableRoundInput {
  rows: PartitionRow[];
  me: string;
  isShuttingDown: boolean;
  now: Date;
  /** LeaseInterval: how far a renewal moves ExpiresAt (the original: 30 s). */
  leaseDurationInMs: number;
  /** Partitions this worker drains now, and whether that drain is done. */
  drains: ReadonlyMap<number, DrainState>;
}

export function planTableRound(input: TableRoundInput): TableRound {
  const { me, now } = input;
  const round: TableRound = { writes: [], notMine: [], steals: [], isDrainingPartition: false, isWaitingForPartitionRelease: false, releasedAllLeases: false };
  const distribution = new Map<string, PartitionRow[]>();
  let owned = 0;
  for (const read of input.rows) {
    const row = { ...read };
    if (row.CurrentOwner !== me) round.notMine.push(row.partition);
    const w: RowWrite = { row, claimed: false, stole: false, renewed: false, released: false, startDrain: false, listen: false };
    if (!input.isShuttingDown) {
      w.claimed = tryClaim(row, me, now);
      w.stole = checkOtherWorkers(row, me, distribution, round, () => owned++);
      if (row.CurrentOwner === me) {
        if (row.NextOwner === null) {
          owned++;
          renew(row, now, input.leaseDurationInMs);
          w.renewed = true;
        } else {
          round.isDrainingPartition = true;
          checkDrain(w, input);
        }
      }
    } else {
      round.isDrainingPartition = true;
      if (row.CurrentOwner === me) {
        owned++;
        checkDrain(w, input);
        if (w.released) owned--;
      }
    }
    if (w.claimed || w.stole || w.renewed || w.startDrain || w.released) {
      const renewingToDrain = w.renewed && round.isDrainingPartition && !w.released;
      // Not after a release (the original then listens again until its next pass drops the queue).
      w.listen = row.CurrentOwner === me && !w.released && (w.claimed || !renewingToDrain);
      round.writes.push(w);
    }
  }
  round.steals = balance(distribution, input.rows.length, owned, me, round);
  if (input.isShuttingDown) round.releasedAllLeases = owned === 0;
  return round;
}

/** Empty, expired, or released to this worker after it asked for it (:464-479). */
function tryClaim(row: PartitionRow, me: string, now: Date): boolean {
  const empty = row.CurrentOwner === null && row.NextOwner === null;
  const expired = row.ExpiresAt !== null && now.getTime() >= row.ExpiresAt.getTime();
  const releasedToMe = row.CurrentOwner === null && row.NextOwner === me;
  if (!(empty || expired || releasedToMe)) return false;
  Object.assign(row, { CurrentOwner: me, NextOwner: null, OwnedSince: now, LastRenewal: now, ExpiresAt: new Date(now.getTime() + 60_000), IsDraining: false });
  return true;
}

/** Counts other workers' rows for balancing; asks for the row of a worker shutting down (:520-567). */
function checkOtherWorkers(row: PartitionRow, me: string, distribution: Map<string, PartitionRow[]>, round: TableRound, countMine: () => void): boolean {
  if (row.CurrentOwner === me) return false;
  if (row.NextOwner === null && !row.IsDraining) add(distribution, row.CurrentOwner!, row);
  if (row.NextOwner !== null) {
    if (row.NextOwner === me) {
      countMine();
      round.isWaitingForPartitionRelease = true;
    } else add(distribution, row.NextOwner, row);
  }
  if (row.NextOwner === null && row.IsDraining) {
    row.NextOwner = me;
    round.isWaitingForPartitionRelease = true;
    return true;
  }
  return false;
}

/** Draining: start it (and renew), keep renewing while it runs, release once it is done (:821-860). */
function checkDrain(w: RowWrite, input: TableRoundInput): void {
  const state = input.drains.get(w.row.partition);
  if (state === "done") {
    Object.assign(w.row, { IsDraining: false, CurrentOwner: null });
    w.released = true;
    return;
  }
  if (state === undefined) {
    w.row.IsDraining = true;
    w.startDrain = true;
  }
  renew(w.row, input.now, input.leaseDurationInMs);
  w.renewed = true;
}

function renew(row: PartitionRow, now: Date, leaseDurationInMs: number): void {
  row.LastRenewal = now;
  row.ExpiresAt = new Date(now.getTime() + leaseDurationInMs);
}

/**
 * Steals up to this worker's quota, floor(rows / workers), from workers above it; one more from a worker two or
 * more above it when already at quota (:610-707). A steal only names this worker NextOwner: the owner drains and
 * releases, then this worker claims the row.
 */
function balance(distribution: Map<string, PartitionRow[]>, rowCount: number, owned: number, me: string, round: TableRound): RowWrite[] {
  if (distribution.size === 0) return [];
  const average = Math.floor(rowCount / (distribution.size + 1));
  if (average < owned) return [];
  const steals: RowWrite[] = [];
  for (const rows of distribution.values()) {
    let toSteal = average - owned;
    if (toSteal < 0) break;
    const excess = rows.length - average;
    if (excess <= 0) continue;
    if (toSteal === 0 && excess > 1) toSteal = 1;
    toSteal = Math.min(toSteal, excess);
    for (let i = 0; i < toSteal; i++) {
      owned++;
      steals.push({ row: { ...rows[i]!, NextOwner: me }, claimed: false, stole: true, renewed: false, released: false, startDrain: false, listen: false });
    }
  }
  if (steals.length > 0) round.isWaitingForPartitionRelease = true;
  return steals;
}

function add(distribution: Map<string, PartitionRow[]>, owner: string, row: PartitionRow): void {
  distribution.set(owner, [...(distribution.get(owner) ?? []), row]);
}
