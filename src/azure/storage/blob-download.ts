// A blob's bytes in one request: the SDK's downloadToBuffer() first asks for the blob's properties (a second
// request on every read of a spilled payload), so we read the download stream ourselves, up to a limit.
import type { BlobClient } from "@azure/storage-blob";
import { PayloadLimitExceededError } from "../../core/errors.js";

export async function downloadBlob(blob: BlobClient, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const response = await blob.download();
  if ((response.contentLength ?? 0) > maxBytes) {
    response.readableStreamBody?.destroy?.();
    throw tooLarge(blob.name, maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.readableStreamBody ?? []) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      response.readableStreamBody?.destroy?.();
      throw tooLarge(blob.name, maxBytes);
    }
    chunks.push(Buffer.from(chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

function tooLarge(name: string, maxBytes: number): PayloadLimitExceededError {
  return new PayloadLimitExceededError(`Blob '${name}' is larger than the limit of ${maxBytes} bytes`, maxBytes);
}
