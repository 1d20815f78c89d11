// Edges: what cannot be JSON is refused before any request, null and undefined round-trip as given, and a
// stopped worker leaves nothing that keeps the process alive.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker.addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
      return input;
    });
  });
});

afterAll(async () => {
  await hub?.stop();
});

describe("edges", () => {
  it("refuses inputs that are not JSON before any request", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const before = hub.service.metrics().storageRequests.total;
    for (const input of [10n, () => 1, cyclic, Symbol("s")]) {
      await expect(hub.client.scheduleNewOrchestration("Echo", input)).rejects.toBeInstanceOf(TypeError);
    }
    await expect(hub.client.raiseEvent("any", "E", 1n)).rejects.toBeInstanceOf(TypeError);
    expect(hub.service.metrics().storageRequests.total).toBe(before);
  });

  it("round-trips null and undefined as given", async () => {
    const withNull = await hub.client.scheduleNewOrchestration("Echo", null);
    const withUndefined = await hub.client.scheduleNewOrchestration("Echo");
    const [a, b] = await Promise.all([withNull, withUndefined].map((id) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })));
    expect(a).toMatchObject({ input: null, output: null });
    expect("input" in b! && b.input !== undefined).toBe(false);
    expect(b!.output).toBeUndefined();
  });

  it("stops twice without harm", async () => {
    const second = await startTestHub((w) => w.addOrchestrator("Echo", (_ctx, x: unknown) => x), { azurite: hub.azurite });
    await second.worker.stop({ timeoutInMs: 1000 });
    await second.worker.stop({ timeoutInMs: 1000 });
    await second.stop();
  });

  it("leaves no timer or socket alive after stop() and close()", async () => {
    const script = `
      import { startAzurite, AzureStorageOrchestrationService, TaskHubWorker, TaskHubClient } from "${new URL("../../dist/index.js", import.meta.url).href}";
      const azurite = await startAzurite();
      const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: "ExitCheck", partitionCount: 2 });
      const worker = new TaskHubWorker(service).addActivity("A", (_c, x) => x).addOrchestrator("O", function* (ctx) { yield ctx.createTimer(60_000); return yield ctx.callActivity("A", 1); });
      await worker.start();
      const client = new TaskHubClient(service);
      const id = await client.scheduleNewOrchestration("O");
      await client.waitForOrchestrationStart(id, { timeoutInMs: 20_000 });
      await worker.stop({ timeoutInMs: 5_000 });
      await service.close();
      await azurite.stop();
      console.log("stopped");`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(output).toContain("stopped");
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);
});
