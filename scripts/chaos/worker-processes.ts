// Worker processes for chaos runs and multi-worker benches: dist-scripts/crash-worker.js, started with the given
// flags; `ready` resolves once the worker has started (it prints "ready").
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const WORKER = new URL("../crash-worker.js", import.meta.url).pathname;

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
}

export function startWorkerProcess(connectionString: string, hub: string, partitions: number, id: string, flags: string[]): WorkerProcess {
  const args = [WORKER, connectionString, hub, String(partitions), "--worker-id", id, ...flags];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! }).on("line", (line) => line === "ready" && resolve());
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { id, child, ready, exited };
}
