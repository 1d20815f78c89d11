// Which leases a worker should take next, decided from what the lease blobs say: free ones up to its fair
// share, else one from the busiest worker when it holds fewer than its share (one steal per round, as the
// original balances). Pure, so every rule is unit-tested without storage.
import type { LeaseView } from "./partition-lease-store.js";

export interface LeasePlan {
  acquire: number[];
  /** Leases in this worker's name that it does not hold: left by its previous run (a restart); take them back. */
  reclaim: number[];
  /** A partition to take from a worker holding more than its share. */
  steal?: number;
}

export function planLeases(views: LeaseView[], me: string, held: ReadonlySet<number> = new Set()): LeasePlan {
  const owners = new Map<string, number[]>();
  const free: number[] = [];
  const reclaim: number[] = [];
  for (const view of views) {
    const owner = view.isLeased ? view.content.Owner : null;
    if (!owner) free.push(view.partition);
    else owners.set(owner, [...(owners.get(owner) ?? []), view.partition]);
    if (owner === me && !held.has(view.partition)) reclaim.push(view.partition);
  }
  if (reclaim.length > 0) return { acquire: [], reclaim };
  const workers = new Set([...owners.keys(), me]).size;
  const mine = owners.get(me)?.length ?? 0;
  const most = Math.ceil(views.length / workers);
  if (free.length > 0) return { acquire: free.slice(0, Math.max(0, most - mine)), reclaim };
  const [, richest] = [...owners].filter(([owner]) => owner !== me).sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  // A steal pays only when it narrows a gap of two or more; balance ends with every share within one.
  if (!richest || richest.length - mine < 2) return { acquire: [], reclaim };
  return { acquire: [], reclaim, steal: richest[richest.length - 1] };
}
