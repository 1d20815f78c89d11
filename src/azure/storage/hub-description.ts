// The hub as a dashboard shows it: each partition's owner (whatever the hub's partition management kind: see
// partitioning/partition-owners.ts) and each queue's approximate depth (one request per queue). Read on demand only;
// nothing here runs on a timer.
import type { HubDescription } from "../../backend/orchestration-service.js";
import type { PartitionOwner } from "../partitioning/partition-owners.js";
import type { TaskHubStorage } from "./task-hub-storage.js";

export async function describeHub(
  storage: TaskHubStorage,
  taskHubName: string,
  readOwners: () => Promise<PartitionOwner[]>,
  ownWorkerId?: string,
): Promise<HubDescription> {
  const depth = (queue: { approximateMessageCount(): Promise<number> }) => queue.approximateMessageCount().catch(() => undefined);
  const [owners, controlDepths, workItemDepth] = await Promise.all([
    readOwners().catch((): PartitionOwner[] => []),
    Promise.all(storage.controlQueues.map(depth)),
    depth(storage.workItemQueue),
  ]);
  const partitions = storage.controlQueues.map((queue, partition) => {
    const owner = owners.find((view) => view.partition === partition)?.owner ?? undefined;
    return { partition, controlQueue: queue.name, owner, leased: owner !== undefined, approximateMessageCount: controlDepths[partition] };
  });
  const named = partitions.flatMap((p) => (p.owner ? [p.owner] : []));
  const workers = [...new Set([...(ownWorkerId ? [ownWorkerId] : []), ...named])];
  return {
    taskHubName,
    partitionCount: storage.controlQueues.length,
    partitions,
    workItemQueue: { name: storage.workItemQueue.name, approximateMessageCount: workItemDepth },
    workers,
  };
}
