// Runs the built `dtfx` (dist/cli/main.js, so `npm run build` first) as a child process against a test hub.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestHub } from "../support/test-hub.js";

export const CLI_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/cli/main.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run 'npm run build' before these tests`);
}

/** Runs `dtfx ...args` with no connection settings from the environment; `cwd` for relative --module paths. */
export function runCli(args: string[], options: { cwd?: string; timeoutInMs?: number } = {}): Promise<CliRun> {
  const env = { ...process.env };
  delete env.AZURE_STORAGE_CONNECTION_STRING;
  return new Promise((done) => {
    execFile(process.execPath, [CLI_PATH, ...args], { env, cwd: options.cwd, timeout: options.timeoutInMs ?? 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** The connection flags of a test hub (its partition count must match the hub's). */
export function hubFlags(hub: TestHub): string[] {
  const { options } = hub.service;
  return ["--connection-string", hub.azurite.connectionString, "--task-hub", options.taskHubName, "--partitions", String(options.partitionCount)];
}

/** `dtfx <command> ...args` against the hub. */
export function cliOn(hub: TestHub) {
  return (...args: string[]) => runCli([...args, ...hubFlags(hub)]);
}
