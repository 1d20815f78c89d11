// Creates a task hub's queues, tables and containers (idempotently, in parallel) and its taskhub.json,
// which records the partition count every worker of the hub must share.
import { RestError } from "@azure/core-rest-pipeline";
import type { StorageClients } from "./storage-clients.js";
import {
  controlQueueName,
  historyTableName,
  instancesTableName,
  largeMessagesContainerName,
  leasesContainerName,
  poisonQueueName,
  workItemQueueName,
} from "./resource-names.js";

export interface TaskHubSettings {
  taskHubName: string;
  partitionCount: number;
  /** Rewrite taskhub.json with this count instead of refusing (the original overwrites silently). */
  allowPartitionCountChange?: boolean;
}

export class PartitionCountMismatchError extends Error {
  override readonly name = "PartitionCountMismatchError";
}

interface TaskHubJson {
  TaskHubName: string;
  CreatedAt: string;
  PartitionCount: number;
}

export async function ensureTaskHub(clients: StorageClients, settings: TaskHubSettings): Promise<void> {
  const hub = settings.taskHubName;
  const queues = [
    ...Array.from({ length: settings.partitionCount }, (_, p) => controlQueueName(hub, p)),
    workItemQueueName(hub),
    poisonQueueName(hub),
  ];
  await Promise.all([
    ...queues.map((name) => clients.queue(name).createIfNotExists()),
    ...[historyTableName(hub), instancesTableName(hub)].map((name) => clients.table(name).createTable()),
    ...[largeMessagesContainerName(hub), leasesContainerName(hub)].map((name) => clients.container(name).createIfNotExists()),
  ]);
  await ensureTaskHubJson(clients, settings);
}

async function ensureTaskHubJson(clients: StorageClients, settings: TaskHubSettings): Promise<void> {
  const blob = clients.blockBlob(leasesContainerName(settings.taskHubName), "taskhub.json");
  const content: TaskHubJson = {
    TaskHubName: settings.taskHubName,
    CreatedAt: new Date().toISOString(),
    PartitionCount: settings.partitionCount,
  };
  const write = (conditions: { ifNoneMatch?: string; ifMatch?: string }) => {
    const text = JSON.stringify(content);
    return blob.upload(text, Buffer.byteLength(text), { conditions, blobHTTPHeaders: { blobContentType: "application/json" } });
  };
  try {
    // If-None-Match: * lets exactly one of several racing starters create it.
    await write({ ifNoneMatch: "*" });
    return;
  } catch (error) {
    if (!(error instanceof RestError) || (error.statusCode !== 409 && error.statusCode !== 412)) throw error;
  }
  const existing = await blob.download();
  const text = await streamToString(existing.readableStreamBody);
  const json = JSON.parse(text) as TaskHubJson;
  if (json.PartitionCount === settings.partitionCount) return;
  if (!settings.allowPartitionCountChange) {
    throw new PartitionCountMismatchError(
      `Task hub '${settings.taskHubName}' has ${json.PartitionCount} partitions (taskhub.json), but this worker ` +
        `was configured with ${settings.partitionCount}; use the same count, or allowPartitionCountChange to change it`,
    );
  }
  await write({ ifMatch: existing.etag });
}

async function streamToString(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Deletes every queue, table and container of the hub (tests and the CLI's cleanup). */
export async function deleteTaskHub(clients: StorageClients, settings: TaskHubSettings): Promise<void> {
  const hub = settings.taskHubName;
  await Promise.all([
    ...Array.from({ length: settings.partitionCount }, (_, p) => clients.queue(controlQueueName(hub, p)).deleteIfExists()),
    clients.queue(workItemQueueName(hub)).deleteIfExists(),
    clients.queue(poisonQueueName(hub)).deleteIfExists(),
    clients.table(historyTableName(hub)).deleteTable(),
    clients.table(instancesTableName(hub)).deleteTable(),
    clients.container(largeMessagesContainerName(hub)).deleteIfExists(),
    clients.container(leasesContainerName(hub)).deleteIfExists(),
  ]);
}
