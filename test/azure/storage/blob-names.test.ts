// Blob names from ids stay inside their container and folder, and reading a blob is bounded (a gzip bomb is refused).
import { gzipSync } from "node:zlib";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ESCAPED_FOLDER_PREFIX, UnsafeBlobNameError, blobNameProblem, instanceBlobFolder } from "../../../src/azure/storage/blob-names.js";
import { LargeMessageStore } from "../../../src/azure/messaging/large-message-store.js";
import { MessageDecodeError } from "../../../src/azure/messaging/message-data.js";
import { LargePropertyStore, historyPropertyBlobName } from "../../../src/azure/tracking/large-property-store.js";
import { isBlobOfInstance } from "../../../src/azure/tracking/purge.js";
import { startAzurite, type RunningAzurite } from "../../../src/azurite/start-azurite.js";
import { PayloadLimitExceededError } from "../../../src/core/errors.js";

describe("instance blob folders", () => {
  it("are the id itself when it is a safe folder name, as the original names them", () => {
    for (const id of ["abc", "with/slash", "@counter@key", "a.b", "日本語"]) expect(instanceBlobFolder(id)).toBe(id);
  });

  it("are an escaped digest for ids that would leave their folder or break a listing, distinct per id", () => {
    const unsafe = ["..", ".", "../x", "a/../b", "a//b", "/a", "a/", "ctl\u0001x", "sep\u2028", `${ESCAPED_FOLDER_PREFIX}abc`, ""];
    const folders = unsafe.map(instanceBlobFolder);
    for (const folder of folders) {
      expect(folder.startsWith(ESCAPED_FOLDER_PREFIX)).toBe(true);
      expect(blobNameProblem(`${folder}/message-1-EventRaised.json.gz`)).toBeUndefined();
    }
    expect(new Set(folders).size).toBe(unsafe.length);
    expect(historyPropertyBlobName("..", "0000000000000001", "TaskCompleted", "Result", "ABCDEF01").startsWith(ESCAPED_FOLDER_PREFIX)).toBe(true);
  });

  it("let purge match an escaped instance's blobs and no one else's", () => {
    const folder = instanceBlobFolder("a/../b");
    expect(isBlobOfInstance("a/../b", `${folder}/message-1-EventRaised.json.gz`)).toBe(true);
    expect(isBlobOfInstance("b", `${folder}/message-1-EventRaised.json.gz`)).toBe(false);
    expect(isBlobOfInstance("a/../b", "b/message-1-EventRaised.json.gz")).toBe(false);
  });
});

describe("the large-messages container on Azurite", () => {
  let azurite: RunningAzurite;
  let container: ContainerClient;
  let other: ContainerClient;
  let store: LargePropertyStore;

  beforeAll(async () => {
    azurite = await startAzurite();
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    container = service.getContainerClient("hub-largemessages");
    other = service.getContainerClient("hub-leases");
    await other.createIfNotExists();
    store = new LargePropertyStore(container, undefined, 1024 * 1024);
  });
  afterAll(() => azurite?.stop());

  it("refuses names that would leave the container, before any request", async () => {
    for (const name of ["../hub-leases/evil.json.gz", "a/../../hub-leases/x", "./x", "ctl\u0001/x"]) {
      await expect(store.upload(name, "{}")).rejects.toBeInstanceOf(UnsafeBlobNameError);
      await expect(store.download(name)).rejects.toBeInstanceOf(UnsafeBlobNameError);
      await expect(store.delete(name)).rejects.toBeInstanceOf(UnsafeBlobNameError);
    }
    const leftovers = [];
    for await (const blob of other.listBlobsFlat()) leftovers.push(blob.name);
    expect(leftovers).toEqual([]);
    expect(store.blobNameOf(`${container.url}/../hub-leases/x`)).toBeUndefined();
    // A URL's own dot segments resolve before the name is read: what is left is inside the container.
    expect(store.blobNameOf(`${container.url}/a/%2E%2E/b`)).toBe("b");
  });

  it("quarantines a message naming a blob outside the container instead of retrying it", async () => {
    const messages = new LargeMessageStore(container);
    await expect(messages.download("../hub-leases/evil.json.gz")).rejects.toBeInstanceOf(MessageDecodeError);
  });

  it("bounds every unzip: a gzip bomb is refused with a clear error, an ordinary blob reads", async () => {
    await container.createIfNotExists();
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024)); // 20 MiB of zeros in about 20 KB
    await container.getBlockBlobClient("bomb/history-x.json.gz").uploadData(bomb);
    await expect(store.download("bomb/history-x.json.gz")).rejects.toBeInstanceOf(PayloadLimitExceededError);
    await expect(store.download("bomb/history-x.json.gz")).rejects.toThrow(/unzips to more than the limit of 1048576 bytes/);
    await expect(new LargeMessageStore(container, undefined, 1024).download("bomb/history-x.json.gz")).rejects.toBeInstanceOf(MessageDecodeError);
    await store.upload("fine/history-y.json.gz", JSON.stringify("ok"));
    expect(await store.download("fine/history-y.json.gz")).toBe('"ok"');
    // A tighter limit for one read (a page's budget) also bounds the compressed download.
    await expect(store.download("bomb/history-x.json.gz", 1000)).rejects.toThrow(/larger than the limit of 1000 bytes/);
  });
});
