import { describe, it, expect, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TableClient } from "@azure/data-tables";
import { BlobServiceClient } from "@azure/storage-blob";
import { QueueServiceClient } from "@azure/storage-queue";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";

const portOf = (endpoint: string) => Number(new URL(endpoint).port);
const portsOf = (a: RunningAzurite) => [a.blobEndpoint, a.queueEndpoint, a.tableEndpoint].map(portOf);

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A queue message, a table entity and a blob through the real @azure clients. */
async function roundTrip(azurite: RunningAzurite, tag: string): Promise<void> {
  const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(`q-${tag}`);
  await queue.create();
  await queue.sendMessage(`hello ${tag}`);
  expect((await queue.receiveMessages()).receivedMessageItems[0]?.messageText).toBe(`hello ${tag}`);

  const table = TableClient.fromConnectionString(azurite.connectionString, `T${tag}`, { allowInsecureConnection: true });
  await table.createTable();
  await table.createEntity({ partitionKey: "p", rowKey: "r", tag });
  expect((await table.getEntity<{ tag: string }>("p", "r")).tag).toBe(tag);

  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`c-${tag}`);
  await container.create();
  await container.getBlockBlobClient("b.txt").upload(tag, tag.length);
  expect((await container.getBlockBlobClient("b.txt").downloadToBuffer()).toString()).toBe(tag);
}

describe("startAzurite", () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it("runs two instances at once on distinct free ports, each with its own data", async () => {
    const [a, b] = await Promise.all([startAzurite(), startAzurite()]);
    try {
      expect(new Set([...portsOf(a), ...portsOf(b)]).size).toBe(6);
      await Promise.all([roundTrip(a, "one"), roundTrip(b, "two")]);
      // In memory and separate: what one holds, the other does not.
      const bQueues = QueueServiceClient.fromConnectionString(b.connectionString).getQueueClient("q-one");
      expect(await bQueues.exists()).toBe(false);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("frees its ports at stop(), and a second stop() does nothing", async () => {
    const azurite = await startAzurite();
    const ports = portsOf(azurite);
    for (const port of ports) expect(await canConnect(port)).toBe(true);
    await azurite.stop();
    for (const port of ports) {
      expect(await canConnect(port)).toBe(false);
      expect(await canListen(port)).toBe(true);
    }
    await expect(azurite.stop()).resolves.toBeUndefined();
  });

  it("keeps a queue message across a stop and a restart on the same ports with a disk location", async () => {
    const location = mkdtempSync(join(tmpdir(), "dtfx-azurite-"));
    folders.push(location);
    const first = await startAzurite({ location });
    const [blobPort, queuePort, tablePort] = portsOf(first);
    const queue = QueueServiceClient.fromConnectionString(first.connectionString).getQueueClient("durable");
    await queue.create();
    await queue.sendMessage("survives");
    await first.stop();

    const second = await startAzurite({ location, blobPort, queuePort, tablePort });
    try {
      expect(second.connectionString).toBe(first.connectionString);
      const again = QueueServiceClient.fromConnectionString(second.connectionString).getQueueClient("durable");
      expect((await again.receiveMessages()).receivedMessageItems[0]?.messageText).toBe("survives");
    } finally {
      await second.stop();
    }
  });
});
