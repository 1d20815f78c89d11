// The hub as a dashboard shows it: each partition's lease owner (from the lease blobs' one listing) and each
// queue's approximate depth (one request per queue). Read on demand only; nothing here runs on a timer.
import type { HubDescription } from "../../backend/orchestration-service.js";
import type { TaskHubStorage } from "./task-hub-storage.js";

export async function describeHub(storage: TaskHubStorage, taskHubName: string, ownWorkerId?: string): Promise<HubDescription> {
  const depth = (queue: { approximateMessageCount(): Promise<number> }) => queue.approximateMessageCount().catch(() => undefined);
  const [leases, controlDepths, workItemDepth] = await Promise.all([
    storage.leases.readAll().catch(() => []),
    Promise.all(storage.controlQueues.map(depth)),
    depth(storage.workItemQueue),
  ]);
  const partitions = storage.controlQueues.map((queue, partition) => {
    const lease = leases.find((view) => view.partition === partition);
    const owner = lease?.content.Owner ?? undefined;
    return { partition, controlQueue: queue.name, owner, leased: lease?.isLeased ?? false, approximateMessageCount: controlDepths[partition] };
  });
  const owners = partitions.flatMap((p) => (p.owner ? [p.owner] : []));
  const workers = [...new Set([...(ownWorkerId ? [ownWorkerId] : []), ...owners])];
  return {
    taskHubName,
    partitionCount: storage.controlQueues.length,
    partitions,
    workItemQueue: { name: storage.workItemQueue.name, approximateMessageCount: workItemDepth },
    workers,
  };
}
