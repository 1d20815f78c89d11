// Instance ids with every character the tables and queues treat specially round-trip with their history
// (control characters are refused up front: id-containment.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addActivity("Echo", (ctx, input: string) => `${ctx.instanceId}:${input}`)
      .addOrchestrator("Hostile", function* (ctx: OrchestrationContext) {
        return yield ctx.callActivity("Echo", ctx.instanceId);
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

const IDS = [
  "with/slash",
  "with\\backslash",
  "with#hash",
  "with?question",
  "it's quoted",
  "caret^and^^carets^0",
  "dots.in.name..and...more",
  "unicode-東京-🌸-ü",
  "z".repeat(100),
  " spaces around ",
];

describe("hostile instance ids", () => {
  for (const id of IDS) {
    it(`round-trips ${JSON.stringify(id)}`, async () => {
      await hub.client.scheduleNewOrchestration("Hostile", undefined, { instanceId: id });
      const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
      expect(state.instanceId).toBe(id);
      expect(state.output).toBe(`${id}:${id}`);
      const history = await hub.client.getOrchestrationHistory(id);
      expect(history.find((e) => e.eventType === "ExecutionStarted")?.orchestrationInstance).toMatchObject({ instanceId: id });
      const listed = [];
      for await (const s of hub.client.listOrchestrations({ instanceIdPrefix: id })) listed.push(s.instanceId);
      expect(listed).toContain(id);
    });
  }
});
