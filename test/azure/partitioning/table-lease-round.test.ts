// The table manager's pass, rule by rule, without storage: claims, renewals, steals by NextOwner, draining and
// release, the balance quota, and a stop (TablePartitionManager.cs:349-742).
import { describe, expect, it } from "vitest";
import { planTableRound, type DrainState, type PartitionRow } from "../../../src/azure/partitioning/table-lease-round.js";

const now = new Date("2026-11-30T00:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const row = (partition: number, fields: Partial<PartitionRow> = {}): PartitionRow => ({
  rowKey: `hub-control-0${partition}`, partition, CurrentOwner: null, NextOwner: null, OwnedSince: null, LastRenewal: null,
  ExpiresAt: null, IsDraining: false, etag: `e${partition}`, ...fields,
});
const owned = (partition: number, owner: string, fields: Partial<PartitionRow> = {}) =>
  row(partition, { CurrentOwner: owner, OwnedSince: now, LastRenewal: now, ExpiresAt: later(20_000), ...fields });
const round = (rows: PartitionRow[], me = "me", drains = new Map<number, DrainState>(), isShuttingDown = false) =>
  planTableRound({ rows, me, isShuttingDown, now, leaseDurationInMs: 30_000, drains });

describe("a pass over the Partitions table", () => {
  it("claims empty and expired rows, ending with ExpiresAt a lease interval away, and listens", () => {
    const r = round([row(0), owned(1, "gone", { ExpiresAt: later(-1) }), owned(2, "other")]);
    expect(r.writes.map((w) => [w.row.partition, w.claimed, w.renewed, w.listen])).toEqual([[0, true, true, true], [1, true, true, true]]);
    expect(r.writes[0]!.row).toMatchObject({ CurrentOwner: "me", NextOwner: null, OwnedSince: now, LastRenewal: now, ExpiresAt: later(30_000), IsDraining: false, etag: "e0" });
    // As read: rows it claims in this pass were not its own when read (DropLostControlQueue runs first).
    expect(r.notMine).toEqual([0, 1, 2]);
  });

  it("renews its own rows every pass", () => {
    const r = round([owned(0, "me")]);
    expect(r.writes).toHaveLength(1);
    expect(r.writes[0]).toMatchObject({ renewed: true, claimed: false, listen: true, row: { LastRenewal: now, ExpiresAt: later(30_000), OwnedSince: now } });
  });

  it("steals from a worker above its quota by naming itself NextOwner, and waits", () => {
    const rows = [0, 1, 2, 3].map((p) => owned(p, "other"));
    const r = round(rows);
    expect(r.writes).toEqual([]);
    expect(r.steals.map((w) => [w.row.partition, w.row.NextOwner, w.row.CurrentOwner, w.row.etag])).toEqual([[0, "me", "other", "e0"], [1, "me", "other", "e1"]]);
    expect(r.isWaitingForPartitionRelease).toBe(true);
  });

  it("takes one more from a worker two above the quota, none from one just above it", () => {
    // 8 rows, workers a (4), b (2), me (2): quota floor(8/3) = 2, a is 2 above it.
    const rows = [0, 1, 2, 3].map((p) => owned(p, "a")).concat([4, 5].map((p) => owned(p, "b")), [6, 7].map((p) => owned(p, "me")));
    expect(round(rows).steals.map((w) => w.row.partition)).toEqual([0]);
    // a (3), b (3), me (2): nothing to take.
    const even = [0, 1, 2].map((p) => owned(p, "a")).concat([3, 4, 5].map((p) => owned(p, "b")), [6, 7].map((p) => owned(p, "me")));
    expect(round(even).steals).toEqual([]);
  });

  it("drains a row another worker asked for, renewing it until the drain is done, then releases it", () => {
    const asked = owned(0, "me", { NextOwner: "thief" });
    const start = round([asked]);
    expect(start.writes[0]).toMatchObject({ startDrain: true, renewed: true, listen: false, row: { IsDraining: true, ExpiresAt: later(30_000) } });
    expect(start.isDrainingPartition).toBe(true);
    const running = round([{ ...asked, IsDraining: true }], "me", new Map([[0, "running"]]));
    expect(running.writes[0]).toMatchObject({ startDrain: false, renewed: true, released: false, listen: false });
    const done = round([{ ...asked, IsDraining: true }], "me", new Map([[0, "done"]]));
    expect(done.writes[0]).toMatchObject({ released: true, listen: false, row: { CurrentOwner: null, NextOwner: "thief", IsDraining: false } });
  });

  it("claims a row released to it, and asks for the rows of a worker shutting down", () => {
    const r = round([row(0, { NextOwner: "me" }), owned(1, "leaving", { IsDraining: true })]);
    expect(r.writes[0]).toMatchObject({ claimed: true, row: { CurrentOwner: "me", NextOwner: null } });
    expect(r.writes[1]).toMatchObject({ stole: true, row: { CurrentOwner: "leaving", NextOwner: "me" } });
    expect(r.isWaitingForPartitionRelease).toBe(true);
  });

  it("on a stop claims nothing, drains and releases its rows, and says when none is left", () => {
    const first = round([owned(0, "me"), row(1)], "me", new Map(), true);
    expect(first.writes.map((w) => [w.row.partition, w.startDrain])).toEqual([[0, true]]);
    expect(first.releasedAllLeases).toBe(false);
    const last = round([owned(0, "me", { IsDraining: true }), row(1)], "me", new Map([[0, "done"]]), true);
    expect(last.writes[0]).toMatchObject({ released: true, row: { CurrentOwner: null } });
    expect(last.releasedAllLeases).toBe(true);
  });
});
