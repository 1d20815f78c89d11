// `npm run chaos [-- --workers N] [--partition-management legacy|safe|table] | [--scenario faults]`: 500 orchestrations of mixed patterns on one hub while a worker process
// (a random one of N, sharing partitions by leases) is killed with SIGKILL every 3 s and restarted, and
// Azurite itself is restarted once. Prints completed, lost and duplicated-result counts, the time taken and,
// with several workers, handover times and sentinel conflicts; writes bench-results/chaos*.json. Goal: 500 / 0 / 0.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { AzureStorageOrchestrationService, TaskHubClient, startAzurite, type RunningAzurite } from "../dist/index.js";
import { runFaultsScenario } from "./chaos/faults.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "500" },
    "kill-every": { type: "string", default: "3000" },
    workers: { type: "string", default: "1" },
    "partition-management": { type: "string", default: "legacy" },
    // "faults": issue 15's combination (a SIGKILL at 20 %, a SIGTERM and a new worker at 40 %; see chaos/faults.ts).
    scenario: { type: "string" },
  },
});
const KIND = values["partition-management"] as "legacy" | "safe" | "table";
if (!["legacy", "safe", "table"].includes(KIND)) throw new TypeError(`--partition-management must be legacy, safe or table, not ${KIND}`);
if (values.scenario === "faults") process.exit((await runFaultsScenario()) ? 0 : 1);
if (values.scenario !== undefined) {
  console.error(`Unknown scenario ${values.scenario}; known: faults`);
  process.exit(2);
}
const COUNT = Number(values.count);
const WORKERS = Math.max(1, Number(values.workers));
const KILL_EVERY_MS = Number(values["kill-every"]);
const DEADLINE_MS = 10 * 60_000;
const WORKER = new URL("./crash-worker.js", import.meta.url).pathname;
const HUB = "Chaos";

const location = mkdtempSync(join(tmpdir(), "dtfx-chaos-"));
let azurite: RunningAzurite = await startAzurite({ location });
const ports = Object.fromEntries(
  (["blob", "queue", "table"] as const).map((s) => [`${s}Port`, Number(new URL(azurite[`${s}Endpoint`]).port)]),
);
const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: HUB, partitionCount: 4, partitionManagement: KIND });
const client = new TaskHubClient(service);

// Several workers share the partitions by leases; a killed one comes back under its own id and reclaims them.
// With several, every other stop is graceful (SIGTERM, restarted once it has exited): its leases are released
// and the handover time is how long its partitions stay without an owner.
const workers: (ChildProcess | undefined)[] = [];
let kills = 0;
let gracefulStops = 0;
const handovers = { killed: [] as number[], graceful: [] as number[] };
let historyConflicts = 0;
let quarantined = 0;
const owners = new Map<number, string>();
const vacated = new Map<number, { at: number; graceful: boolean }>();
const startWorker = (slot: number) => {
  const leases = WORKERS > 1 ? ["--leases", "--partition-events"] : [];
  const args = [WORKER, azurite.connectionString, HUB, "4", "--worker-id", `chaos-${slot}`, "--partition-management", KIND, ...leases];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
  createInterface({ input: child.stdout! }).on("line", onWorkerLine);
  workers[slot] = child;
};
const vacate = (workerId: string, graceful: boolean) => {
  for (const [partition, owner] of owners) if (owner === workerId && !vacated.has(partition)) vacated.set(partition, { at: Date.now(), graceful });
};
function onWorkerLine(line: string): void {
  if (!line.startsWith("{")) return;
  const entry = JSON.parse(line) as { event: string; workerId: string; partition: number; at: number; leaseSet?: string; for?: string };
  if (entry.event === "HistoryConflict") historyConflicts++;
  if (entry.event === "PoisonMessageQuarantined") quarantined++;
  // A partition is vacated when its owner stops taking messages (safe: its intent lease goes; table: it starts
  // draining) and taken when another starts (safe: with the ownership lease).
  if (entry.event === "PartitionReleased" || entry.event === "PartitionLost" || entry.event === "PartitionDraining") {
    if (owners.get(entry.partition) === entry.workerId) owners.delete(entry.partition);
    if (!vacated.has(entry.partition)) vacated.set(entry.partition, { at: entry.at, graceful: entry.event === "PartitionReleased" || entry.for === "shutdown" });
  }
  if (entry.event === "PartitionAcquired" && entry.leaseSet !== "intent") {
    owners.set(entry.partition, entry.workerId);
    const gone = vacated.get(entry.partition);
    if (gone) (gone.graceful ? handovers.graceful : handovers.killed).push(entry.at - gone.at);
    vacated.delete(entry.partition);
  }
}

const started = Date.now();
const ids = Array.from({ length: COUNT }, (_, i) => `chaos-${i}`);
const expected = new Map(ids.map((id, i) => [id, i % 2 === 0 ? i + 3 : 11] as const));
// A client retries a start that storage refused (Azurite restarts once); an instance that exists was started.
const schedule = async (id: string, i: number): Promise<void> => {
  for (;;) {
    try {
      await (i % 2 === 0 ? client.scheduleNewOrchestration("Chain", i, { instanceId: id }) : client.scheduleNewOrchestration("FanOut", 4, { instanceId: id }));
      return;
    } catch (error) {
      if ((error as Error).name === "InstanceExistsError") return;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
};
// One worker gets everything at once; several get ten waves two seconds apart, so that kills, graceful stops and
// handovers happen while work is in flight, not after it is done.
const WAVES = WORKERS > 1 ? 10 : 1;
const waveSize = Math.ceil(COUNT / WAVES);
await Promise.all(ids.slice(0, waveSize).map((id, i) => schedule(id, i)));
for (let slot = 0; slot < WORKERS; slot++) startWorker(slot);
void (async () => {
  for (let wave = 1; wave < WAVES; wave++) {
    await new Promise((r) => setTimeout(r, 2000));
    const from = wave * waveSize;
    await Promise.all(ids.slice(from, from + waveSize).map((id, j) => schedule(id, from + j))).catch(() => undefined);
  }
})();
const killer = setInterval(() => {
  const slot = Math.floor(Math.random() * WORKERS);
  const worker = workers[slot];
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
  if (WORKERS > 1 && (kills + gracefulStops) % 2 === 1) {
    gracefulStops++;
    workers[slot] = undefined;
    worker.once("exit", () => startWorker(slot));
    worker.kill("SIGTERM");
    return;
  }
  worker.kill("SIGKILL");
  vacate(`chaos-${slot}`, false);
  kills++;
  startWorker(slot);
}, KILL_EVERY_MS);

let restartedAzurite = false;
let done = 0;
while (Date.now() - started < DEADLINE_MS) {
  await new Promise((r) => setTimeout(r, 2000));
  if (!restartedAzurite && Date.now() - started > 8000) {
    restartedAzurite = true;
    await azurite.stop();
    await new Promise((r) => setTimeout(r, 1000));
    azurite = await startAzurite({ location, ...ports });
  }
  done = await countFinished().catch(() => done);
  process.stdout.write(`\r${done}/${COUNT} finished, ${kills} kills, ${((Date.now() - started) / 1000).toFixed(0)} s `);
  if (done === COUNT) break;
}
clearInterval(killer);
for (const worker of workers) worker?.kill("SIGKILL");
const seconds = (Date.now() - started) / 1000;
const verdict = await verify();
const result = {
  scenario: (WORKERS > 1 ? `chaos-${WORKERS}-workers` : "chaos") + (KIND === "legacy" ? "" : `-${KIND}`),
  partitionManagement: KIND,
  orchestrations: COUNT,
  workers: WORKERS,
  ...verdict,
  workerKills: kills,
  gracefulStops,
  azuriteRestarts: 1,
  seconds: Number(seconds.toFixed(1)),
  ...(WORKERS > 1
    ? {
        gracefulHandoverP50Ms: percentile(handovers.graceful, 0.5),
        gracefulHandoverMaxMs: percentile(handovers.graceful, 1),
        killedHandoverP50Ms: percentile(handovers.killed, 0.5),
        killedHandoverMaxMs: percentile(handovers.killed, 1),
        historyConflicts,
        quarantined,
        handovers: handovers.killed.length + handovers.graceful.length,
      }
    : {}),
};
console.log();
console.table([result]);
mkdirSync("bench-results", { recursive: true });
writeFileSync(`bench-results/${result.scenario}.json`, JSON.stringify(result, null, 2) + "\n");
await service.close();
await azurite.stop();
rmSync(location, { recursive: true, force: true });
process.exit(verdict.lost === 0 && verdict.duplicated === 0 && verdict.wrongOutput === 0 ? 0 : 1);

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function countFinished(): Promise<number> {
  let finished = 0;
  for await (const state of client.listOrchestrations({ instanceIdPrefix: "chaos-", fetchPayloads: false, pageSize: 1000 })) {
    if (["Completed", "Failed", "Terminated"].includes(state.runtimeStatus)) finished++;
  }
  return finished;
}

async function verify(): Promise<{ completed: number; lost: number; duplicated: number; wrongOutput: number; lostByStatus: Record<string, number> }> {
  let completed = 0, lost = 0, duplicated = 0, wrongOutput = 0;
  const lostByStatus: Record<string, number> = {};
  for (const id of ids) {
    const state = await client.getOrchestrationState(id);
    if (state?.runtimeStatus !== "Completed") {
      lost++;
      const status = state?.runtimeStatus ?? "missing";
      lostByStatus[status] = (lostByStatus[status] ?? 0) + 1;
      continue;
    }
    completed++;
    if (state.output !== expected.get(id)) wrongOutput++;
    const history = await client.getOrchestrationHistory(id);
    const answered = history.flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
    const starts = history.filter((e) => e.eventType === "ExecutionStarted").length;
    if (new Set(answered).size !== answered.length || starts !== 1) duplicated++;
  }
  return { completed, lost, duplicated, wrongOutput, lostByStatus };
}
