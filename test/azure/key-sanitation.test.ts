import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { InvalidInstanceIdError } from "../../src/core/errors.js";
import { MAX_KEY_LENGTH, sanitizeKey, unsanitizeKey, validateInstanceId } from "../../src/azure/key-sanitation.js";
import { StorageClients } from "../../src/azure/storage/storage-clients.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";

/** A small deterministic generator, so a failing case can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const SPECIALS = ["^", "^", "/", "\\", "#", "?", "^0", "^^", "\u0000", "\u001f", "\u007f", "\u009f", "\u00c0", "\u00df", "'", "%"];

function randomString(next: () => number): string {
  const length = Math.floor(next() * 24);
  let out = "";
  for (let i = 0; i < length; i++) {
    const pick = next();
    if (pick < 0.35) out += SPECIALS[Math.floor(next() * SPECIALS.length)];
    else if (pick < 0.55) out += String.fromCharCode(Math.floor(next() * 0xa0)); // ASCII and C1 controls
    else if (pick < 0.75) out += String.fromCodePoint(0x100 + Math.floor(next() * 0x2f00)); // BMP letters
    else if (pick < 0.85) out += String.fromCodePoint(0x1f300 + Math.floor(next() * 0x300)); // astral (pairs)
    else if (pick < 0.9) out += String.fromCharCode(0xd800 + Math.floor(next() * 0x800)); // lone surrogate
    else out += String.fromCharCode(0x20 + Math.floor(next() * 0x5f));
  }
  return out;
}

describe("key sanitation", () => {
  it("escapes as the original does", () => {
    expect(sanitizeKey("plain-id_1.2")).toBe("plain-id_1.2");
    expect(sanitizeKey("^")).toBe("^^");
    expect(sanitizeKey("a/b\\c#d?e")).toBe("a^0b^1c^2d^3e");
    expect(sanitizeKey("\u0000")).toBe("^\u00c0");
    expect(sanitizeKey("\u001f")).toBe("^\u00df");
    expect(sanitizeKey("\u007f\u009f")).toBe("^\u013f^\u015f");
    expect(sanitizeKey("@counter@k/1")).toBe("@counter@k^01");
  });

  it("unescapes as the original does", () => {
    expect(unsanitizeKey("a^0b^1c^2d^3e^^")).toBe("a/b\\c#d?e^");
    expect(unsanitizeKey("^\u00c0^\u015f")).toBe("\u0000\u009f");
    expect(unsanitizeKey("tail^")).toBe("tail^");
  });

  it("leaves no character Azure forbids in a key", () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      expect(sanitizeKey(randomString(next))).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f]/);
    }
  });

  it("round-trips any string (property test over 20,000 random strings)", () => {
    const next = random(20240601);
    for (let i = 0; i < 20_000; i++) {
      const id = randomString(next);
      expect(unsanitizeKey(sanitizeKey(id)), `case ${i}: ${JSON.stringify(id)}`).toBe(id);
    }
  });

  it("keeps distinct ids distinct", () => {
    const ids = ["^0", "/", "^", "^^", "\u0000", "^\u00c0", "\u00c0"];
    expect(new Set(ids.map(sanitizeKey)).size).toBe(ids.length);
  });
});

describe("validateInstanceId", () => {
  it("accepts ordinary and hostile ids", () => {
    for (const id of ["a", "x".repeat(MAX_KEY_LENGTH), "a/b#c?d\\e", "\u0000", "日本語", "🎉"]) {
      expect(() => validateInstanceId(id)).not.toThrow();
    }
  });

  it("refuses non-strings, empty ids, lone surrogates and ids too long once escaped", () => {
    for (const bad of [undefined, null, 42, {}, ""]) expect(() => validateInstanceId(bad)).toThrow(InvalidInstanceIdError);
    expect(() => validateInstanceId("a\ud800b")).toThrow(/surrogate/);
    expect(() => validateInstanceId("x".repeat(MAX_KEY_LENGTH + 1))).toThrow(/too long: 513/);
    // 300 slashes are 600 characters once escaped.
    expect(() => validateInstanceId("/".repeat(300))).toThrow(/too long: 600/);
  });
});

describe("sanitized keys on Azurite", () => {
  let azurite: RunningAzurite;
  let clients: StorageClients;
  beforeAll(async () => {
    azurite = await startAzurite();
    clients = new StorageClients({ connectionString: azurite.connectionString });
    await clients.table("KeysTable").createTable();
  });
  afterAll(() => azurite?.stop());

  it("stores and finds entities under hostile ids", async () => {
    const ids = ["a/b", "c\\d", "e#f", "g?h", "^", "^0", "ctl\u0001\u007f", "quote'd", "per%cent", "日本語", "🎉/🎊"];
    const table = clients.table("KeysTable");
    for (const id of ids) await table.createEntity({ partitionKey: sanitizeKey(id), rowKey: "", id });
    for (const id of ids) {
      const entity = await table.getEntity<{ id: string }>(sanitizeKey(id), "");
      expect(entity.id).toBe(id);
      expect(unsanitizeKey(entity.partitionKey!)).toBe(id);
    }
  });

  it("accepts a key of MAX_KEY_LENGTH characters, the longest Azurite takes", async () => {
    const table = clients.table("KeysTable");
    const id = "k".repeat(MAX_KEY_LENGTH - 2) + "/";
    validateInstanceId(id);
    await table.upsertEntity({ partitionKey: sanitizeKey(id), rowKey: "" });
    expect((await table.getEntity(sanitizeKey(id), "")).partitionKey).toHaveLength(MAX_KEY_LENGTH);
    // One more is refused by Azurite as by validateInstanceId, which answers first.
    await expect(table.upsertEntity({ partitionKey: "k".repeat(MAX_KEY_LENGTH + 1), rowKey: "" })).rejects.toMatchObject({
      statusCode: 400,
    });
  });
});
