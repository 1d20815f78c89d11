// Runs a fixture app under `dtfx start --module` as a child process, the way a user would: the app is copied to
// a temporary folder with `node_modules/dtfx` linking to this package (built dist/), so its
// require("dtfx/durable-functions") and import "dtfx/functions" resolve through package.json "exports".
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { uniqueHubName } from "../support/test-hub.js";

const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(PACKAGE_ROOT, "dist/cli/main.js");
const FIXTURES = join(PACKAGE_ROOT, "test/fixtures");

export interface RunningApp {
  /** e.g. http://127.0.0.1:54321 */
  origin: string;
  output(): string;
  stop(): Promise<number | null>;
}

export interface AppOptions {
  fixture: string;
  /** The --module argument, given the copied app's folder. */
  module: (appFolder: string) => string;
  connectionString: string;
}

export async function startFixtureApp(options: AppOptions): Promise<RunningApp> {
  for (const path of [MAIN, join(PACKAGE_ROOT, "dist/cjs/durable-functions/index.js")]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  }
  const { folder: appFolder, remove } = copyFixtureApp(options.fixture);

  const env = { ...process.env };
  delete env.AZURE_STORAGE_CONNECTION_STRING;
  delete env.DTFX_API_KEY;
  const args = ["start", "--port", "0", "--connection-string", options.connectionString, "--task-hub", uniqueHubName("Df"), "--partitions", "2", "--module", options.module(appFolder)];
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: appFolder, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    const code = await exited;
    remove();
    return code;
  };
  try {
    const [, origin] = await waitForOutput(child, () => output, /HTTP API: (http:\/\/[^/\s]+)/);
    return { origin: origin!, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A copy of test/fixtures/<fixture> in a temporary folder, with node_modules/dtfx linking to this package. */
export function copyFixtureApp(fixture: string): { folder: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), "dtfx-df-app-"));
  const folder = join(root, fixture);
  cpSync(join(FIXTURES, fixture), folder, { recursive: true });
  mkdirSync(join(folder, "node_modules"));
  symlinkSync(PACKAGE_ROOT, join(folder, "node_modules", "dtfx"), "dir");
  return { folder, remove: () => rmSync(root, { recursive: true, force: true }) };
}

async function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutInMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const match = output().match(pattern);
    if (match) return match;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`No ${pattern} in output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
