// Azurite in a child Node process, started from node_modules all the same: the benchmarks use it so that the
// worker under test does not share its one JavaScript thread with the storage emulator, as it never would
// with real storage. The child prints its endpoints as one JSON line and stops when told or when we exit.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RunningAzurite, StartAzuriteOptions } from "./start-azurite.js";

const CHILD_MAIN = fileURLToPath(new URL("./azurite-child-main.js", import.meta.url));

export async function startAzuriteInChildProcess(options: StartAzuriteOptions = {}): Promise<RunningAzurite> {
  const child = spawn(process.execPath, [CHILD_MAIN, JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`Azurite's child process exited (${code}) before it started`)));
  });
  const endpoints = JSON.parse(firstLine) as Omit<RunningAzurite, "stop">;
  return {
    ...endpoints,
    processId: child.pid,
    async stop() {
      child.stdin!.end(); // the child stops when its stdin closes (also when this process dies)
      await exited;
    },
  };
}
