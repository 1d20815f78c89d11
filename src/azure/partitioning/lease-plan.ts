// Which blob leases a worker takes next, decided as the original's LeaseCollectionBalancer.TakeLeasesAsync
// decides (AS Partitioning/LeaseCollectionBalancer.cs:326-471): free or expired leases up to its target share
// (all of them when it may not steal), else, short of its target, one lease of the busiest worker. Pure, so
// every rule is unit-tested without storage.
import type { LeaseView } from "./partition-lease-store.js";

export interface LeasePlan {
  acquire: number[];
  /** Leases in this worker's name that it does not hold: left by its previous run (a restart); take them back. */
  reclaim: number[];
  /** A partition to take from the worker holding the most, when that one holds more than its share. */
  steal?: number;
}

export interface LeasePlanOptions {
  /** Intent and legacy leases may be stolen; ownership leases may not (SafePartitionManager.cs:82). */
  steal?: boolean;
  /** Leases this worker may take at all (ownership: only where it holds the intent lease). */
  mayAcquire?: (partition: number) => boolean;
}

export function planLeases(
  views: LeaseView[],
  me: string,
  held: ReadonlySet<number> = new Set(),
  options: LeasePlanOptions = {},
): LeasePlan {
  const steal = options.steal ?? true;
  const shards = views.filter((view) => options.mayAcquire?.(view.partition) ?? true);
  const counts = new Map<string, number[]>();
  const expired: number[] = [];
  const reclaim: number[] = [];
  for (const view of shards) {
    const owner = view.isLeased ? view.content.Owner : null;
    // The original compares owners case-insensitively and treats an empty Owner as free (:347, :86).
    if (!owner) expired.push(view.partition);
    else counts.set(owner.toLowerCase(), [...(counts.get(owner.toLowerCase()) ?? []), view.partition]);
    if (owner?.toLowerCase() === me.toLowerCase() && !held.has(view.partition)) reclaim.push(view.partition);
  }
  if (reclaim.length > 0) return { acquire: [], reclaim };
  if (shards.length === 0) return { acquire: [], reclaim };
  const self = me.toLowerCase();
  if (!counts.has(self)) counts.set(self, []);
  const target = shards.length > counts.size ? Math.ceil(shards.length / counts.size) : 1;
  const needed = steal ? target - counts.get(self)!.length : expired.length;
  if (needed <= 0) return { acquire: [], reclaim };
  if (expired.length > 0) return { acquire: expired.slice(0, needed), reclaim };
  if (!steal) return { acquire: [], reclaim };
  // The busiest worker (the first of equals, in listing order) gives up its first lease, if it holds more
  // than the target (less one when this worker needs more than one): one steal per round (:419-465).
  let busiest: number[] = [];
  for (const partitions of counts.values()) if (partitions.length > busiest.length) busiest = partitions;
  if (busiest.length > target - (needed > 1 ? 1 : 0)) return { acquire: [], reclaim, steal: busiest[0] };
  return { acquire: [], reclaim };
}
