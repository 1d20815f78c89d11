// A list request must not pull every spilled payload into the server: without showInput no input blob is read,
// and with it the bytes a page may read are capped, with a clear 400 past the cap. Measured in this process,
// which is the server's: 20 instances with 1 MB inputs (about 1 KB each in storage once gzipped).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { uniqueHubName } from "../support/test-hub.js";
import { call } from "./http-test-support.js";

const COUNT = 20;
const INPUT = "z".repeat(1024 * 1024);
let azurite: RunningAzurite;
let service: AzureStorageOrchestrationService;
let api: RunningHttpApi;

beforeAll(async () => {
  azurite = await startAzurite();
  // No worker: the instances stay Pending with their spilled inputs, which is all a list reads.
  service = new AzureStorageOrchestrationService({
    connectionString: azurite.connectionString,
    taskHubName: uniqueHubName("List"),
    partitionCount: 1,
    maxPagePayloadBytes: 8 * 1024 * 1024,
  });
  const client = new TaskHubClient(service);
  for (let i = 0; i < COUNT; i++) await client.scheduleNewOrchestration("Big", INPUT, { instanceId: `big-${i}` });
  api = await startHttpApi({ client, port: 0 });
});

afterAll(async () => {
  await api?.close();
  await service?.close();
  await azurite?.stop();
});

const blobGets = () => service.metrics().storageRequests.byKind["blob.get"] ?? 0;
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

describe("GET /instances with spilled inputs", () => {
  it("reads no input blob without showInput", async () => {
    const before = blobGets();
    const rssBefore = process.memoryUsage().rss;
    const reply = await call(`${api.url}/instances?top=${COUNT}`);
    const rssAfter = process.memoryUsage().rss;
    expect(reply.status).toBe(200);
    expect(reply.body).toHaveLength(COUNT);
    expect(reply.body[0]).not.toHaveProperty("input");
    expect(blobGets() - before).toBe(0);
    console.log(`list of ${COUNT} without showInput: ${blobGets() - before} blob reads, RSS ${megabytes(rssBefore)} → ${megabytes(rssAfter)} MB`);
  });

  it("caps the bytes a page reads with showInput: a clear 400 past the cap, fine with a smaller top", async () => {
    const before = blobGets();
    const tooMuch = await call(`${api.url}/instances?top=${COUNT}&showInput=true`);
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.code).toBe("PayloadLimitExceeded");
    expect(tooMuch.body.error.message).toMatch(/more than 8388608 bytes: ask for fewer at a time/);
    // The page stopped at the cap instead of reading all 20 blobs.
    expect(blobGets() - before).toBeLessThan(COUNT);
    const few = await call(`${api.url}/instances?top=4&showInput=true`);
    expect(few.status).toBe(200);
    expect(few.body.map((s: { input: string }) => s.input.length)).toEqual([INPUT.length, INPUT.length, INPUT.length, INPUT.length]);
  });

  it("still reads one instance's spilled input in full", async () => {
    const reply = await call(`${api.url}/instances/big-0`);
    expect(reply.body.input).toHaveLength(INPUT.length);
  });
});
