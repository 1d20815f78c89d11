import { describe, expect, it } from "vitest";
import { execute, uuidV5, type OrchestrationContext } from "../../src/core/index.js";
import { sha1 } from "../../src/core/deterministic-guid.js";
import { ev } from "./history-builders.js";

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
