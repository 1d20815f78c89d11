// Blob names built from instance ids, kept inside their container and their instance's folder whatever the id.
// The SDK puts a name into a URL whose parser resolves `.` and `..` segments, so `../{hub}-leases/x` would land
// in another container; and Azurite cannot list a container once a name holds a control character.
import { createHash } from "node:crypto";

/** A name a dtfx blob may not have; thrown before any request is made. */
export class UnsafeBlobNameError extends Error {
  override readonly name = "UnsafeBlobNameError";
}

/** Azure's limit on a blob name, in characters. */
const MAX_BLOB_NAME_LENGTH = 1024;
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u;
/** Where the folders of ids that cannot be folder names themselves go: one segment that no such id produces. */
export const ESCAPED_FOLDER_PREFIX = "~dtfx-escaped-id/";

const isDotSegment = (segment: string) => segment === "." || segment === "..";

/**
 * The folder of an instance's blobs: the id (or table key) itself, as the original names it, when it is a safe
 * folder name; else a digest under ESCAPED_FOLDER_PREFIX, which keeps distinct ids in distinct folders.
 */
export function instanceBlobFolder(idOrKey: string): string {
  const segments = idOrKey.split("/");
  const safe = idOrKey.length > 0 && idOrKey.length <= 512 && !UNSTORABLE.test(idOrKey)
    && !segments.some((s) => s === "" || isDotSegment(s)) && !idOrKey.startsWith(ESCAPED_FOLDER_PREFIX);
  if (safe) return idOrKey;
  return ESCAPED_FOLDER_PREFIX + createHash("sha256").update(idOrKey, "utf8").digest("base64url");
}

/** Why a blob name could leave its container or break a listing; undefined when it is safe. */
export function blobNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_BLOB_NAME_LENGTH) return `a blob name must have 1 to ${MAX_BLOB_NAME_LENGTH} characters`;
  if (name.split("/").some(isDotSegment)) return "a blob name must not have '.' or '..' as a path segment";
  if (UNSTORABLE.test(name)) return "a blob name must not hold control characters, U+2028/U+2029 or unpaired surrogates";
  return undefined;
}

export function assertSafeBlobName(name: string): void {
  const problem = blobNameProblem(name);
  if (problem !== undefined) throw new UnsafeBlobNameError(`Refusing blob name ${JSON.stringify(name.slice(0, 200))}: ${problem}`);
}

/** Last line of defence: the URL the SDK built must still be below the container's own path. */
export function assertUrlInsideContainer(blobUrl: string, containerUrl: string): void {
  const container = new URL(containerUrl).pathname.replace(/\/$/, "");
  if (!new URL(blobUrl).pathname.startsWith(`${container}/`)) {
    throw new UnsafeBlobNameError(`Refusing blob URL ${blobUrl}: it is outside the container ${containerUrl}`);
  }
}
