// Envelopes too large for a queue message live gzip-compressed in the hub's large-messages container, named
// as the original names them; the queue then carries a stand-in envelope holding only the blob's name.
// Like the original, a message's blob outlives the message: the Instances row of an orchestration whose start
// message spilled points at that blob for its Input, so blobs go when the instance is purged.
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";
import { encodeBlobReference, encodeMessageData } from "./message-codec.js";
import { MessageDecodeError, type MessageData } from "./message-data.js";
import { isNotFound } from "./storage-errors.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Envelopes over this many UTF-8 bytes spill (the queue's limit is 64 KiB; the original keeps this margin). */
export const MAX_INLINE_MESSAGE_BYTES = 45 * 1024;

/** `{instanceId}/message-{ActivityId as 32 hex}-{EventType}.json.gz`, with the raw (unsanitized) instance id. */
export function largeMessageBlobName(data: MessageData): string {
  const activityHex = data.activityId.replaceAll("-", "").toLowerCase();
  return `${data.taskMessage.orchestrationInstance.instanceId}/message-${activityHex}-${data.taskMessage.event.eventType}.json.gz`;
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
  private containerReady?: Promise<unknown>;

  /**
   * `blobClient` builds the client of one blob; by default the container's, but a caller that meters its
   * clients passes its own factory (clients derived from a container share, and grow, its pipeline).
   */
  constructor(
    private readonly container: ContainerClient,
    private readonly blobClient: (blobName: string) => BlockBlobClient = (name) => container.getBlockBlobClient(name),
  ) {}

  get containerName(): string {
    return this.container.containerName;
  }

  /** Uploads gzip-compressed JSON; creates the container on first use, as the original does. */
  async upload(blobName: string, json: string): Promise<void> {
    this.containerReady ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.containerReady = undefined;
      throw error;
    });
    await this.containerReady;
    const compressed = await gzipAsync(Buffer.from(json, "utf8"));
    await this.blobClient(blobName).uploadData(compressed, {
      blobHTTPHeaders: { blobContentType: "application/json", blobContentEncoding: "gzip" },
    });
  }

  /** The blob's JSON text; a RestError with statusCode 404 when it is gone, a MessageDecodeError if corrupt. */
  async download(blobName: string): Promise<string> {
    const compressed = await this.blobClient(blobName).downloadToBuffer();
    try {
      return (await gunzipAsync(compressed)).toString("utf8");
    } catch (error) {
      // Retrying cannot fix a corrupt blob: say so, so the message is quarantined rather than retried.
      throw new MessageDecodeError(`blob ${blobName} is not gzip-compressed JSON`, { cause: error });
    }
  }

  /** The blob's full URL, what the Instances row holds as the Input of a spilled start message. */
  blobUrl(blobName: string): string {
    return `${this.container.url}/${blobName.split("/").map(encodeURIComponent).join("/")}`;
  }

  /** The blob name inside this container that a blobUrl() points at; undefined for any other text. */
  blobNameOf(url: string): string | undefined {
    const prefix = `${this.container.url}/`;
    if (!url.startsWith(prefix)) return undefined;
    try {
      return url.slice(prefix.length).split("/").map(decodeURIComponent).join("/");
    } catch {
      return undefined; // malformed escapes: not one of our URLs
    }
  }

  /** Deletes one message blob; true if it existed. */
  async deleteMessageBlob(blobName: string): Promise<boolean> {
    return (await this.blobClient(blobName).deleteIfExists()).succeeded;
  }

  /**
   * Deletes every blob of one instance, for purge. Lists by `{instanceId}/` with the slash: the original lists
   * without it, so purging "abc" also deleted the blobs of "abcd" (a quirk we do not keep).
   */
  async deleteInstanceBlobs(instanceId: string): Promise<number> {
    let deleted = 0;
    try {
      for await (const page of this.container.listBlobsFlat({ prefix: `${instanceId}/` }).byPage({ maxPageSize: 500 })) {
        const results = await Promise.all(
          page.segment.blobItems.map((blob) => this.blobClient(blob.name).deleteIfExists()),
        );
        deleted += results.filter((r) => r.succeeded).length;
      }
    } catch (error) {
      if (!isNotFound(error)) throw error; // no container yet: nothing to delete
    }
    return deleted;
  }
}
