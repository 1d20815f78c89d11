// Starts sent at once share a queue message (TaskQueue.sendBatch); splitBatch hands them out one per envelope,
// and the queue message is deleted only when every member is processed, or comes back when one is not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { QueueServiceClient, type QueueClient } from "@azure/storage-queue";
import type { TaskMessage } from "../../../src/core/history-events.js";
import { LargeMessageStore } from "../../../src/azure/messaging/large-message-store.js";
import { decodeQueueBody, encodeMessageBatch, encodeMessageData } from "../../../src/azure/messaging/message-codec.js";
import { MessageDecodeError } from "../../../src/azure/messaging/message-data.js";
import { splitBatch } from "../../../src/azure/messaging/shared-message.js";
import { TaskQueue } from "../../../src/azure/messaging/task-queue.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

let azurite: RunningAzurite;
let queues: QueueServiceClient;
let container: ContainerClient;
let queueCount = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("batchhub-largemessages");
  await container.create();
});
afterAll(() => azurite.stop());

async function newQueue(): Promise<{ raw: QueueClient; queue: TaskQueue }> {
  const raw = queues.getQueueClient(`batchhub-control-${String(queueCount++).padStart(2, "0")}`);
  await raw.create();
  return { raw, queue: new TaskQueue(raw, new LargeMessageStore(container)) };
}

function start(instanceId: string, input = '"x"'): TaskMessage {
  const orchestrationInstance = { instanceId, executionId: `${instanceId}-e1` };
  return {
    event: { eventType: "ExecutionStarted", eventId: -1, timestamp: new Date("2026-01-02T03:04:05.678Z"), name: "Hello", input, orchestrationInstance },
    orchestrationInstance,
    sequenceNumber: 0,
  };
}

const peekCount = async (raw: QueueClient) => (await raw.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("message batches: the codec", () => {
  it("reads back every envelope of a batch in order", () => {
    const envelopes = ["a", "b", "c"].map((id, i) => ({ activityId: `0000000${i}-0000-0000-0000-000000000000`, taskMessage: start(id), sequenceNumber: i }));
    const decoded = decodeQueueBody(encodeMessageBatch(envelopes.map(encodeMessageData)));
    expect(decoded.kind).toBe("batch");
    if (decoded.kind !== "batch") return;
    expect(decoded.data.map((d) => d.taskMessage.orchestrationInstance.instanceId)).toEqual(["a", "b", "c"]);
    expect(decoded.data.map((d) => d.sequenceNumber)).toEqual([0, 1, 2]);
    expect(decoded.data[1]!.taskMessage.event).toMatchObject(start("b").event);
  });

  it("refuses an empty batch, a member that is not an object and a member that points at a blob", () => {
    expect(() => decodeQueueBody("[]")).toThrow(MessageDecodeError);
    expect(() => decodeQueueBody('[1]')).toThrow(/batch\[0\] should be an object/);
    expect(() => decodeQueueBody('[{"CompressedBlobName":"x/message-1.json.gz"}]')).toThrow(/refers to a blob/);
  });
});

describe("message batches: on a queue", () => {
  it("sends starts as one queue message and deletes it once every member is processed", async () => {
    const { raw, queue } = await newQueue();
    await queue.sendBatch([start("a"), start("b"), start("c")]);
    expect(await peekCount(raw)).toBe(1);

    const [received] = await queue.receive(32, 30_000);
    const members = splitBatch(received!);
    expect(members.map((m) => m.data!.taskMessage.orchestrationInstance.instanceId)).toEqual(["a", "b", "c"]);
    await members[0]!.queue.delete(members[0]!);
    await members[0]!.queue.delete(members[0]!); // settling twice counts once
    await members[1]!.queue.delete(members[1]!);
    expect((await raw.getProperties()).approximateMessagesCount).toBe(1);
    await members[2]!.queue.delete(members[2]!);
    expect((await raw.getProperties()).approximateMessagesCount).toBe(0);
  });

  it("brings the whole message back when one member is given back, at the soonest time asked", async () => {
    const { raw, queue } = await newQueue();
    await queue.sendBatch([start("a"), start("b")]);
    const members = splitBatch((await queue.receive(32, 30_000))[0]!);
    await members[0]!.queue.updateVisibility(members[0]!, 0);
    expect(await peekCount(raw)).toBe(0); // still held: member b runs
    await members[1]!.queue.delete(members[1]!);
    const again = await queue.receive(32, 30_000);
    expect(again).toHaveLength(1);
    expect(again[0]!.dequeueCount).toBe(2);
    expect(splitBatch(again[0]!)).toHaveLength(2);
  });

  it("sends a single start as the original's envelope, and a start too large to be inline on its own, spilled", async () => {
    const { raw, queue } = await newQueue();
    await queue.sendBatch([start("solo")]);
    const [solo] = (await raw.receiveMessages()).receivedMessageItems;
    expect(solo!.messageText.startsWith("{")).toBe(true);
    await raw.deleteMessage(solo!.messageId, solo!.popReceipt);

    const big = JSON.stringify("x".repeat(60_000));
    await queue.sendBatch([start("small1"), start("large", big), start("small2")]);
    const received = await queue.receive(32, 30_000);
    expect(received).toHaveLength(2);
    const ids = received.flatMap(splitBatch).map((m) => m.data!.taskMessage.orchestrationInstance.instanceId).sort();
    expect(ids).toEqual(["large", "small1", "small2"]);
    const large = received.find((m) => m.data?.taskMessage.orchestrationInstance.instanceId === "large")!;
    expect(large.data!.compressedBlobName).toMatch(/^large\/message-/);
    expect((large.data!.taskMessage.event as { input?: string }).input).toBe(big);
  });

  it("splits a burst into as many messages as the inline limit needs, none over it", async () => {
    const { raw, queue } = await newQueue();
    const input = JSON.stringify("y".repeat(4_000));
    await queue.sendBatch(Array.from({ length: 30 }, (_, i) => start(`i${i}`, input)));
    const items = (await raw.peekMessages({ numberOfMessages: 32 })).peekedMessageItems;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.length).toBeLessThan(10);
    for (const item of items) expect(Buffer.byteLength(item.messageText)).toBeLessThanOrEqual(45 * 1024);
    const members = (await queue.receive(32, 30_000)).flatMap(splitBatch);
    expect(members.map((m) => m.data!.taskMessage.orchestrationInstance.instanceId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `i${i}`).sort());
    await sleep(0);
  });
});
