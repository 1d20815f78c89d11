// The queue-message body: MessageData as the original's Json.NET settings write it (TypeNameHandling.Objects:
// `$type` first in every object but Sender; enums as integers; nulls written; Episode and Sender left out when
// null, which for Sender is only the spill wrapper). Reading is lenient: base64 bodies (1.x), `$type` anywhere, missing fields, enum names, any ISO date.
import type { TaskMessage } from "../../core/history-events.js";
import { eventFromJson, eventToJson } from "./event-json.js";
import { OrderedJson, writeJson, type JsonValue } from "./json-net-format.js";
import { EMPTY_GUID, MessageDecodeError, type MessageData, type MessageSender } from "./message-data.js";
import { readInteger, readRecord, readString, readStringMap, type JsonRecord } from "./wire-reader.js";
import { orchestrationInstanceFromJson, orchestrationInstanceToJson, tagsToJson, TYPE_NAMES } from "./wire-values.js";

export { MessageDecodeError, type MessageData, type MessageSender } from "./message-data.js";

/**
 * What a queue body holds: a message, the stand-in of one that spilled to a blob, or (our addition, see
 * encodeMessageBatch) several messages in one JSON array.
 */
export type QueueBody =
  | { kind: "message"; data: MessageData }
  | { kind: "blobReference"; blobName: string }
  | { kind: "batch"; data: MessageData[] };

function taskMessageToJson(message: TaskMessage): OrderedJson {
  return new OrderedJson([
    ["$type", TYPE_NAMES.taskMessage],
    ["Event", eventToJson(message.event)],
    ["SequenceNumber", message.sequenceNumber ?? 0],
    ["OrchestrationInstance", orchestrationInstanceToJson(message.orchestrationInstance)],
    ["OrchestrationExecutionContext", executionContextToJson(message.orchestrationExecutionContext)],
  ]);
}

function executionContextToJson(context: TaskMessage["orchestrationExecutionContext"]): JsonValue {
  if (!context) return null;
  return new OrderedJson([
    ["$type", TYPE_NAMES.executionContext],
    ["OrchestrationTags", tagsToJson(context.orchestrationTags) ?? new OrderedJson([["$type", TYPE_NAMES.stringDictionary]])],
  ]);
}

function envelopeToJson(data: Omit<MessageData, "taskMessage"> & { taskMessage: TaskMessage | null }): string {
  const entries: [string, JsonValue][] = [
    ["$type", TYPE_NAMES.messageData],
    ["ActivityId", data.activityId],
    ["TaskMessage", data.taskMessage ? taskMessageToJson(data.taskMessage) : null],
    ["CompressedBlobName", data.compressedBlobName ?? null],
    ["SequenceNumber", data.sequenceNumber],
  ];
  // Episode and Sender are [DataMember(EmitDefaultValue = false)]: left out when null (AS`MessageData.cs:83-92`);
  // only the spill wrapper has no Sender.
  if (data.episode !== undefined) entries.push(["Episode", data.episode]);
  if (data.sender) {
    const sender = new OrderedJson([
      ["InstanceId", data.sender.instanceId],
      ["ExecutionId", data.sender.executionId ?? null],
    ]);
    entries.push(["Sender", sender]);
  }
  entries.push(["SerializableTraceContext", data.serializableTraceContext ?? null]);
  return writeJson(new OrderedJson(entries));
}

export function encodeMessageData(data: MessageData): string {
  return envelopeToJson(data);
}

/**
 * Several envelopes (each as encodeMessageData wrote it) in one queue message: a JSON array of the original's envelopes. The original sends one
 * message per envelope; we batch the starts a client sends at once, since a queue message costs a send, a
 * receive share and a delete each (see core/turn-batcher.ts).
 */
export function encodeMessageBatch(encodedEnvelopes: string[]): string {
  return `[${encodedEnvelopes.join(",")}]`;
}

/** The body the queue carries for a spilled message: only CompressedBlobName is set, as in the original. */
export function encodeBlobReference(blobName: string): string {
  return envelopeToJson({ activityId: EMPTY_GUID, taskMessage: null, compressedBlobName: blobName, sequenceNumber: 0 });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parseBody(body: string): JsonRecord | unknown[] {
  let json = body;
  if (!body.startsWith("{") && !body.startsWith("[")) {
    const compact = body.replace(/\s+/g, "");
    if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
      throw new MessageDecodeError("the body is neither JSON nor base64");
    }
    json = Buffer.from(compact, "base64").toString("utf8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new MessageDecodeError(`the body is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (Array.isArray(parsed)) return parsed;
  const record = readRecord(parsed, "body");
  if (!record) throw new MessageDecodeError("the body is not a JSON object");
  return record;
}

function taskMessageFromJson(json: JsonRecord): TaskMessage {
  const event = eventFromJson(json.Event, "TaskMessage.Event");
  const instance = orchestrationInstanceFromJson(json.OrchestrationInstance, "TaskMessage.OrchestrationInstance");
  if (!instance?.instanceId) throw new MessageDecodeError("TaskMessage.OrchestrationInstance.InstanceId is missing");
  const context = readRecord(json.OrchestrationExecutionContext, "TaskMessage.OrchestrationExecutionContext");
  const tags = context && readStringMap(context.OrchestrationTags, "OrchestrationExecutionContext.OrchestrationTags");
  return {
    event,
    orchestrationInstance: instance,
    sequenceNumber: readInteger(json.SequenceNumber, "TaskMessage.SequenceNumber") ?? 0,
    ...(context && { orchestrationExecutionContext: { orchestrationTags: tags ?? {} } }),
  };
}

function senderFromJson(json: unknown): MessageSender | undefined {
  const record = readRecord(json, "Sender");
  if (!record) return undefined;
  const executionId = readString(record.ExecutionId, "Sender.ExecutionId");
  return { instanceId: readString(record.InstanceId, "Sender.InstanceId") ?? "", ...(executionId !== undefined && { executionId }) };
}

/** Reads a queue body; throws MessageDecodeError when it is not a message we can use. */
export function decodeQueueBody(body: string): QueueBody {
  const json = parseBody(body);
  if (Array.isArray(json)) return { kind: "batch", data: decodeBatch(json) };
  // As in the original, a CompressedBlobName means the message is in the blob, whatever else the body holds.
  const compressedBlobName = readString(json.CompressedBlobName, "CompressedBlobName");
  if (compressedBlobName) return { kind: "blobReference", blobName: compressedBlobName };
  return { kind: "message", data: envelopeFromJson(json) };
}

/** A batch holds inline envelopes only: a member too large to be inline is sent on its own. */
function decodeBatch(items: unknown[]): MessageData[] {
  if (items.length === 0) throw new MessageDecodeError("the batch is empty");
  return items.map((item, i) => {
    const record = readRecord(item, `batch[${i}]`);
    if (!record) throw new MessageDecodeError(`batch[${i}] is empty`);
    if (readString(record.CompressedBlobName, "CompressedBlobName")) throw new MessageDecodeError(`batch[${i}] refers to a blob`);
    return envelopeFromJson(record);
  });
}

function envelopeFromJson(json: JsonRecord): MessageData {
  const taskMessage = readRecord(json.TaskMessage, "TaskMessage");
  if (!taskMessage) throw new MessageDecodeError("the message has no TaskMessage");
  const episode = readInteger(json.Episode, "Episode");
  const sender = senderFromJson(json.Sender);
  const traceContext = readString(json.SerializableTraceContext, "SerializableTraceContext");
  const data: MessageData = {
    activityId: readString(json.ActivityId, "ActivityId") ?? EMPTY_GUID,
    taskMessage: taskMessageFromJson(taskMessage),
    sequenceNumber: readInteger(json.SequenceNumber, "SequenceNumber") ?? 0,
    ...(episode !== undefined && { episode }),
    ...(sender && { sender }),
    ...(traceContext !== undefined && { serializableTraceContext: traceContext }),
  };
  return data;
}

/** Reads a complete envelope (an inline body or a spilled blob's content). */
export function decodeMessageData(body: string): MessageData {
  const decoded = decodeQueueBody(body);
  if (decoded.kind === "blobReference") {
    throw new MessageDecodeError(`the message is stored in blob ${decoded.blobName}; read it from the large-message store`);
  }
  if (decoded.kind === "batch") throw new MessageDecodeError("a spilled blob holds one message, not a batch");
  return decoded.data;
}
