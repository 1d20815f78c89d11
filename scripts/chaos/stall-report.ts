// What a chaos run prints when it stops making progress: each unfinished instance with its status and history
// (event types, task ids), the depth of each of the hub's queues with its visible messages, and the poison
// container's entries, so a stranded instance says where its work went.
import { QueueServiceClient } from "@azure/storage-queue";
import type { TaskHubClient } from "../../dist/index.js";

export async function reportStall(connectionString: string, hub: string, client: TaskHubClient, unfinished: string[]): Promise<void> {
  const out = (line: string) => process.stderr.write(`[stall] ${line}\n`);
  for (const id of unfinished.slice(0, 10)) {
    const state = await client.getOrchestrationState(id);
    const history = await client.getOrchestrationHistory(id);
    const events = history.map((e) => {
      const task = "taskScheduledId" in e && e.taskScheduledId !== undefined ? `<${e.taskScheduledId}` : e.eventId >= 0 ? `#${e.eventId}` : "";
      return `${e.eventType}${task}`;
    });
    out(`${id} ${state?.runtimeStatus ?? "no row"}: ${events.join(" ")}`);
  }
  const queues = QueueServiceClient.fromConnectionString(connectionString);
  for await (const queue of queues.listQueues({ prefix: hub.toLowerCase() })) {
    const client = queues.getQueueClient(queue.name);
    const { approximateMessagesCount } = await client.getProperties();
    const { peekedMessageItems } = await client.peekMessages({ numberOfMessages: 32 });
    const visible = peekedMessageItems.map((m) => `${m.messageText.slice(0, 160)} (dequeued ${m.dequeueCount})`);
    out(`queue ${queue.name}: ${approximateMessagesCount ?? 0} messages, ${visible.length} visible${visible.length ? ": " + visible.join(" | ") : ""}`);
  }
  for await (const poison of client.listPoisonMessages()) {
    out(`poison from ${poison.sourceQueue} for ${poison.instanceId ?? "?"} (dequeued ${poison.dequeueCount}): ${poison.reason}; ${poison.body.slice(0, 160)}`);
  }
}
