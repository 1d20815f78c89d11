// A work item received for a caller that left meanwhile (a local activity took its slot) is kept, still locked, for
// the next caller, and given back only if none comes soon: given back at once, it was received again and again
// until its dequeue count set it aside as poison though it never failed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobServiceClient } from "@azure/storage-blob";
import { QueueServiceClient, type QueueClient } from "@azure/storage-queue";
import type { TaskMessage } from "../../../src/core/history-events.js";
import { LargeMessageStore } from "../../../src/azure/messaging/large-message-store.js";
import { TaskQueue, type ReceivedMessage } from "../../../src/azure/messaging/task-queue.js";
import { WorkItemReceiver } from "../../../src/azure/messaging/work-item-receiver.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

let azurite: RunningAzurite;
let store: LargeMessageStore;
let queueCount = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("hub-largemessages");
  await container.create();
  store = new LargeMessageStore(container);
});
afterAll(() => azurite.stop());

const call: TaskMessage = {
  event: { eventType: "TaskScheduled", eventId: 0, isPlayed: false, timestamp: new Date(), name: "Add", input: "1" },
  orchestrationInstance: { instanceId: "i1", executionId: "e1" },
  sequenceNumber: 0,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function receiverWithOneCall(): Promise<{ raw: QueueClient; receiver: WorkItemReceiver; quarantined: ReceivedMessage[] }> {
  const raw = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(`hub-workitems-${queueCount++}`);
  await raw.create();
  const queue = new TaskQueue(raw, store);
  await queue.send(call);
  const quarantined: ReceivedMessage[] = [];
  const receiver = new WorkItemReceiver(queue, { visibilityTimeoutInMs: 30_000, maxDequeueCount: 10, maxPollingIntervalInMs: 1_000 },
    async (message) => void quarantined.push(message), silentLogger);
  return { raw, receiver, quarantined };
}

/** A caller that leaves while the receive made for it is under way. */
function callerLeavesMidReceive(receiver: WorkItemReceiver): Promise<ReceivedMessage | undefined> {
  const withdrawn = new AbortController();
  const taken = receiver.take(withdrawn.signal); // the receive is issued now
  withdrawn.abort();
  return taken;
}

describe("WorkItemReceiver", () => {
  it("hands a message whose caller left to the next caller, without receiving it again", async () => {
    const { raw, receiver, quarantined } = await receiverWithOneCall();
    expect(await callerLeavesMidReceive(receiver)).toBeUndefined();
    await sleep(100); // the receive comes back to nobody
    const message = await receiver.take(new AbortController().signal);
    expect(message?.data?.taskMessage.event.eventType).toBe("TaskScheduled");
    expect(message?.dequeueCount).toBe(1);
    expect(quarantined).toEqual([]);
    expect((await raw.peekMessages()).peekedMessageItems).toEqual([]); // still locked for this worker
  });

  it("gives a kept message back to the queue when no caller comes within a second", async () => {
    const { raw, receiver } = await receiverWithOneCall();
    await callerLeavesMidReceive(receiver);
    await sleep(1_500);
    const [visible] = (await raw.peekMessages()).peekedMessageItems;
    expect(visible?.dequeueCount).toBe(1);
  });

  it("gives kept messages back at once on release()", async () => {
    const { raw, receiver } = await receiverWithOneCall();
    await callerLeavesMidReceive(receiver);
    await sleep(100);
    await receiver.release();
    expect((await raw.peekMessages()).peekedMessageItems).toHaveLength(1);
  });
});
