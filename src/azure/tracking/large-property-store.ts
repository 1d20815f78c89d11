// Table string properties too large for a column live gzip-compressed in the hub's large-messages container,
// named as the original names them. A History row keeps the property empty plus `{Property}BlobName`; an
// Instances row keeps the blob's full URL in the property itself.
import { downloadBlob } from "../storage/blob-download.js";
import { assertSafeBlobName, assertUrlInsideContainer, blobNameProblem, instanceBlobFolder } from "../storage/blob-names.js";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";
import { PayloadLimitExceededError } from "../../core/errors.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The default bound on one blob's unzipped size: a corrupt or hostile blob cannot take the process's memory. */
export const DEFAULT_MAX_BLOB_PAYLOAD_BYTES = 256 * 1024 * 1024;

/** A property is 64 KiB at most; the original spills above 60 KiB of UTF-16 to keep a margin. */
export const MAX_INLINE_PROPERTY_BYTES = 60 * 1024;

/** The columns that may spill: the original's list, plus CustomStatus (it never spills there, a quirk we fix). */
export const SPILLABLE_PROPERTIES = [
  "Name", "Input", "Result", "Output", "Reason", "Details", "Correlation", "FailureDetails", "Tags", "CustomStatus",
] as const;

/** True for a string whose UTF-16 size is over the inline limit (what .NET's Encoding.Unicode counts). */
export function exceedsInlineLimit(value: unknown): value is string {
  return typeof value === "string" && value.length * 2 > MAX_INLINE_PROPERTY_BYTES;
}

/**
 * Whether a History row's property goes to a blob: too large, or holding U+2028/U+2029, which Azurite refuses
 * inside entity-group transactions (Azure does not; the blob keeps the text exact where escaping would not).
 */
export function mustSpillFromHistoryRow(value: unknown): value is string {
  return exceedsInlineLimit(value) || (typeof value === "string" && /[\u2028\u2029]/.test(value));
}

/** The column of a History row naming the blob that holds `property`. */
export const blobNameColumn = (property: string): string => `${property}BlobName`;

/** Eight upper-case hex digits: the original randomizes names so two writers in a split brain never collide. */
export function randomBlobSuffix(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}

/**
 * `{sanitized id}/history-{RowKey}-{EventType}-{random}-{Property}.json.gz`, the original's name; a key that is no
 * safe folder name (`..`, say) gets an escaped folder instead (instanceBlobFolder).
 */
export function historyPropertyBlobName(
  partitionKey: string, rowKey: string, eventType: string, property: string, random = randomBlobSuffix(),
): string {
  return `${instanceBlobFolder(partitionKey)}/history-${rowKey}-${eventType}-${random}-${property}.json.gz`;
}

/**
 * An Instances row property's blob: the same scheme with an empty RowKey and the property in place of the
 * event type, which is how the original names the Input it spills at start and the Output of a terminate.
 */
export function instancePropertyBlobName(partitionKey: string, property: string, random = randomBlobSuffix()): string {
  return historyPropertyBlobName(partitionKey, "", property, property, random);
}

/** Uri.EscapeDataString: RFC 3986 unreserved characters stay, everything else is %-escaped. */
const escapeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export class LargePropertyStore {
  private containerReady?: Promise<unknown>;

  /** `blobClient` builds one blob's client; a caller that meters its clients passes its own factory. */
  constructor(
    private readonly container: ContainerClient,
    private readonly blobClient: (blobName: string) => BlockBlobClient = (name) => container.getBlockBlobClient(name),
    readonly maxPayloadBytes = DEFAULT_MAX_BLOB_PAYLOAD_BYTES,
  ) {}

  get containerName(): string {
    return this.container.containerName;
  }

  /** Uploads the text gzip-compressed; creates the container on first use, as the original does. */
  async upload(blobName: string, text: string): Promise<void> {
    this.containerReady ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.containerReady = undefined;
      throw error;
    });
    await this.containerReady;
    const blob = this.blob(blobName);
    await blob.uploadData(await gzipAsync(Buffer.from(text, "utf8")));
  }

  /**
   * The blob's text; a RestError with statusCode 404 when it is gone, PayloadLimitExceededError past `maxBytes`
   * (compressed or unzipped; default the store's maxPayloadBytes).
   */
  async download(blobName: string, maxBytes = this.maxPayloadBytes): Promise<string> {
    const limit = Math.min(maxBytes, this.maxPayloadBytes);
    const stored = await downloadBlob(this.blob(blobName), limit);
    // Every writer gzips; a blob without gzip's magic number is taken as plain UTF-8 rather than lost.
    const isGzip = stored.length >= 2 && stored[0] === 0x1f && stored[1] === 0x8b;
    if (!isGzip) return stored.toString("utf8");
    try {
      return (await gunzipAsync(stored, { maxOutputLength: limit })).toString("utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") throw error;
      throw new PayloadLimitExceededError(`Blob '${blobName}' unzips to more than the limit of ${limit} bytes`, limit);
    }
  }

  /** The blob's full URL, as the original writes it into Instances rows. */
  blobUrl(blobName: string): string {
    return `${this.container.url}/${blobName.split("/").map(escapeSegment).join("/")}`;
  }

  /**
   * The blob name inside this container that a URL points at, else undefined. The host is not compared: a
   * row written through another endpoint (a custom domain, an emulator on another port) still points here.
   */
  blobNameOf(value: string): string | undefined {
    if (!/^https?:\/\//i.test(value)) return undefined;
    try {
      const segments = new URL(value).pathname.split("/");
      const at = segments.indexOf(this.container.containerName);
      if (at < 0 || at === segments.length - 1) return undefined;
      const name = segments.slice(at + 1).map(decodeURIComponent).join("/");
      // A row pointing outside the container (`..`) is not one of our blobs: its text stays plain text.
      return blobNameProblem(name) === undefined ? name : undefined;
    } catch {
      return undefined; // not a URL after all, or malformed escapes: plain text
    }
  }

  /** Deletes one blob; true if it existed. */
  async delete(blobName: string): Promise<boolean> {
    return (await this.blob(blobName).deleteIfExists()).succeeded;
  }

  /** The client of a blob whose name is checked to stay inside this container (blob-names.ts says why). */
  private blob(blobName: string): BlockBlobClient {
    assertSafeBlobName(blobName);
    const client = this.blobClient(blobName);
    assertUrlInsideContainer(client.url, this.container.url);
    return client;
  }

  /** The names of the blobs starting with `prefix`; none while the container does not exist. */
  async listBlobNames(prefix: string): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix })) names.push(blob.name);
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode !== 404) throw error;
    }
    return names;
  }
}
