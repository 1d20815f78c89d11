// Purge: an instance's history rows, its Instances row and its blobs, by its exact id only. The original
// purges blobs by a prefix without the trailing "/", which also deletes another id's; we add the "/".
import type { OrchestrationQuery, PurgeResult } from "../../backend/orchestration-service.js";
import { sanitizeKey } from "../key-sanitation.js";
import type { HistoryTable } from "./history-table.js";
import type { InstancesTable } from "./instances-table.js";
import type { LargePropertyStore } from "./large-property-store.js";

export class InstancePurger {
  constructor(
    private readonly history: HistoryTable,
    private readonly instances: InstancesTable,
    private readonly blobs: LargePropertyStore,
  ) {}

  async purgeInstance(instanceId: string): Promise<PurgeResult> {
    const [rows, hadRow] = await Promise.all([this.history.deleteHistory(instanceId), this.instances.delete(instanceId)]);
    const prefixes = new Set([`${sanitizeKey(instanceId)}/`, `${instanceId}/`]);
    await Promise.all([...prefixes].map((prefix) => this.blobs.deleteByPrefix(prefix)));
    return { deletedInstanceCount: hadRow || rows > 0 ? 1 : 0 };
  }

  async purgeInstances(query: OrchestrationQuery): Promise<PurgeResult> {
    let deletedInstanceCount = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.instances.query({ ...query, fetchPayloads: false }, { pageSize: 100, continuationToken });
      for (const row of page.rows) deletedInstanceCount += (await this.purgeInstance(row.instanceId)).deletedInstanceCount;
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return { deletedInstanceCount };
  }
}
