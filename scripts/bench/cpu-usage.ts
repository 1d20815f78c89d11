// CPU use read from Linux's /proc, so a figure can say what bound it: the share of one core a process used (the
// embedded Azurite is one JavaScript thread) and the busy share of the whole machine. Elsewhere both are undefined.
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** /proc reports process times in clock ticks of USER_HZ, which is 100 on every Linux build Node supports. */
const TICKS_PER_SECOND = 100;

export interface CpuReading {
  atMs: number;
  processSeconds?: number;
  machineTicks?: { busy: number; total: number };
}

function processSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function machineTicks(): CpuReading["machineTicks"] {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3]! + ticks[4]!; // idle and iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export function readCpu(pid?: number): CpuReading {
  return { atMs: performance.now(), processSeconds: processSeconds(pid), machineTicks: machineTicks() };
}

export interface CpuShares {
  /** CPU seconds the process used. */
  processCpuSeconds?: number;
  /** Of one core, by the process: 1 means its one thread never rested. */
  processCoreShare?: number;
  /** Of all the machine's cores, busy with anything. */
  machineBusyShare?: number;
  cores: number;
}

export function cpuBetween(from: CpuReading, to: CpuReading): CpuShares {
  const seconds = (to.atMs - from.atMs) / 1000;
  const round = (x: number) => Number(x.toFixed(2));
  const shares: CpuShares = { cores: cpus().length };
  if (from.processSeconds !== undefined && to.processSeconds !== undefined && seconds > 0) {
    shares.processCpuSeconds = round(to.processSeconds - from.processSeconds);
    shares.processCoreShare = round(shares.processCpuSeconds / seconds);
  }
  if (from.machineTicks && to.machineTicks) {
    const total = to.machineTicks.total - from.machineTicks.total;
    if (total > 0) shares.machineBusyShare = round((to.machineTicks.busy - from.machineTicks.busy) / total);
  }
  return shares;
}
