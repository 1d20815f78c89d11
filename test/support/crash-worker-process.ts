// The crash tests' worker: dist-scripts/crash-worker.js in a child process, optionally armed to kill itself at a
// fault point (DTFX_FAULT_POINT). `exited` resolves with the signal (or exit code) it ended with.
import { spawn, type ChildProcess } from "node:child_process";
import type { FaultPoint } from "../../src/azure/fault-points.js";

const WORKER = new URL("../../dist-scripts/crash-worker.js", import.meta.url).pathname;

export interface CrashWorkerProcess {
  exited: Promise<NodeJS.Signals | number | null>;
  kill(signal?: NodeJS.Signals): void;
}

export function startCrashWorker(connectionString: string, hub: string, faultPoint?: FaultPoint, extraArgs: string[] = []): CrashWorkerProcess {
  const child = spawn(process.execPath, [WORKER, connectionString, hub, "2", ...extraArgs], {
    env: { ...process.env, DTFX_FAULT_POINT: faultPoint ?? "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  return { exited, kill: (signal: NodeJS.Signals = "SIGKILL") => child.kill(signal) };
}

/** Runs a worker armed at `faultPoint` until it dies (killed after 20 s if it never reaches the point); its ending. */
export async function runUntilFaultPoint(
  connectionString: string, hub: string, faultPoint: FaultPoint, extraArgs: string[] = [],
): Promise<NodeJS.Signals | number | null> {
  const doomed = startCrashWorker(connectionString, hub, faultPoint, extraArgs);
  const timeout = setTimeout(() => doomed.kill(), 20_000);
  try {
    return await doomed.exited;
  } finally {
    clearTimeout(timeout);
  }
}

/** The crash-worker processes one test file starts on its hubs, all SIGKILLed when the file ends (`killAll`). */
export class CrashWorkerFleet {
  private readonly children: ChildProcess[] = [];

  constructor(private readonly connectionString: () => string) {}

  start(hub: string, partitions: number, args: string[]): ChildProcess {
    const child = spawn(process.execPath, [WORKER, this.connectionString(), hub, String(partitions), ...args], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    this.children.push(child);
    return child;
  }

  killAll(): void {
    for (const child of this.children) child.kill("SIGKILL");
  }
}

/** Resolves once the process has ended (at once if it already has). */
export const processExited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on("exit", () => resolve())));
