// Table string properties over 60 KiB (UTF-16) live gzip-compressed in `{hub}-largemessages`: the History
// row keeps `{Property}BlobName`, the Instances row the blob's URL, as the original lays them out.
import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { StorageClients } from "../storage-clients.js";

/** The table's limit is 64 KiB per property; the original spills above 60 KiB to leave headroom. */
export const MAX_INLINE_PROPERTY_BYTES = 60 * 1024;

export const needsSpill = (value: unknown): value is string =>
  typeof value === "string" && value.length * 2 > MAX_INLINE_PROPERTY_BYTES;

export class LargePropertyStore {
  constructor(
    private readonly clients: StorageClients,
    readonly containerName: string,
  ) {}

  static randomSuffix(): string {
    return randomBytes(4).toString("hex");
  }

  /** Uploads a value; returns the blob's URL. */
  async put(blobName: string, value: string): Promise<string> {
    const blob = this.clients.blockBlob(this.containerName, blobName);
    await blob.uploadData(gzipSync(Buffer.from(value, "utf8")), {
      blobHTTPHeaders: { blobContentType: "application/json", blobContentEncoding: "gzip" },
    });
    return blob.url;
  }

  async get(blobName: string): Promise<string> {
    const buffer = await this.clients.blockBlob(this.containerName, blobName).downloadToBuffer();
    return gunzipSync(buffer).toString("utf8");
  }

  /** The blob name behind a URL into this container, or undefined if the value is not such a URL. */
  blobNameOfUrl(value: string): string | undefined {
    if (!/^https?:\/\//.test(value)) return undefined;
    const path = decodeURIComponent(new URL(value).pathname);
    const marker = `/${this.containerName}/`;
    const at = path.indexOf(marker);
    return at < 0 ? undefined : path.slice(at + marker.length);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const container = this.clients.container(this.containerName);
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
    await Promise.all(names.map((name) => this.clients.blockBlob(this.containerName, name).deleteIfExists()));
    return names.length;
  }

  async delete(blobName: string): Promise<void> {
    await this.clients.blockBlob(this.containerName, blobName).deleteIfExists();
  }
}
