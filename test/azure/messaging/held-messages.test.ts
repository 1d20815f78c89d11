// Held control-queue messages: renewed while their partition is ours, back within one lock once it is not,
// and settled (deleted, given back) only after a renewal under way has finished.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobServiceClient } from "@azure/storage-blob";
import { QueueServiceClient } from "@azure/storage-queue";
import type { TaskMessage } from "../../../src/core/history-events.js";
import { HeldMessages } from "../../../src/azure/messaging/held-messages.js";
import { LargeMessageStore } from "../../../src/azure/messaging/large-message-store.js";
import { TaskQueue } from "../../../src/azure/messaging/task-queue.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { createLogger } from "../../../src/logging/logger.js";

let azurite: RunningAzurite;
let queueCount = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.stop());

async function newQueue(): Promise<TaskQueue> {
  const raw = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(`held-${queueCount++}`);
  await raw.create();
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`held-large-${queueCount}`);
  await container.create();
  return new TaskQueue(raw, new LargeMessageStore(container));
}

const raised: TaskMessage = {
  event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: "E", input: "1" },
  orchestrationInstance: { instanceId: "i1", executionId: "e1" },
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("held messages", () => {
  it("keeps a message invisible while it may be renewed, and lets it come back within one lock after", async () => {
    const queue = await newQueue();
    await queue.send(raised);
    let owned = true;
    const held = new HeldMessages({ visibilityTimeoutInMs: 1_000, mayRenew: () => owned }, createLogger());
    const lockedAt = Date.now();
    const [message] = await queue.receive(1, 1_000);
    held.hold(message!, lockedAt);
    await sleep(2_500); // the timer renews every 250 ms once half the 1 s lock is spent
    expect(await queue.receive(1, 1_000)).toEqual([]);
    owned = false;
    await sleep(1_300);
    const [again] = await queue.receive(1, 1_000);
    expect(again?.messageId).toBe(message!.messageId);
    expect(again?.dequeueCount).toBe(2); // renewals do not count as deliveries
    // The first holder's delete no longer matches the message's receipt: it stays for its new holder.
    await expect(message!.queue.delete(message!)).rejects.toThrow();
    expect(held.size).toBe(0);
  });

  it("settles through the tracker: a delete waits for a renewal under way and uses its new receipt", async () => {
    const queue = await newQueue();
    await queue.send(raised);
    const held = new HeldMessages({ visibilityTimeoutInMs: 2_000, mayRenew: () => true }, createLogger());
    const [message] = await queue.receive(1, 2_000);
    held.hold(message!, Date.now() - 1_500); // half spent already: due now
    const receipt = message!.popReceipt;
    const renewing = held.renewDue();
    await message!.queue.delete(message!);
    await renewing;
    expect(message!.popReceipt).not.toBe(receipt);
    expect(held.size).toBe(0);
    await sleep(2_100);
    expect(await queue.receive(1, 1_000)).toEqual([]);
  });

  it("releases messages at once", async () => {
    const queue = await newQueue();
    await queue.send(raised);
    const held = new HeldMessages({ visibilityTimeoutInMs: 30_000, mayRenew: () => true }, createLogger());
    const messages = await queue.receive(1, 30_000);
    held.hold(messages[0]!, Date.now());
    await held.releaseAll(messages);
    expect((await queue.receive(1, 1_000)).map((m) => m.messageId)).toEqual([messages[0]!.messageId]);
  });
});
