// Creates a task hub's queues, tables and containers (idempotently, in parallel) and its taskhub.json,
// which records the partition count every worker of the hub must share; and deletes them all again.
import { RestError } from "@azure/core-rest-pipeline";
import type { BlockBlobClient } from "@azure/storage-blob";
import {
  controlQueueName,
  leasesContainerName,
  partitionsTableName,
  TASK_HUB_INFO_BLOB_NAME,
  taskHubResourceNames,
  validateTaskHubName,
} from "../resource-names.js";
import type { StorageClientSet } from "./storage-clients.js";

export interface TaskHubSettings {
  taskHubName: string;
  partitionCount: number;
  /** Rewrite taskhub.json with this count instead of refusing (the original overwrites it with a warning). */
  allowPartitionCountChange?: boolean;
  /** Write and check taskhub.json (default true); the table partition manager keeps none. */
  taskHubInfo?: boolean;
}

/** taskhub.json, in the original's layout. */
export interface TaskHubInfoJson {
  TaskHubName: string;
  CreatedAt: string;
  PartitionCount: number;
}

export class PartitionCountMismatchError extends Error {
  override readonly name = "PartitionCountMismatchError";
  constructor(
    readonly taskHubName: string,
    readonly existingPartitionCount: number,
    readonly requestedPartitionCount: number,
    source = "its taskhub.json",
  ) {
    super(
      `Task hub '${taskHubName}' has ${existingPartitionCount} partitions (${source}), but this worker was ` +
        `configured with ${requestedPartitionCount}: use the same count, or set allowPartitionCountChange to change it`,
    );
  }
}

/**
 * Creates whatever of the hub is missing and checks its taskhub.json. On a new hub with n partitions this
 * takes n + 7 requests (n + 1 queues, 2 tables, 3 containers, 1 blob put); on an existing one, one more (a get).
 */
export async function ensureTaskHub(clients: StorageClientSet, settings: TaskHubSettings): Promise<void> {
  const names = taskHubResourceNames(settings.taskHubName, settings.partitionCount);
  const queues = [...names.controlQueues, names.workItemQueue];
  await Promise.all([
    ...queues.map((name) => clients.queueService.getQueueClient(name).createIfNotExists()),
    ...[names.historyTable, names.instancesTable].map((name) => clients.tableClient(name).createTable()),
    ...[names.largeMessagesContainer, names.leasesContainer, names.poisonContainer].map((name) =>
      clients.blobService.getContainerClient(name).createIfNotExists(),
    ),
  ]);
  if (settings.taskHubInfo === false) return;
  await ensureTaskHubInfo(taskHubInfoBlob(clients, settings.taskHubName), settings);
}

/** Deletes every queue, table and container of the hub, whatever its partition count; missing ones are skipped. */
export async function deleteTaskHub(clients: StorageClientSet, settings: { taskHubName: string }): Promise<void> {
  const hub = settings.taskHubName;
  validateTaskHubName(hub);
  const names = taskHubResourceNames(hub, 1);
  const controlQueues = await listControlQueues(clients, hub);
  await Promise.all([
    ...[...controlQueues, names.workItemQueue].map((name) =>
      clients.queueService.getQueueClient(name).deleteIfExists(),
    ),
    ...[names.historyTable, names.instancesTable, partitionsTableName(hub)].map((name) => clients.tableClient(name).deleteTable()),
    ...[names.largeMessagesContainer, names.leasesContainer, names.poisonContainer].map((name) =>
      clients.blobService.getContainerClient(name).deleteIfExists(),
    ),
  ]);
}

/** Reads taskhub.json, or undefined when the hub has none (never started). */
export async function readTaskHubInfo(clients: StorageClientSet, taskHubName: string): Promise<TaskHubInfoJson | undefined> {
  validateTaskHubName(taskHubName);
  try {
    return (await downloadTaskHubInfo(taskHubInfoBlob(clients, taskHubName))).info;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/** Writes taskhub.json unless present (If-None-Match: * lets exactly one racing starter create it), then checks it. */
async function ensureTaskHubInfo(blob: BlockBlobClient, settings: TaskHubSettings): Promise<TaskHubInfoJson> {
  const info: TaskHubInfoJson = {
    TaskHubName: settings.taskHubName,
    CreatedAt: new Date().toISOString(),
    PartitionCount: settings.partitionCount,
  };
  try {
    await uploadTaskHubInfo(blob, info, { ifNoneMatch: "*" });
    return info;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const existing = await downloadTaskHubInfo(blob);
  if (existing.info.PartitionCount === settings.partitionCount) return existing.info;
  if (!settings.allowPartitionCountChange) {
    throw new PartitionCountMismatchError(settings.taskHubName, existing.info.PartitionCount, settings.partitionCount);
  }
  // Keep the hub's creation time; If-Match refuses if another starter changed the file since we read it.
  const changed = { ...existing.info, PartitionCount: settings.partitionCount };
  await uploadTaskHubInfo(blob, changed, { ifMatch: existing.etag });
  return changed;
}

function taskHubInfoBlob(clients: StorageClientSet, hub: string): BlockBlobClient {
  return clients.blobService.getContainerClient(leasesContainerName(hub)).getBlockBlobClient(TASK_HUB_INFO_BLOB_NAME);
}

async function uploadTaskHubInfo(
  blob: BlockBlobClient,
  info: TaskHubInfoJson,
  conditions: { ifNoneMatch?: string; ifMatch?: string },
): Promise<void> {
  const text = JSON.stringify(info);
  await blob.upload(text, Buffer.byteLength(text), {
    conditions,
    blobHTTPHeaders: { blobContentType: "application/json" },
  });
}

async function downloadTaskHubInfo(blob: BlockBlobClient): Promise<{ info: TaskHubInfoJson; etag: string | undefined }> {
  const response = await blob.download();
  const text = await readAll(response.readableStreamBody);
  const info = parseTaskHubInfo(text);
  return { info, etag: response.etag };
}

/** Pure: the parsed file, or a clear error naming what is wrong with it. */
export function parseTaskHubInfo(text: string): TaskHubInfoJson {
  let json: Partial<TaskHubInfoJson>;
  try {
    json = JSON.parse(text) as Partial<TaskHubInfoJson>;
  } catch (error) {
    throw new Error(`taskhub.json is not valid JSON: ${JSON.stringify(text.slice(0, 100))}`, { cause: error });
  }
  if (typeof json?.PartitionCount !== "number" || typeof json.TaskHubName !== "string") {
    throw new Error(`taskhub.json lacks TaskHubName or PartitionCount: ${JSON.stringify(text.slice(0, 200))}`);
  }
  return { TaskHubName: json.TaskHubName, CreatedAt: String(json.CreatedAt ?? ""), PartitionCount: json.PartitionCount };
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412);
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** The hub's control queues that exist, found by their name prefix (hub names have no '-', so it is exact). */
async function listControlQueues(clients: StorageClientSet, hub: string): Promise<string[]> {
  const prefix = controlQueueName(hub, 0).slice(0, -2);
  const names: string[] = [];
  for await (const queue of clients.queueService.listQueues({ prefix })) {
    if (/^\d{2}$/.test(queue.name.slice(prefix.length))) names.push(queue.name);
  }
  return names;
}
