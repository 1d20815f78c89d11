// `npm run chaos -- --scenario faults`: the combination of faults of issue 15. Three worker processes share 8
// partitions; 400 jobs of 7 sequential activities of 100 ms (I/O-bound) are waiting when they start; at 20 % done one worker
// is SIGKILLed, at 40 % a second is stopped gracefully (SIGTERM) and a fourth starts. The figure: seconds from the
// first fault to the last completion (before the fix: 320 s, held messages waiting out a 5-minute lock). The
// workers use the service's default message locks and polling; leases are crash-worker's (15 s, renewed every 1 s).
import { mkdirSync, writeFileSync } from "node:fs";
import { AzureStorageOrchestrationService, TaskHubClient, startAzuriteInChildProcess } from "../../dist/index.js";
import { startWorkerProcess, type WorkerProcess } from "./worker-processes.js";
import { reportStall } from "./stall-report.js";

const HUB = "ChaosFaults";
const PARTITIONS = 8;
const DEADLINE_MS = 10 * 60_000;
const STALL_MS = 60_000;

export async function runFaultsScenario(jobs = 400, activitiesPerJob = 7, activityMs = 100): Promise<boolean> {
  const azurite = await startAzuriteInChildProcess();
  const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: HUB, partitionCount: PARTITIONS });
  const client = new TaskHubClient(service);
  await service.createIfNotExists();
  const flags = ["--leases", "--default-visibility", "--activity-delay", String(activityMs)];
  const start = (id: string) => startWorkerProcess(azurite.connectionString, HUB, PARTITIONS, id, flags);
  // All jobs are waiting before the workers start, so the 20 % and 40 % marks fall while they work.
  const ids = await Promise.all(Array.from({ length: jobs }, (_, i) => client.scheduleNewOrchestration("Jobs", activitiesPerJob, { instanceId: `job-${i}` })));
  const workers: WorkerProcess[] = ["w1", "w2", "w3"].map(start);
  await Promise.all(workers.map((w) => w.ready));
  const started = Date.now();
  const marks: Record<string, number> = {};
  let done = 0;
  let progressAt = Date.now();
  let stallsReported = 0;
  while (done < jobs && Date.now() - started < DEADLINE_MS) {
    await new Promise((r) => setTimeout(r, 250));
    const finishedNow = await finished(client);
    if (finishedNow.length !== done) progressAt = Date.now();
    done = finishedNow.length;
    // No progress for a minute is past any lock, lease or polling interval: say where the work is.
    if (Date.now() - progressAt > STALL_MS && stallsReported < 2) {
      stallsReported++;
      progressAt = Date.now();
      const finishedIds = new Set(finishedNow.map((s) => s.instanceId));
      console.log();
      await reportStall(azurite.connectionString, HUB, client, ids.filter((id) => !finishedIds.has(id)));
    }
    if (marks.sigkill === undefined && done >= jobs * 0.2) {
      workers[0]!.child.kill("SIGKILL");
      marks.sigkill = Date.now();
    }
    if (marks.sigterm === undefined && done >= jobs * 0.4) {
      workers[1]!.child.kill("SIGTERM");
      workers.push(start("w4"));
      marks.sigterm = Date.now();
    }
    process.stdout.write(`\r${done}/${jobs} done, ${((Date.now() - started) / 1000).toFixed(1)} s `);
  }
  const completions = await finished(client);
  const lastCompletion = Math.max(...completions.map((s) => s.completedAt?.getTime() ?? 0));
  const verdict = await verify(client, ids, activitiesPerJob);
  const result = {
    scenario: "chaos-faults",
    jobs,
    activitiesPerJob,
    activityMs,
    workers: "3 (+1 at 40 %)",
    partitions: PARTITIONS,
    ...verdict,
    secondsToFirstFault: seconds(marks.sigkill! - started),
    secondsToGracefulStop: seconds(marks.sigterm! - started),
    secondsFromFirstFaultToLastCompletion: seconds(lastCompletion - marks.sigkill!),
    goalSeconds: 60,
    totalSeconds: seconds(lastCompletion - started),
  };
  console.log();
  console.table([result]);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/chaos-faults.json", JSON.stringify(result, null, 2) + "\n");
  for (const w of workers) w.child.kill("SIGKILL");
  await service.close();
  await azurite.stop();
  return verdict.lost === 0 && verdict.duplicated === 0 && verdict.wrongOutput === 0;
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

async function finished(client: TaskHubClient) {
  const states = [];
  for await (const state of client.listOrchestrations({ instanceIdPrefix: "job-", fetchPayloads: false })) {
    if (state.runtimeStatus === "Completed" || state.runtimeStatus === "Failed") states.push(state);
  }
  return states;
}

async function verify(client: TaskHubClient, ids: string[], activitiesPerJob: number) {
  let completed = 0, lost = 0, duplicated = 0, wrongOutput = 0;
  for (const id of ids) {
    const state = await client.getOrchestrationState(id);
    if (state?.runtimeStatus !== "Completed") {
      lost++;
      continue;
    }
    completed++;
    if (state.output !== activitiesPerJob) wrongOutput++;
    const history = await client.getOrchestrationHistory(id);
    const answered = history.flatMap((e) => (e.eventType === "TaskCompleted" ? [e.taskScheduledId] : []));
    if (new Set(answered).size !== answered.length) duplicated++;
  }
  return { completed, lost, duplicated, wrongOutput };
}
