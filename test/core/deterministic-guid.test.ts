import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { execute, uuidV5, type OrchestrationContext } from "../../src/core/index.js";
import { ORCHESTRATION_GUID_NAMESPACE, sha1 } from "../../src/core/deterministic-guid.js";
import { ev } from "./history-builders.js";

/** RFC 4122 section 4.3 with node:crypto's SHA-1: an independent check of the pure implementation. */
function referenceUuidV5(name: string, namespace: string): string {
  const hash = createHash("sha1").update(Buffer.from(namespace.replaceAll("-", ""), "hex")).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("deterministic GUIDs", () => {
  it("computes SHA-1 by the standard's test vectors", () => {
    expect(hex(sha1(new TextEncoder().encode("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex(sha1(new Uint8Array()))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const long = new TextEncoder().encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    expect(hex(sha1(long))).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  });

  it("makes RFC 4122 version-5 UUIDs (the DNS namespace example)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("agrees with node:crypto on long and non-ASCII input (multi-block SHA-1)", () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    expect(hex(sha1(bytes))).toBe(createHash("sha1").update(bytes).digest("hex"));
    const name = `orchestration-é-日本-${"x".repeat(150)}`;
    expect(uuidV5(name)).toBe(referenceUuidV5(name, ORCHESTRATION_GUID_NAMESPACE));
  });

  it("names GUIDs as Microsoft.DurableTask does: instance id, the .NET round-trip time, a counter", () => {
    function* one(ctx: OrchestrationContext): Generator<any, string, any> {
      return ctx.newGuid();
    }
    const guid = JSON.parse(execute(one, [], [ev.orchestratorStarted(1234), ev.started("G")]).output!) as string;
    expect(guid).toBe(referenceUuidV5("instance-1_2026-01-01T00:00:01.2340000Z_0", "9e952958-5e33-4daf-827f-2fa12937b875"));
    const later = JSON.parse(execute(one, [], [ev.orchestratorStarted(5000), ev.started("G")]).output!) as string;
    expect(later).not.toBe(guid);
  });

  it("gives the same GUIDs on every replay and different ones within a run", () => {
    function* guids(ctx: OrchestrationContext): Generator<any, string[], any> {
      return [ctx.newGuid(), ctx.newGuid()];
    }
    const run = () => execute(guids, [], [ev.orchestratorStarted(), ev.started("G")]).output!;
    const [a, b] = JSON.parse(run()) as string[];
    expect(run()).toBe(JSON.stringify([a, b]));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
