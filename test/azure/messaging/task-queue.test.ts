import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobServiceClient, BlockBlobClient, type ContainerClient } from "@azure/storage-blob";
import { QueueServiceClient, type QueueClient } from "@azure/storage-queue";
import type { TaskMessage } from "../../../src/core/history-events.js";
import { LargeMessageStore } from "../../../src/azure/messaging/large-message-store.js";
import { encodeMessageData } from "../../../src/azure/messaging/message-codec.js";
import { CLIENT_SENDER, MessageDecodeError } from "../../../src/azure/messaging/message-data.js";
import { TaskQueue, type ReceivedMessage } from "../../../src/azure/messaging/task-queue.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

let azurite: RunningAzurite;
let queues: QueueServiceClient;
let container: ContainerClient;
let store: LargeMessageStore;
let queueCount = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("myhub-largemessages");
  await container.create();
  store = new LargeMessageStore(container);
});
afterAll(() => azurite.stop());

/** A fresh queue per test, so tests never see each other's messages. */
async function newQueue(): Promise<{ raw: QueueClient; queue: TaskQueue }> {
  const raw = queues.getQueueClient(`myhub-control-${String(queueCount++).padStart(2, "0")}`);
  await raw.create();
  return { raw, queue: new TaskQueue(raw, store) };
}

function raised(instanceId: string, input = '"hi"'): TaskMessage {
  return {
    event: { eventType: "EventRaised", eventId: -1, isPlayed: false, timestamp: new Date("2024-05-06T07:08:09.123Z"), name: "E", input },
    orchestrationInstance: { instanceId, executionId: "e1" },
    sequenceNumber: 0,
  };
}

async function receiveOne(queue: TaskQueue, visibilityTimeoutInMs = 30_000): Promise<ReceivedMessage> {
  const [message, ...rest] = await queue.receive(32, visibilityTimeoutInMs);
  expect(rest).toEqual([]);
  expect(message).toBeDefined();
  return message!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("TaskQueue", () => {
  it("sends the original's envelope and receives it decoded", async () => {
    const { queue } = await newQueue();
    const sender = { instanceId: "parent", executionId: "p1" };
    const sent = await queue.send(raised("i1"), { episode: 4, sender });
    const second = await queue.send(raised("i1"));
    expect(second.data.sequenceNumber).toBeGreaterThan(sent.data.sequenceNumber);
    expect(sent.data.activityId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const received = await queue.receive(32, 30_000);
    expect(received.map((m) => m.messageId)).toEqual([sent.messageId, second.messageId]);
    const [first] = received;
    expect(first!.body.startsWith('{"$type":"DurableTask.AzureStorage.MessageData"')).toBe(true);
    expect(first!.data).toEqual({ ...sent.data });
    expect(first!.data!.taskMessage).toEqual(raised("i1"));
    expect(first).toMatchObject({ dequeueCount: 1, queue });
    expect(first!.decodeError).toBeUndefined();
    expect(first!.insertedOn).toBeInstanceOf(Date);
    expect(queue.name).toBe("myhub-control-00");
  });

  it("never lets the message expire", async () => {
    const { raw, queue } = await newQueue();
    await queue.send(raised("i1"));
    const [item] = (await raw.receiveMessages()).receivedMessageItems;
    expect(item!.expiresOn.getUTCFullYear()).toBe(9999);
  });

  it("keeps a message of exactly 45 KiB inline and spills one a byte larger to a blob", async () => {
    const { queue } = await newQueue();
    // Every envelope of this shape has the same overhead: a GUID is always 36 characters.
    const overhead = Buffer.byteLength(
      encodeMessageData({ activityId: randomUUID(), taskMessage: raised("edge", ""), sequenceNumber: 7, sender: CLIENT_SENDER }),
      "utf8",
    );
    const atLimit = raised("edge", "x".repeat(45 * 1024 - overhead));
    const overLimit = raised("edge", "x".repeat(45 * 1024 - overhead + 1));
    const inline = await queue.send(atLimit, { sequenceNumber: 7 });
    const spilled = await queue.send(overLimit, { sequenceNumber: 7 });
    expect(inline.data.compressedBlobName).toBeUndefined();
    expect(spilled.data.compressedBlobName).toBe(
      `edge/message-${spilled.data.activityId.replaceAll("-", "")}-EventRaised.json.gz`,
    );

    const received = await queue.receive(32, 30_000);
    const byId = new Map(received.map((m) => [m.messageId, m]));
    expect(Buffer.byteLength(byId.get(inline.messageId)!.body, "utf8")).toBe(45 * 1024);
    expect(byId.get(inline.messageId)!.data!.taskMessage).toEqual(atLimit);
    const stub = byId.get(spilled.messageId)!;
    expect(JSON.parse(stub.body)).toMatchObject({ TaskMessage: null, CompressedBlobName: spilled.data.compressedBlobName });
    expect(stub.data).toEqual(spilled.data);
  });

  it("round-trips a 10 MB payload through the queue and a blob", async () => {
    const { queue } = await newQueue();
    const payload = JSON.stringify(randomBytes(5 * 1024 * 1024).toString("hex"));
    expect(payload.length).toBeGreaterThan(10_000_000);
    const sent = await queue.send(raised("big one", payload));
    const message = await receiveOne(queue);
    expect(message.body.length).toBeLessThan(1_000);
    expect(message.data!.taskMessage.event).toMatchObject({ input: payload });
    expect(message.data!.compressedBlobName).toBe(sent.data.compressedBlobName);
    // The blob outlives the message (the Instances row may point at it); purge removes it.
    await queue.delete(message);
    expect(await store.deleteInstanceBlobs("big one")).toBe(1);
  });

  // Concurrent: the two waits of about 2 s overlap.
  it.concurrent("hides a message sent with a 2 s delay until it is due", async () => {
    const { queue } = await newQueue();
    const sentAt = Date.now();
    await queue.send(raised("timer"), { visibilityDelayInMs: 2_000 });
    expect(await queue.receive(32, 30_000)).toEqual([]);
    await sleep(Math.max(0, sentAt + 2_100 - Date.now()));
    let received: ReceivedMessage[] = [];
    for (let i = 0; i < 20 && received.length === 0; i++) {
      received = await queue.receive(32, 30_000);
      if (received.length === 0) await sleep(100);
    }
    expect(received).toHaveLength(1);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1_900);
  });

  it.concurrent("accepts a delay beyond 7 days by capping it", async () => {
    const { queue } = await newQueue();
    await queue.send(raised("far"), { visibilityDelayInMs: 30 * 24 * 3600 * 1000 });
    expect(await queue.receive(32, 30_000)).toEqual([]);
  });

  it.concurrent("abandons with the original's backoff: 2^dequeueCount seconds", async () => {
    const { raw, queue } = await newQueue();
    await queue.send(raised("retry"));
    const message = await receiveOne(queue);
    const before = Date.now();
    expect(await queue.abandon(message)).toBe(true);
    expect(await queue.receive(32, 30_000)).toEqual([]);
    const [peek] = (await raw.peekMessages()).peekedMessageItems;
    expect(peek).toBeUndefined(); // still invisible

    await sleep(Math.max(0, before + 2_100 - Date.now()));
    let again: ReceivedMessage[] = [];
    for (let i = 0; i < 20 && again.length === 0; i++) {
      again = await queue.receive(32, 30_000);
      if (again.length === 0) await sleep(100);
    }
    expect(again[0]).toMatchObject({ messageId: message.messageId, dequeueCount: 2 });
  });

  it.concurrent("backs off a spilled message whose blob cannot be read just now, and hands over the rest", async () => {
    const { raw, queue } = await newQueue();
    // A store whose blob requests hit a closed port: a failure that retrying may fix, unlike a 404.
    const unreachable = new LargeMessageStore(container, (name) =>
      new BlockBlobClient(`http://127.0.0.1:9/devstoreaccount1/${container.containerName}/${name}`, undefined, { retryOptions: { maxTries: 1 } }),
    );
    const flaky = new TaskQueue(raw, unreachable);
    await queue.send(raised("flaky", `"${"w".repeat(50 * 1024)}"`));
    await queue.send(raised("small"));
    const received = await flaky.receive(32, 30_000);
    expect(received.map((m) => m.data?.taskMessage.orchestrationInstance.instanceId)).toEqual(["small"]);
    const givenBackAt = Date.now();
    await queue.delete(received[0]!);
    // The spilled one was given back with the 2 s abandon backoff, not left locked for the receive's 30 s.
    expect(await queue.receive(32, 30_000)).toEqual([]);
    await sleep(Math.max(0, givenBackAt + 2_100 - Date.now()));
    let again: ReceivedMessage[] = [];
    for (let i = 0; i < 20 && again.length === 0; i++) {
      again = await queue.receive(32, 30_000);
      if (again.length === 0) await sleep(100);
    }
    expect(again[0]).toMatchObject({ dequeueCount: 2, data: { taskMessage: { orchestrationInstance: { instanceId: "flaky" } } } });
  });

  it("renews and releases a message, and keeps the newest pop receipt for delete", async () => {
    const { queue } = await newQueue();
    await queue.send(raised("lock"));
    const message = await receiveOne(queue, 1_000);
    const firstReceipt = message.popReceipt;
    expect(await queue.updateVisibility(message, 60_000)).toBe(true);
    expect(message.popReceipt).not.toBe(firstReceipt);
    expect(await queue.updateVisibility(message, 0)).toBe(true);
    const again = await receiveOne(queue);
    expect(again.dequeueCount).toBe(2);
    await queue.delete(again);
    expect(await queue.receive(32, 1_000)).toEqual([]);
  });

  it("treats deleting an already-deleted message as done, and says when a renewal finds it gone", async () => {
    const { queue } = await newQueue();
    await queue.send(raised("gone"));
    const message = await receiveOne(queue);
    await queue.delete(message);
    await queue.delete(message);
    expect(await queue.updateVisibility(message, 10_000)).toBe(false);
    expect(await queue.abandon(message)).toBe(false);
  });

  it("returns undecodable messages with a decodeError next to good ones", async () => {
    const { raw, queue } = await newQueue();
    await raw.sendMessage("this is not a message");
    await queue.send(raised("good"));
    await raw.sendMessage(JSON.stringify({ TaskMessage: { Event: { EventType: 99 } } }));
    const received = await queue.receive(32, 30_000);
    expect(received).toHaveLength(3);
    const [garbage, good, badEvent] = received;
    expect(garbage!.decodeError).toBeInstanceOf(MessageDecodeError);
    expect(garbage!.data).toBeUndefined();
    expect(garbage!.body).toBe("this is not a message");
    expect(good!.data!.taskMessage.orchestrationInstance.instanceId).toBe("good");
    expect(badEvent!.decodeError!.reason).toMatch(/EventType/);
  });

  it("reads a 1.x base64 body", async () => {
    const { raw, queue } = await newQueue();
    const { queue: other } = await newQueue();
    await other.send(raised("b64"));
    const body = (await receiveOne(other)).body;
    await raw.sendMessage(Buffer.from(body, "utf8").toString("base64"));
    expect((await receiveOne(queue)).data!.taskMessage).toEqual(raised("b64"));
  });

  it("reports a spilled message whose blob is gone as undecodable", async () => {
    const { queue } = await newQueue();
    const sent = await queue.send(raised("lost", `"${"y".repeat(50 * 1024)}"`));
    await store.deleteMessageBlob(sent.data.compressedBlobName!);
    const message = await receiveOne(queue);
    expect(message.data).toBeUndefined();
    expect(message.decodeError).toBeInstanceOf(MessageDecodeError);
    expect(message.decodeError!.reason).toMatch(/blob/);
  });

  it("reports a spilled message whose blob is corrupt as undecodable", async () => {
    const { queue } = await newQueue();
    const sent = await queue.send(raised("corrupt", `"${"z".repeat(50 * 1024)}"`));
    await container.getBlockBlobClient(sent.data.compressedBlobName!).upload("not gzip", 8);
    expect((await receiveOne(queue)).decodeError!.reason).toMatch(/gzip/);
  });

  it("receives at most 32 messages at once", async () => {
    const { queue } = await newQueue();
    await Promise.all(Array.from({ length: 40 }, (_, i) => queue.send(raised(`n${i}`))));
    expect(await queue.receive(100, 30_000)).toHaveLength(32);
    expect(await queue.receive(100, 30_000)).toHaveLength(8);
  });
});
