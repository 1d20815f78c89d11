// Payloads at and around every storage limit round-trip whole as input, activity result and output
// (activities through the work-item queue, so the queue messages spill too).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addActivity("Grow", (_ctx, text: string) => text + "!")
      .addOrchestrator("Payload", function* (ctx: OrchestrationContext, text: string) {
        const grown: string = yield ctx.callActivity("Grow", text);
        return grown;
      });
  }, { worker: { localActivities: false } });
});

afterAll(async () => {
  await hub?.stop();
});

/** Strings of `length` characters; JSON adds 2 quote characters. */
const SIZES: [string, number][] = [
  ["0 B", 0],
  ["just under 45 KiB", 45 * 1024 - 10],
  ["just over 45 KiB", 45 * 1024 + 10],
  ["60 KB", 60_000],
  ["just over 60 KiB of UTF-16", 30 * 1024 + 10],
  ["64 KiB", 64 * 1024],
  ["10 MB", 10_000_000],
];

describe("payload sizes", () => {
  for (const [label, length] of SIZES) {
    it(`round-trips ${label}`, async () => {
      const text = "x".repeat(length);
      const id = await hub.client.scheduleNewOrchestration("Payload", text);
      const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 });
      expect(state.runtimeStatus).toBe("Completed");
      expect(state.input).toBe(text);
      expect((state.output as string).length).toBe(length + 1);
      const history = await hub.client.getOrchestrationHistory(id);
      const completed = history.find((e) => e.eventType === "TaskCompleted");
      expect((completed?.result as string).length).toBe(length + 1);
    }, 120_000);
  }

  it("round-trips unicode text over the limits", async () => {
    const text = "東京🌸".repeat(20_000);
    const id = await hub.client.scheduleNewOrchestration("Payload", text);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 });
    expect(state.output).toBe(text + "!");
  });

  it("purge deletes the spilled blobs", async () => {
    const text = "y".repeat(100_000);
    const id = await hub.client.scheduleNewOrchestration("Payload", text, { instanceId: "spilled-1" });
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 });
    const { BlobServiceClient } = await import("@azure/storage-blob");
    const container = BlobServiceClient.fromConnectionString(hub.azurite.connectionString).getContainerClient(
      `${hub.service.options.taskHubName.toLowerCase()}-largemessages`,
    );
    const names = async () => {
      const found: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix: "spilled-1/" })) found.push(blob.name);
      return found;
    };
    expect((await names()).length).toBeGreaterThan(0);
    await hub.client.purgeOrchestration(id);
    expect(await names()).toEqual([]);
  });
});
