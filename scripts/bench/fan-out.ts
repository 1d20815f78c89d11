// Fan-out/fan-in of 1,000 activities of 100 ms (I/O-bound: a timer) on one worker process, then on three sharing
// the hub by leases: seconds from start to completion, and the speed-up (goal: at least 2.5× on three). Activities
// beyond the orchestrating worker's free slots go to the work-item queue, where every worker takes them. Idle
// workers poll at least every second (maxPollingIntervalInMs 1 s), so a new fan-out is noticed at once.
// Each run also reports how busy the embedded Azurite's one thread and the whole machine were: the three-worker run
// cannot be shorter than the CPU seconds it costs the emulator's one thread, however the work spreads.
import { AzureStorageOrchestrationService, TaskHubClient } from "../../dist/index.js";
import { startWorkerProcess } from "../chaos/worker-processes.js";
import { cpuBetween, readCpu, type CpuShares } from "./cpu-usage.js";
import type { ScenarioResult } from "./report.js";

const PARTITIONS = 4;

interface FanOutRun {
  seconds: number;
  ranOn: Record<string, number>;
  cpu: CpuShares;
}

async function timeFanOut(connectionString: string, workerCount: number, activities: number, activityMs: number, azuritePid?: number): Promise<FanOutRun> {
  const hub = `BenchFan${workerCount}x${Date.now().toString(36)}`;
  const service = new AzureStorageOrchestrationService({ connectionString, taskHubName: hub, partitionCount: PARTITIONS });
  const client = new TaskHubClient(service);
  await service.createIfNotExists();
  const flags = ["--leases", "--default-visibility", "--max-polling", "1000", "--activity-delay", String(activityMs)];
  const workers = Array.from({ length: workerCount }, (_, i) => startWorkerProcess(connectionString, hub, PARTITIONS, `fan-${i + 1}`, flags));
  try {
    await Promise.all(workers.map((w) => w.ready));
    await new Promise((r) => setTimeout(r, 5_000)); // leases balanced (crash-worker checks every second)
    const warmUp = await client.scheduleNewOrchestration("Who", 10);
    await client.waitForOrchestrationCompletion(warmUp, { timeoutInMs: 60_000 });
    const cpuBefore = readCpu(azuritePid);
    const started = performance.now();
    const id = await client.scheduleNewOrchestration("Who", activities);
    const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 1_800_000 });
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuBetween(cpuBefore, readCpu(azuritePid));
    if (state.runtimeStatus !== "Completed") throw new Error(`fan-out ended ${state.runtimeStatus}`);
    const ranOn: Record<string, number> = {};
    for (const worker of state.output as string[]) ranOn[worker] = (ranOn[worker] ?? 0) + 1;
    return { seconds: Number(seconds.toFixed(2)), ranOn, cpu };
  } finally {
    for (const w of workers) w.child.kill("SIGKILL");
    await service.close();
  }
}

export async function runFanOut(connectionString: string, activities: number, activityMs = 100, azuritePid?: number): Promise<ScenarioResult> {
  const one = await timeFanOut(connectionString, 1, activities, activityMs, azuritePid);
  const three = await timeFanOut(connectionString, 3, activities, activityMs, azuritePid);
  return {
    scenario: "fan-out",
    activities,
    activityMs,
    oneWorkerSeconds: one.seconds,
    threeWorkersSeconds: three.seconds,
    speedUp: Number((one.seconds / three.seconds).toFixed(2)),
    goalSpeedUp: 2.5,
    threeWorkersActivitiesByWorker: JSON.stringify(three.ranOn),
    // The emulator serves every request on one thread: the three-worker run cannot take less time than the CPU
    // seconds it made the emulator spend, so this is the most its speed-up could have been here.
    speedUpCeilingOnThisEmulator: three.cpu.processCpuSeconds ? Number((one.seconds / three.cpu.processCpuSeconds).toFixed(2)) : undefined,
    azuriteCpuSecondsOneWorker: one.cpu.processCpuSeconds,
    azuriteCpuSecondsThreeWorkers: three.cpu.processCpuSeconds,
    azuriteCoreShareOneWorker: one.cpu.processCoreShare,
    azuriteCoreShareThreeWorkers: three.cpu.processCoreShare,
    machineBusyOneWorker: one.cpu.machineBusyShare,
    machineBusyThreeWorkers: three.cpu.machineBusyShare,
    cores: one.cpu.cores,
  };
}
