// Builds the partition ownership of the kind a hub uses, from the service's options: the original's three
// managers behind the one interface the service, `owns()` and the control-queue receivers work through.
import type { Logger } from "../../logging/logger.js";
import { blobLeaseDurationInMs, type ResolvedServiceOptions } from "../service-options.js";
import { PartitionManagementConflictError, type PartitionManagementKind } from "./partition-management-kind.js";
import type { PartitionEvents } from "./partition-manager.js";
import { AllPartitions, LeasedPartitions, type PartitionOwnership } from "./partition-ownership.js";
import type { PartitionLeaseStore } from "./partition-lease-store.js";
import type { PartitionTable } from "./partition-table.js";
import { SafePartitions } from "./safe-partitions.js";
import { TablePartitions } from "./table-partitions.js";

export interface PartitionStores {
  leaseSet(directory: "default" | "intent" | "ownership"): PartitionLeaseStore;
  partitionTable: PartitionTable;
  detectPartitionManagement(): Promise<PartitionManagementKind[]>;
}

/**
 * Creates the kind's lease blobs (the table kind's rows come with the hub), then looks again: two starters of
 * different kinds on a fresh hub both found it empty, and the later one now sees both and refuses to start.
 */
export async function preparePartitionStores(kind: PartitionManagementKind, stores: PartitionStores, options: ResolvedServiceOptions): Promise<void> {
  if (options.usePartitionLeases && kind !== "table") {
    for (const set of kind === "safe" ? (["intent", "ownership"] as const) : (["default"] as const)) await stores.leaseSet(set).ensureBlobs();
  }
  const found = await stores.detectPartitionManagement();
  if (found.length > 1) {
    throw new PartitionManagementConflictError(options.taskHubName, found,
      `Task hub '${options.taskHubName}' now shows the traces of two partition managers (${found.join(" and ")}), ` +
        `another worker having started with the other kind at the same time: this worker does not start`);
  }
}

export function createPartitionOwnership(
  kind: PartitionManagementKind,
  stores: PartitionStores,
  options: ResolvedServiceOptions,
  events: PartitionEvents,
  isDraining: (partition: number) => boolean,
  log: Logger,
): PartitionOwnership {
  if (!options.usePartitionLeases) return new AllPartitions(options.partitionCount, events);
  if (kind === "table") {
    return new TablePartitions(stores.partitionTable, {
      workerId: options.workerId,
      acquireIntervalInMs: options.leaseIntervalInMs,
      leaseDurationInMs: options.leaseDurationInMs,
      idleLeaseDurationInMs: options.idleLeaseDurationInMs,
      idleAfterInMs: options.idleAfterInMs,
      isDraining,
    }, events, log);
  }
  const blob = {
    workerId: options.workerId,
    intervalInMs: options.leaseIntervalInMs,
    leaseDurationInMs: blobLeaseDurationInMs(options.leaseDurationInMs),
    idleLeaseDurationInMs: options.idleLeaseDurationInMs,
    idleAfterInMs: options.idleAfterInMs,
  };
  if (kind === "safe") {
    const sets = { intent: stores.leaseSet("intent"), ownership: stores.leaseSet("ownership") };
    // The original acquires ownership leases every 5 s, half its 10 s LeaseAcquireInterval (SafePartitionManager.cs:79).
    return new SafePartitions(sets, { ...blob, ownershipAcquireIntervalInMs: options.leaseIntervalInMs / 2, isDraining }, events, log);
  }
  return new LeasedPartitions(stores.leaseSet("default"), blob, events, log);
}
