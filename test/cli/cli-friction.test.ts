// What a new user ran into, as child processes: --wait, rewind, an unknown orchestrator name refused when a
// local `dtfx start` answers (and a note when none does), and commands finding npm start's embedded Azurite.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { registerSamples } from "../../src/samples/index.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { assertCliBuilt, CLI_PATH, hubFlags, type CliRun } from "./cli-harness.js";

let hub: TestHub;
let api: RunningHttpApi;
let fixed = false;

beforeAll(async () => {
  assertCliBuilt();
  hub = await startTestHub((worker) => {
    registerSamples(worker).addOrchestrator("BrokenUntilFixed", function* (ctx: OrchestrationContext) {
      yield ctx.callActivity("SayHello", "before");
      if (!fixed) throw new Error("not fixed yet");
      return "fixed";
    });
  });
  const names = () => hub.worker.registeredNames;
  api = await startHttpApi({ client: hub.client, port: 0, dashboard: true, orchestratorNames: () => names().orchestrators });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

function dtfx(args: string[], options: { env?: Record<string, string>; cwd?: string; flags?: boolean } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, DTFX_API_URL: "http://127.0.0.1:1", ...options.env };
  delete env.AZURE_STORAGE_CONNECTION_STRING;
  const all = options.flags === false ? args : [...args, ...hubFlags(hub)];
  return new Promise((done) => {
    execFile(process.execPath, [CLI_PATH, ...all], { env, cwd: options.cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe.concurrent("--wait", () => {
  it("start --wait prints the id, then the outcome; HelloCities greets the cities it is given", async () => {
    const run = await dtfx(["start", "HelloCities", "--input", '["Paris","Rome"]', "--wait"]);
    expect(run.code).toBe(0);
    const [id, result] = run.stdout.trim().split("\n");
    expect(JSON.parse(result!)).toEqual({ instanceId: id, runtimeStatus: "Completed", output: ["Hello Paris!", "Hello Rome!"] });
    expect(run.stderr).toContain("cannot see which orchestrators the worker hosts");
  });

  it("raise --wait and terminate --wait print the outcome", async () => {
    const approved = await hub.client.scheduleNewOrchestration("Approval", 60_000);
    await hub.client.waitForOrchestrationStart(approved, { timeoutInMs: 10_000 });
    const raise = await dtfx(["raise", approved, "Approval", '"cli"', "--wait"]);
    expect(JSON.parse(raise.stdout.trim().split("\n")[1]!)).toMatchObject({ runtimeStatus: "Completed", output: 'Approved: "cli"' });

    const waiting = await hub.client.scheduleNewOrchestration("Approval", 60_000);
    await hub.client.waitForOrchestrationStart(waiting, { timeoutInMs: 10_000 });
    const terminate = await dtfx(["terminate", waiting, "--reason", "stop", "--wait"]);
    expect(terminate.code).toBe(0);
    expect(JSON.parse(terminate.stdout.trim().split("\n")[1]!)).toMatchObject({ runtimeStatus: "Terminated", output: "stop" });
  });
});

describe.concurrent("dtfx start <name> where a local dtfx start answers", () => {
  it("refuses a name its worker does not host (exit 2) and schedules one it does", async () => {
    const env = { DTFX_API_URL: new URL(api.url).origin };
    const refused = await dtfx(["start", "NoSuch"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("No orchestrator named 'NoSuch'");
    expect(refused.stderr).toContain("HelloCities");
    const accepted = await dtfx(["start", "hellocities"], { env });
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).not.toContain("cannot see");
  });
});

describe.concurrent("dtfx rewind", () => {
  it("rewinds a Failed instance so it completes; refuses one that has not failed", async () => {
    const id = await hub.client.scheduleNewOrchestration("BrokenUntilFixed");
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 })).runtimeStatus).toBe("Failed");
    fixed = true;
    const run = await dtfx(["rewind", id, "--reason", "fixed it"]);
    expect(run).toMatchObject({ code: 0, stdout: `Rewind requested for ${id}: its failed tasks run again\n` });
    // Read, not waited on: this process announced Failed, and the rewind happened in another one.
    const done = await eventually(() => hub.client.getOrchestrationState(id), (s) => s?.runtimeStatus === "Completed", 20_000);
    expect(done?.output).toBe("fixed");
    const again = await dtfx(["rewind", id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Only a Failed instance can be rewound");
  });
});

describe.concurrent("finding npm start's embedded Azurite", () => {
  it("uses azurite.json's emulator when its ports answer and no account is named, and says so", async () => {
    const port = (endpoint: string) => Number(new URL(endpoint).port);
    const { azurite } = hub;
    const dir = mkdtempSync(join(tmpdir(), "dtfx-azurite-"));
    writeFileSync(join(dir, "azurite.json"), JSON.stringify({
      blobPort: port(azurite.blobEndpoint), queuePort: port(azurite.queueEndpoint), tablePort: port(azurite.tableEndpoint), host: "127.0.0.1",
    }));
    const { options } = hub.service;
    const run = await dtfx(["list", "--json", "--task-hub", options.taskHubName, "--partitions", String(options.partitionCount)], { cwd: dir, flags: false });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Using the embedded Azurite of 'npm start'");
    expect(JSON.parse(run.stdout).length).toBeGreaterThan(0);
  });
});
