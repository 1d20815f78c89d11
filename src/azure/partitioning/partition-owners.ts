// Who owns each partition of a hub, read from storage whatever its partition management kind: for `dtfx
// inspect`, the dashboard and tests. A read, never a claim: it takes nothing and renews nothing.
import { RestError } from "@azure/core-rest-pipeline";
import type { PartitionManagementKind } from "./partition-management-kind.js";
import type { PartitionLeaseStore } from "./partition-lease-store.js";
import type { PartitionTable } from "./partition-table.js";

export interface PartitionOwner {
  partition: number;
  controlQueue: string;
  /** The worker holding the partition now; null when free (or its lease expired). */
  owner: string | null;
  /** safe: the worker holding the intent lease (the next owner once the current one has drained). */
  intentOwner?: string | null;
  /** table: the worker that asked for the partition and waits for its release. */
  nextOwner?: string | null;
  /** table: the owner drains the partition before releasing it. */
  draining?: boolean;
  /** table: when the owner's claim ends unless renewed. */
  expiresAt?: Date;
}

export async function readPartitionOwners(
  kind: PartitionManagementKind,
  stores: { leaseSet(directory: "default" | "intent" | "ownership"): PartitionLeaseStore; partitionTable: PartitionTable },
  now = new Date(),
): Promise<PartitionOwner[]> {
  if (kind === "table") {
    const rows = await stores.partitionTable.list();
    return rows
      .map((row) => ({
        partition: row.partition,
        controlQueue: row.rowKey,
        owner: row.ExpiresAt && row.ExpiresAt.getTime() <= now.getTime() ? null : row.CurrentOwner,
        nextOwner: row.NextOwner,
        draining: row.IsDraining,
        ...(row.ExpiresAt ? { expiresAt: row.ExpiresAt } : {}),
      }))
      .sort((a, b) => a.partition - b.partition);
  }
  try {
    return await readLeaseOwners(kind, stores);
  } catch (error) {
    // No lease blobs yet (no worker has started on the hub): nobody owns anything.
    if (error instanceof RestError && error.statusCode === 404) return [];
    throw error;
  }
}

async function readLeaseOwners(
  kind: "legacy" | "safe",
  stores: { leaseSet(directory: "default" | "intent" | "ownership"): PartitionLeaseStore },
): Promise<PartitionOwner[]> {
  const holder = (view: { isLeased: boolean; content: { Owner: string | null } }) => (view.isLeased ? view.content.Owner : null);
  const main = await stores.leaseSet(kind === "safe" ? "ownership" : "default").readAll();
  const intent = kind === "safe" ? await stores.leaseSet("intent").readAll() : undefined;
  return main.map((view) => ({
    partition: view.partition,
    controlQueue: view.content.PartitionId,
    owner: holder(view),
    ...(intent ? { intentOwner: holder(intent[view.partition]!) } : {}),
  }));
}
