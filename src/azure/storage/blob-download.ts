// A blob's bytes in one request: the SDK's downloadToBuffer() first asks for the blob's properties (a second
// request on every read of a spilled payload), so we read the download stream ourselves.
import type { BlobClient } from "@azure/storage-blob";

export async function downloadBlob(blob: BlobClient): Promise<Buffer> {
  const response = await blob.download();
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
