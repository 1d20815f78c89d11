import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import type { TaskMessage } from "../../../src/core/history-events.js";
import {
  LargeMessageStore,
  largeMessageBlobName,
  MAX_INLINE_MESSAGE_BYTES,
  planMessageBody,
} from "../../../src/azure/messaging/large-message-store.js";
import { decodeMessageData, decodeQueueBody, encodeMessageData } from "../../../src/azure/messaging/message-codec.js";
import type { MessageData } from "../../../src/azure/messaging/message-data.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";

const ACTIVITY_ID = "4f5e7f6c-2a1b-4c3d-9e8f-0123456789ab";

function raisedWithInput(instanceId: string, input: string): MessageData {
  const taskMessage: TaskMessage = {
    event: { eventType: "EventRaised", eventId: -1, isPlayed: false, timestamp: new Date(0), name: "big", input },
    orchestrationInstance: { instanceId, executionId: "e1" },
    sequenceNumber: 0,
  };
  return { activityId: ACTIVITY_ID, taskMessage, sequenceNumber: 1 };
}

/** A message whose encoded envelope is exactly `bytes` UTF-8 bytes long. */
function messageOfSize(bytes: number): MessageData {
  const overhead = Buffer.byteLength(encodeMessageData(raisedWithInput("i1", "")), "utf8");
  return raisedWithInput("i1", "x".repeat(bytes - overhead));
}

describe("planMessageBody", () => {
  it("keeps an envelope of exactly 45 KiB inline and spills one byte more", () => {
    const atLimit = planMessageBody(messageOfSize(MAX_INLINE_MESSAGE_BYTES));
    expect(atLimit.kind).toBe("inline");
    expect(Buffer.byteLength(atLimit.queueBody)).toBe(45 * 1024);

    const over = planMessageBody(messageOfSize(MAX_INLINE_MESSAGE_BYTES + 1));
    expect(over.kind).toBe("spill");
    if (over.kind !== "spill") return;
    expect(over.blobName).toBe(`i1/message-4f5e7f6c2a1b4c3d9e8f0123456789ab-EventRaised.json.gz`);
    expect(decodeQueueBody(over.queueBody)).toEqual({ kind: "blobReference", blobName: over.blobName });
    expect(decodeMessageData(over.blobContent)).toEqual(messageOfSize(MAX_INLINE_MESSAGE_BYTES + 1));
  });

  it("counts UTF-8 bytes, not characters", () => {
    const data = messageOfSize(MAX_INLINE_MESSAGE_BYTES);
    const input = (data.taskMessage.event as { input: string }).input;
    // Same character count, but "é" takes two bytes: over the limit.
    const wide = raisedWithInput("i1", `é${input.slice(1)}`);
    expect(planMessageBody(wide).kind).toBe("spill");
  });

  it("names the blob with the raw instance id", () => {
    expect(largeMessageBlobName(raisedWithInput("a/b c#?", ""))).toBe(
      "a/b c#?/message-4f5e7f6c2a1b4c3d9e8f0123456789ab-EventRaised.json.gz",
    );
  });
});

describe("LargeMessageStore", () => {
  let azurite: RunningAzurite;
  let container: ContainerClient;
  let store: LargeMessageStore;

  beforeAll(async () => {
    azurite = await startAzurite();
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("myhub-largemessages");
    store = new LargeMessageStore(container); // the container is created by the first upload
  });
  afterAll(() => azurite.stop());

  it("stores gzip-compressed JSON and reads it back", async () => {
    const json = JSON.stringify({ hello: "wörld".repeat(1000) });
    await store.upload("i1/message-aa-EventRaised.json.gz", json);
    const raw = await container.getBlockBlobClient("i1/message-aa-EventRaised.json.gz").downloadToBuffer();
    expect(raw.length).toBeLessThan(json.length / 10);
    expect(gunzipSync(raw).toString("utf8")).toBe(json);
    expect(await store.download("i1/message-aa-EventRaised.json.gz")).toBe(json);
    const url = store.blobUrl("a b/message-1.json.gz");
    expect(url).toBe(`${container.url}/a%20b/message-1.json.gz`);
    expect(store.blobNameOf(url)).toBe("a b/message-1.json.gz");
    expect(store.blobNameOf('"just an input"')).toBeUndefined();
  });

  it("deletes one blob, and reports a 404 for a blob that is gone", async () => {
    await store.upload("i2/message-bb-EventRaised.json.gz", "{}");
    expect(await store.deleteMessageBlob("i2/message-bb-EventRaised.json.gz")).toBe(true);
    expect(await store.deleteMessageBlob("i2/message-bb-EventRaised.json.gz")).toBe(false);
    await expect(store.download("i2/message-bb-EventRaised.json.gz")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("deletes an instance's blobs and none of an instance whose id merely starts the same", async () => {
    await Promise.all([
      store.upload("abc/message-1-EventRaised.json.gz", "{}"),
      store.upload("abc/message-2-EventRaised.json.gz", "{}"),
      store.upload("abcd/message-3-EventRaised.json.gz", "{}"),
    ]);
    expect(await store.deleteInstanceBlobs("abc")).toBe(2);
    const left = [];
    for await (const blob of container.listBlobsFlat({ prefix: "abc" })) left.push(blob.name);
    expect(left).toEqual(["abcd/message-3-EventRaised.json.gz"]);
  });

  it("finds nothing to delete when the container does not exist", async () => {
    const missing = new LargeMessageStore(
      BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("nohub-largemessages"),
    );
    expect(await missing.deleteInstanceBlobs("abc")).toBe(0);
  });
});
