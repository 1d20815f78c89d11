// An instance's partition: FNV-1a (32-bit) of its id's UTF-8 bytes modulo the partition count, as the
// original computes it, so .NET and TypeScript workers agree on where an instance lives.
const encoder = new TextEncoder();

export function fnv1a32(text: string): number {
  let hash = 2166136261;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash >>> 0;
}

export function partitionOf(instanceId: string, partitionCount: number): number {
  return fnv1a32(instanceId) % partitionCount;
}
