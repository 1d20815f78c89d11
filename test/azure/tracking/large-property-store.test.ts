import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  exceedsInlineLimit,
  historyPropertyBlobName,
  instancePropertyBlobName,
  MAX_INLINE_PROPERTY_BYTES,
  mustSpillFromHistoryRow,
  randomBlobSuffix,
} from "../../../src/azure/tracking/large-property-store.js";
import { startTrackingStorage, type TrackingStorage } from "./tracking-test-storage.js";

describe("large property rules", () => {
  it("spills strictly above 60 x 1024 bytes of UTF-16", () => {
    expect(MAX_INLINE_PROPERTY_BYTES).toBe(61_440);
    expect(exceedsInlineLimit("")).toBe(false);
    expect(exceedsInlineLimit("a".repeat(30_720))).toBe(false); // exactly 61,440 bytes
    expect(exceedsInlineLimit("a".repeat(30_721))).toBe(true);
    expect(exceedsInlineLimit("é".repeat(30_721))).toBe(true); // UTF-16 counts code units, not UTF-8 bytes
    expect(exceedsInlineLimit("🚀".repeat(15_361))).toBe(true); // two code units each
    expect(exceedsInlineLimit(12)).toBe(false);
  });

  it("also moves line separators out of history rows (Azurite refuses them in transactions)", () => {
    expect(mustSpillFromHistoryRow("a\u2028b")).toBe(true);
    expect(mustSpillFromHistoryRow("a\u2029b")).toBe(true);
    expect(mustSpillFromHistoryRow("a\nb")).toBe(false);
  });

  it("names blobs as the original does", () => {
    expect(randomBlobSuffix()).toMatch(/^[0-9A-F]{8}$/);
    expect(historyPropertyBlobName("a^0b", "000000000000000A", "TaskCompleted", "Result", "0123ABCD")).toBe(
      "a^0b/history-000000000000000A-TaskCompleted-0123ABCD-Result.json.gz",
    );
    expect(instancePropertyBlobName("a^0b", "Output", "0123ABCD")).toBe("a^0b/history--Output-0123ABCD-Output.json.gz");
  });
});

describe("LargePropertyStore", () => {
  let storage: TrackingStorage;
  beforeAll(async () => {
    storage = await startTrackingStorage("BlobHub");
  });
  afterAll(async () => storage?.stop());

  it("uploads gzip-compressed and downloads the same text", async () => {
    const text = JSON.stringify({ city: "東京", emoji: "🚀", line: "\u2028" });
    await storage.blobs.upload("x^0y/history-0000000000000000-EventRaised-00000000-Input.json.gz", text);
    const raw = await storage.container.getBlockBlobClient("x^0y/history-0000000000000000-EventRaised-00000000-Input.json.gz").downloadToBuffer();
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(await storage.blobs.download("x^0y/history-0000000000000000-EventRaised-00000000-Input.json.gz")).toBe(text);
  });

  it("reads a blob that someone stored uncompressed", async () => {
    await storage.container.getBlockBlobClient("plain/blob.json").uploadData(Buffer.from('"plain"'));
    expect(await storage.blobs.download("plain/blob.json")).toBe('"plain"');
  });

  it("turns names into URLs and back, whatever the endpoint's host", () => {
    const name = "a^0b c'(x)/history--Input-0123ABCD-Input.json.gz";
    const url = storage.blobs.blobUrl(name);
    expect(url.startsWith(`${storage.container.url}/`)).toBe(true);
    expect(url).toContain("a%5E0b%20c%27%28x%29/history--Input");
    expect(storage.blobs.blobNameOf(url)).toBe(name);
    const container = storage.blobs.containerName;
    expect(storage.blobs.blobNameOf(`https://account.blob.core.windows.net/${container}/n/x.json.gz`)).toBe("n/x.json.gz");
    expect(storage.blobs.blobNameOf(`http://127.0.0.1:1/devstoreaccount1/${container}/n%2Fy/x.json.gz`)).toBe("n/y/x.json.gz");
    expect(storage.blobs.blobNameOf("https://account.blob.core.windows.net/othercontainer/n/x.json.gz")).toBeUndefined();
    expect(storage.blobs.blobNameOf('"https://not/a/url/because/quoted"')).toBeUndefined();
    expect(storage.blobs.blobNameOf("{}")).toBeUndefined();
  });

  it("deletes and lists by prefix", async () => {
    await storage.blobs.upload("list/a.json.gz", "1");
    await storage.blobs.upload("list/b.json.gz", "2");
    await storage.blobs.upload("listing/c.json.gz", "3");
    expect(await storage.blobs.listBlobNames("list/")).toEqual(["list/a.json.gz", "list/b.json.gz"]);
    expect(await storage.blobs.delete("list/a.json.gz")).toBe(true);
    expect(await storage.blobs.delete("list/a.json.gz")).toBe(false);
    expect(await storage.blobs.listBlobNames("list/")).toEqual(["list/b.json.gz"]);
  });
});
