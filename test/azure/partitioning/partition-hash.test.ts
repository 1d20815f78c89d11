import { describe, it, expect } from "vitest";
import { fnv1a32, partitionOf } from "../../../src/azure/partitioning/partition-hash.js";

describe("partition hash (FNV-1a 32-bit over UTF-8)", () => {
  it("matches the published FNV-1a test vectors", () => {
    expect(fnv1a32("")).toBe(2166136261);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("hashes the UTF-8 bytes of non-ASCII ids, not UTF-16 code units", () => {
    // "é" is C3 A9 in UTF-8: hash those two bytes by hand.
    const byHand = [0xc3, 0xa9].reduce((h, byte) => Math.imul(h ^ byte, 16777619) >>> 0, 2166136261);
    expect(fnv1a32("é")).toBe(byHand);
    const emojiBytes = [...Buffer.from("🎉", "utf8")];
    expect(emojiBytes).toHaveLength(4);
    expect(fnv1a32("🎉")).toBe(emojiBytes.reduce((h, byte) => Math.imul(h ^ byte, 16777619) >>> 0, 2166136261));
  });

  it("returns unsigned 32-bit values", () => {
    for (const id of ["", "x", "ünïcødé", "日本語のID", "a".repeat(1000), "@counter@key"]) {
      const hash = fnv1a32(id);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
    }
  });

  it("maps an id to hash mod partition count", () => {
    expect(partitionOf("foobar", 4)).toBe(0xbf9cf968 % 4);
    expect(partitionOf("a", 16)).toBe(0xe40c292c % 16);
    expect(partitionOf("anything", 1)).toBe(0);
  });

  it("spreads many ids over all partitions", () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 1600; i++) counts[partitionOf(`instance-${i}`, 16)]++;
    for (const count of counts) expect(count).toBeGreaterThan(50);
  });
});
