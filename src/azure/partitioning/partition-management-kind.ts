// Which of the original's three partition managers a hub uses, read from what each leaves in storage: rows in
// `{Hub}Partitions` (table), blobs under `{hub}-leases/intent/` or `ownership/` (safe), or under `default/`
// (legacy). Managers of different kinds cannot see each other's ownership, so a hub keeps one kind: a worker
// started without a kind adopts the hub's, a hub without any trace gets legacy (dtfx's kind so far), and a
// worker asking for another kind than the hub's, or a hub showing two, is refused.
import { RestError } from "@azure/core-rest-pipeline";
import type { ContainerClient } from "@azure/storage-blob";
import type { TableClient } from "@azure/data-tables";

export type PartitionManagementKind = "legacy" | "safe" | "table";

export const PARTITION_MANAGEMENT_KINDS: readonly PartitionManagementKind[] = ["legacy", "safe", "table"];

/** The lease blob folders of each blob kind, in `{hub}-leases` (AzureStorageOrchestrationService.cs:223-231). */
export const LEASE_SET_OF_KIND = { legacy: ["default"], safe: ["intent", "ownership"] } as const;

export class PartitionManagementConflictError extends Error {
  override readonly name = "PartitionManagementConflictError";
  constructor(
    readonly taskHubName: string,
    readonly kinds: PartitionManagementKind[],
    message: string,
  ) {
    super(message);
  }
}

export function validatePartitionManagement(kind: unknown): asserts kind is PartitionManagementKind | undefined {
  if (kind !== undefined && !PARTITION_MANAGEMENT_KINDS.includes(kind as PartitionManagementKind)) {
    throw new TypeError(`partitionManagement must be "legacy", "safe" or "table", not ${JSON.stringify(kind)}`);
  }
}

/** The kinds whose traces the hub shows (one listing of the leases container, one query of the table). */
export async function detectPartitionManagement(leases: ContainerClient, partitions: TableClient): Promise<PartitionManagementKind[]> {
  const found = new Set<PartitionManagementKind>();
  try {
    for await (const item of leases.listBlobsByHierarchy("/")) {
      if (item.kind !== "prefix") continue;
      if (item.name === "default/") found.add("legacy");
      if (item.name === "intent/" || item.name === "ownership/") found.add("safe");
    }
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 404)) throw error;
  }
  try {
    for await (const page of partitions.listEntities({ queryOptions: { select: ["RowKey"] } }).byPage({ maxPageSize: 1 })) {
      if (page.length > 0) found.add("table");
      break;
    }
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 404)) throw error;
  }
  return PARTITION_MANAGEMENT_KINDS.filter((kind) => found.has(kind));
}

/** The kind to run: the one asked for, else the hub's, else legacy; refused when they disagree. Pure. */
export function resolvePartitionManagement(taskHubName: string, requested: PartitionManagementKind | undefined, found: PartitionManagementKind[]): PartitionManagementKind {
  if (found.length > 1) {
    throw new PartitionManagementConflictError(taskHubName, found,
      `Task hub '${taskHubName}' shows the traces of two partition managers, ${describe(found)}: their workers cannot see ` +
        `each other's ownership, so no worker starts on it until one kind's leases are removed`);
  }
  const existing = found[0];
  if (requested && existing && requested !== existing) {
    throw new PartitionManagementConflictError(taskHubName, [existing, requested],
      `Task hub '${taskHubName}' uses "${existing}" partition management, but this worker was configured with "${requested}": ` +
        `the two cannot see each other's ownership; use "${existing}" (or leave partitionManagement unset to adopt it)`);
  }
  return requested ?? existing ?? "legacy";
}

function describe(kinds: PartitionManagementKind[]): string {
  const what = { legacy: `"legacy" (blobs in default/)`, safe: `"safe" (blobs in intent/ and ownership/)`, table: `"table" (rows in the Partitions table)` };
  return kinds.map((k) => what[k]).join(" and ");
}
