// durable-functions' newGuid(instanceId): a name-based UUID of `${instanceId}_${currentUtcDateTime ms}_${counter}`
// whose name is first hashed with SHA-1 (GuidManager.createDeterministicGuid), so the same on every replay.
import { createHash } from "node:crypto";

/** The package's namespace (GuidManager.UrlNamespaceValue). */
const NAMESPACE = "9e952958-5e33-4daf-827f-2fa12937b875";

export function deterministicGuid(name: string): string {
  const nameHash = createHash("sha1").update(name).digest().subarray(0, 16);
  const namespace = Buffer.from(NAMESPACE.replaceAll("-", ""), "hex");
  const bytes = createHash("sha1").update(namespace).update(nameHash).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
