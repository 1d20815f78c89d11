// Writes hub state the way the original DurableTask.AzureStorage writes it (rows, messages and blobs in its
// formats, from the golden fixtures), through the plain @azure clients: what a .NET worker or client leaves in
// a hub that dtfx then joins.
import { gzipSync } from "node:zlib";
import { TableClient } from "@azure/data-tables";
import { QueueClient } from "@azure/storage-queue";
import { BlobServiceClient } from "@azure/storage-blob";
import { loadFixtures } from "./original-fixtures.js";

type Columns = Record<string, [type: string, value: unknown]>;
const history = loadFixtures<{ columns: Columns }>("history-rows.json").fixtures;
const messages = loadFixtures<{ body: Record<string, unknown> }>("queue-messages.json").fixtures;

export interface OriginalHub {
  history: TableClient;
  instances: TableClient;
  controlQueue: QueueClient;
  blobUrl(name: string): string;
  uploadBlob(name: string, text: string): Promise<void>;
}

export function originalHub(connectionString: string, hub: string): OriginalHub {
  const options = { allowInsecureConnection: true };
  const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(`${hub.toLowerCase()}-largemessages`);
  return {
    history: TableClient.fromConnectionString(connectionString, `${hub}History`, options),
    instances: TableClient.fromConnectionString(connectionString, `${hub}Instances`, options),
    controlQueue: new QueueClient(connectionString, `${hub.toLowerCase()}-control-00`),
    blobUrl: (name) => `${container.url}/${name}`,
    uploadBlob: async (name, text) => {
      await container.getBlockBlobClient(name).uploadData(gzipSync(Buffer.from(text, "utf8")));
    },
  };
}

/** A History row of the fixture `kind`, re-addressed to the instance, with values overridden (null drops a column). */
export function historyRow(kind: string, instanceId: string, executionId: string, seq: number, overrides: Record<string, unknown> = {}) {
  const row: Record<string, unknown> = {};
  for (const [column, [type, value]] of Object.entries(history[kind]!.columns)) row[column] = type === "Edm.DateTime" ? new Date(String(value)) : value;
  Object.assign(row, { PartitionKey: instanceId, RowKey: seq.toString(16).toUpperCase().padStart(16, "0"), ExecutionId: executionId }, overrides);
  for (const key of Object.keys(row)) if (row[key] === null) delete row[key];
  const { PartitionKey, RowKey, ...rest } = row;
  return { partitionKey: String(PartitionKey), rowKey: String(RowKey), ...rest };
}

/** The sentinel row the original writes with each history batch (ATS UploadHistoryBatch). */
export function sentinelRow(instanceId: string, executionId: string) {
  return { partitionKey: instanceId, rowKey: "sentinel", ExecutionId: executionId, IsCheckpointComplete: true, CheckpointCompletedTimestamp: new Date() };
}

/** An Instances row as the original's checkpoint leaves a running instance (ATS:937-1004). */
export function runningInstanceRow(hub: string, instanceId: string, executionId: string, name: string, input: string, extra: Record<string, unknown> = {}) {
  const now = new Date();
  return {
    partitionKey: instanceId, rowKey: "", Name: name, Version: "", ExecutionId: executionId, Input: input, CustomStatus: "null",
    RuntimeStatus: "Running", CreatedTime: now, LastUpdatedTime: now, TaskHubName: hub, Generation: 0, Tags: "null", ...extra,
  };
}

/**
 * A queue body of the fixture `kind` for another instance: its Event's fields overridden, its target and sender
 * replaced, a fresh ActivityId and sequence number, as the original would send it.
 */
export function messageBody(kind: string, target: { InstanceId: string; ExecutionId: string | null }, event: Record<string, unknown>,
  sender?: { InstanceId: string; ExecutionId: string }): string {
  const body = structuredClone(messages[kind]!.body) as Record<string, any>;
  body.ActivityId = crypto.randomUUID();
  body.SequenceNumber = 41;
  Object.assign(body.TaskMessage.Event, event);
  body.TaskMessage.Event.Timestamp = new Date().toISOString();
  Object.assign(body.TaskMessage.OrchestrationInstance, target);
  if (sender) body.Sender = sender;
  return JSON.stringify(body);
}
