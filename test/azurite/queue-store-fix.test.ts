// The embedded Azurite's queue store fix (src/azurite/queue-store-fix.ts): expired messages still go, and a queue
// operation with nothing expired no longer rebuilds every index of the emulator's messages with a full sort.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createRequire } from "node:module";
import { QueueServiceClient, type QueueClient } from "@azure/storage-queue";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";

const require = createRequire(import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the embedded Azurite's queue store", () => {
  let azurite: RunningAzurite;
  let queue: QueueClient;

  beforeAll(async () => {
    azurite = await startAzurite();
    queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(`fix-${Date.now()}`);
    await queue.create();
  });
  afterAll(() => azurite?.stop());

  it("still drops a message whose time to live has passed, and keeps the others", async () => {
    await queue.sendMessage("short-lived", { messageTimeToLive: 1 });
    await queue.sendMessage("kept");
    await sleep(1_500);
    const received = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 1 });
    expect(received.receivedMessageItems.map((m) => m.messageText)).toEqual(["kept"]);
    const [kept] = received.receivedMessageItems;
    await queue.deleteMessage(kept!.messageId, kept!.popReceipt);
    expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toEqual([]);
  });

  it("sends, receives and deletes without rebuilding its indices when nothing expired", async () => {
    const loki = require("lokijs") as { Collection: { prototype: { ensureAllIndexes(force?: boolean): void } } };
    const prototype = loki.Collection.prototype;
    const original = prototype.ensureAllIndexes;
    let forcedRebuilds = 0;
    prototype.ensureAllIndexes = function (this: unknown, force?: boolean) {
      if (force) forcedRebuilds++;
      return original.call(this, force);
    };
    try {
      for (let i = 0; i < 10; i++) await queue.sendMessage(`m${i}`);
      const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
      expect(receivedMessageItems).toHaveLength(10);
      for (const message of receivedMessageItems) await queue.deleteMessage(message.messageId, message.popReceipt);
    } finally {
      prototype.ensureAllIndexes = original;
    }
    // As shipped, the receive and each delete (11 here) removed an empty list of expired messages, and each removal
    // rebuilt every index (lokijs Collection.removeBatchByPositions).
    expect(forcedRebuilds).toBe(0);
  });
});
