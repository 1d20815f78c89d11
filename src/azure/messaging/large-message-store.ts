// Envelopes too large for a queue message live gzip-compressed in the hub's large-messages container, named
// as the original names them; the queue then carries a stand-in envelope holding only the blob's name.
// Like the original, a message's blob outlives the message: the Instances row of an orchestration whose start
// message spilled points at that blob for its Input, so blobs go when the instance is purged.
import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";
import { PayloadLimitExceededError } from "../../core/errors.js";
import { instanceBlobFolder, UnsafeBlobNameError } from "../storage/blob-names.js";
import { LargePropertyStore } from "../tracking/large-property-store.js";
import { encodeBlobReference, encodeMessageData } from "./message-codec.js";
import { MessageDecodeError, type MessageData } from "./message-data.js";

/** Envelopes over this many UTF-8 bytes spill (the queue's limit is 64 KiB; the original keeps this margin). */
export const MAX_INLINE_MESSAGE_BYTES = 45 * 1024;

/**
 * `{instanceId}/message-{ActivityId as 32 hex}-{EventType}.json.gz`, with the raw (unsanitized) instance id as the
 * original names it; an id that is no safe folder name (`../x`, a control character) gets an escaped folder.
 */
export function largeMessageBlobName(data: MessageData): string {
  const activityHex = data.activityId.replaceAll("-", "").toLowerCase();
  const folder = instanceBlobFolder(data.taskMessage.orchestrationInstance.instanceId);
  return `${folder}/message-${activityHex}-${data.taskMessage.event.eventType}.json.gz`;
}

/** How a message goes on the queue: inline, or as a blob plus a stand-in body. */
export type MessageBodyPlan =
  | { kind: "inline"; queueBody: string }
  | { kind: "spill"; queueBody: string; blobName: string; blobContent: string };

/** Decides inline or spill; the blob holds the envelope as encoded before CompressedBlobName was set. */
export function planMessageBody(data: MessageData): MessageBodyPlan {
  const json = encodeMessageData(data);
  if (Buffer.byteLength(json, "utf8") <= MAX_INLINE_MESSAGE_BYTES) return { kind: "inline", queueBody: json };
  const blobName = largeMessageBlobName(data);
  return { kind: "spill", queueBody: encodeBlobReference(blobName), blobName, blobContent: json };
}

export class LargeMessageStore {
  /** The same gzip blob mechanics as spilled table properties: one container, one way to store a blob. */
  private readonly blobs: LargePropertyStore;

  /**
   * `blobClient` builds the client of one blob; by default the container's, but a caller that meters its
   * clients passes its own factory (clients derived from a container share, and grow, its pipeline).
   */
  constructor(container: ContainerClient, blobClient?: (blobName: string) => BlockBlobClient, maxPayloadBytes?: number) {
    this.blobs = new LargePropertyStore(container, blobClient, maxPayloadBytes);
  }

  get containerName(): string {
    return this.blobs.containerName;
  }

  /** Uploads gzip-compressed JSON; creates the container on first use, as the original does. */
  upload(blobName: string, json: string): Promise<void> {
    return this.blobs.upload(blobName, json);
  }

  /** The blob's JSON text; a RestError with statusCode 404 when it is gone, a MessageDecodeError if corrupt. */
  async download(blobName: string): Promise<string> {
    let text: string;
    try {
      text = await this.blobs.download(blobName);
    } catch (error) {
      // A message naming a blob outside the container (another writer's, or a crafted one), or one too large to
      // unzip within the limit, can never be read: quarantine it rather than retry it.
      if (error instanceof UnsafeBlobNameError || error instanceof PayloadLimitExceededError) throw new MessageDecodeError(error.message);
      throw error;
    }
    // Retrying cannot fix a corrupt blob: say so, so the message is quarantined rather than retried.
    if (!text.trimStart().startsWith("{")) throw new MessageDecodeError(`blob ${blobName} is not gzip-compressed JSON`);
    return text;
  }

  /** The blob's full URL, what the Instances row holds as the Input of a spilled start message. */
  blobUrl(blobName: string): string {
    return this.blobs.blobUrl(blobName);
  }

  /** The blob name inside this container that a blobUrl() points at; undefined for any other text. */
  blobNameOf(url: string): string | undefined {
    return this.blobs.blobNameOf(url);
  }

  /** Deletes one message blob; true if it existed. */
  deleteMessageBlob(blobName: string): Promise<boolean> {
    return this.blobs.delete(blobName);
  }

  /**
   * Deletes every message blob of one instance. Lists by `{folder}/` with the slash: the original lists without
   * it, so purging "abc" also deleted the blobs of "abcd" (a quirk we do not keep).
   */
  async deleteInstanceBlobs(instanceId: string): Promise<number> {
    const names = await this.blobs.listBlobNames(`${instanceBlobFolder(instanceId)}/`);
    const deleted = await Promise.all(names.map((name) => this.blobs.delete(name)));
    return deleted.filter(Boolean).length;
  }
}
