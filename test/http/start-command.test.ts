// `dtfx start` as a child process (needs `npm run build`): it refuses an open interface without a key
// before starting anything, serves the API on the URL it prints, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../support/test-hub.js";
import { call, pollUntilDone, post } from "./http-test-support.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let azurite: RunningAzurite;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

/** Runs `dtfx` with no account or key from this environment, so only the flags decide. */
function runDtfx(args: string[]): ChildProcess & { output: () => string } {
  const env = { ...process.env };
  delete env.AZURE_STORAGE_CONNECTION_STRING;
  delete env.DTFX_API_KEY;
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return Object.assign(child, { output: () => output });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

async function waitForOutput(child: ReturnType<typeof runDtfx>, pattern: RegExp, timeoutInMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const match = child.output().match(pattern);
    if (match) return match;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`No ${pattern} in output:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("dtfx start", () => {
  it("refuses --host 0.0.0.0 without a key: non-zero exit and a clear message, before starting Azurite", async () => {
    const child = runDtfx(["start", "--host", "0.0.0.0"]);
    const { code } = await exitOf(child);
    expect(code).not.toBe(0);
    expect(child.output()).toMatch(/UnsafeBindingError: Refusing to serve the HTTP API on '0\.0\.0\.0' without a key/);
    expect(child.output()).not.toMatch(/Azurite/);
  });

  it("serves the API on the URL it prints, runs HelloCities through it, and exits 0 within 10 s of SIGTERM", async () => {
    const child = runDtfx(["start", "--port", "0", "--connection-string", azurite.connectionString, "--task-hub", uniqueHubName("Cli"), "--partitions", "2"]);
    const exited = exitOf(child);
    try {
      const [, url] = await waitForOutput(child, /HTTP API: (http:\/\/\S+)/);
      expect(child.output()).toContain(`curl -X POST -H "Content-Type: application/json" "${url}/orchestrators/HelloCities"`);
      const started = await post(`${url}/orchestrators/HelloCities`);
      expect(started.status).toBe(202);
      const done = await pollUntilDone(started.body.statusQueryGetUri);
      expect(done.body.output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
      expect((await post(`${url}/orchestrators/NotASample`)).status).toBe(400);
      expect((await call(`${url}/instances`)).status).toBe(200);
      const [, dashboard] = await waitForOutput(child, /Dashboard: (http:\/\/\S+)/);
      const page = await fetch(dashboard!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="app.js">');
      expect((await call(`${new URL(url!).origin}/dashboard/api/hub`)).body).toMatchObject({ orchestrators: expect.arrayContaining(["HelloCities"]) });
    } finally {
      child.kill("SIGTERM");
    }
    const stoppedAt = Date.now();
    const { code } = await exited;
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
  });

  it("hosts --module's register(worker) instead of the samples (default export too)", async () => {
    const folder = mkdtempSync(join(tmpdir(), "dtfx-module-"));
    writeFileSync(join(folder, "greet.mjs"), "export default function (worker) {\n" +
      "  worker.addOrchestrator('Greet', function* (ctx, name) { return yield ctx.callActivity('Hi', name); });\n" +
      "  worker.addActivity('Hi', (ctx, name) => `Hi ${name}`);\n}\n");
    const child = runDtfx(["start", "--port", "0", "--connection-string", azurite.connectionString, "--task-hub", uniqueHubName("Mod"), "--module", join(folder, "greet.mjs")]);
    const exited = exitOf(child);
    try {
      const [, url] = await waitForOutput(child, /HTTP API: (http:\/\/\S+)/);
      expect(child.output()).toContain(`curl -X POST -H "Content-Type: application/json" "${url}/orchestrators/Greet"`);
      const started = await post(`${url}/orchestrators/greet`, "Ada");
      expect((await pollUntilDone(started.body.statusQueryGetUri)).body.output).toBe("Hi Ada");
      expect((await post(`${url}/orchestrators/HelloCities`)).status).toBe(400);
    } finally {
      child.kill("SIGTERM");
      rmSync(folder, { recursive: true, force: true });
    }
    expect((await exited).code).toBe(0);
    expect(child.output()).not.toContain("Started HelloCities");
  });

  it("exits non-zero with a clear message when --module exports no register function", async () => {
    const folder = mkdtempSync(join(tmpdir(), "dtfx-module-"));
    writeFileSync(join(folder, "empty.mjs"), "export const nothing = 1;\n");
    try {
      const child = runDtfx(["start", "--port", "0", "--connection-string", azurite.connectionString, "--module", join(folder, "empty.mjs")]);
      expect((await exitOf(child)).code).toBe(1);
      expect(child.output()).toMatch(/must export a function register\(worker\)/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
