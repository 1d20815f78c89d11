// `dtfx start`: a task hub on embedded Azurite (or a real account), a worker hosting the samples of every
// pattern, and one run of each sample with its result printed as it finishes.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AzureStorageOrchestrationService } from "../azure/azure-storage-orchestration-service.js";
import { readAzuriteConfig } from "../azurite/azurite-config.js";
import { startAzurite, type RunningAzurite } from "../azurite/start-azurite.js";
import { TaskHubClient } from "../client/task-hub-client.js";
import { createLogger, readableLinesSink } from "../logging/logger.js";
import { registerSamples } from "../samples/index.js";
import { TaskHubWorker } from "../worker/task-hub-worker.js";

export interface StartOptions {
  connectionString?: string;
  accountName?: string;
  taskHub: string;
  partitions: number;
  /** HTTP API port (default 7071). */
  port?: number;
  /** Interface the HTTP API binds (default 127.0.0.1). */
  host?: string;
  /** API key required on every HTTP request; mandatory when host is not loopback. */
  key?: string;
  /** A module exporting register(worker) to host instead of the samples. */
  module?: string;
}

export async function startCommand(options: StartOptions): Promise<void> {
  let azurite: RunningAzurite | undefined;
  let connectionString = options.connectionString;
  if (!connectionString) {
    azurite = await startEmbeddedAzurite();
    connectionString = azurite.connectionString;
    console.log(`Embedded Azurite: blob ${azurite.blobEndpoint}, queue ${azurite.queueEndpoint}, table ${azurite.tableEndpoint}`);
  } else {
    console.log("Using the storage account from the connection string");
  }
  const log = createLogger({ sink: readableLinesSink() });
  const service = new AzureStorageOrchestrationService({
    connectionString,
    taskHubName: options.taskHub,
    partitionCount: options.partitions,
    log,
  });
  const worker = registerSamples(new TaskHubWorker(service, { log }));
  await worker.start();
  console.log(`Worker started on task hub '${options.taskHub}' with ${options.partitions} partitions`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping…");
    await worker.stop({ timeoutInMs: 5_000 });
    await service.close();
    await azurite?.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  await runSamples(new TaskHubClient(service));
  console.log("The worker keeps running; press Ctrl-C to stop.");
}

async function runSamples(client: TaskHubClient): Promise<void> {
  const runs: [string, unknown][] = [
    ["HelloCities", undefined],
    ["FanOutFanIn", 10],
    ["Monitor", { checks: 3, intervalInMs: 1000 }],
    ["Approval", 5_000],
  ];
  await Promise.all(
    runs.map(async ([name, input]) => {
      const started = Date.now();
      const id = await client.scheduleNewOrchestration(name, input);
      console.log(`Started ${name} as ${id}`);
      if (name === "Approval") {
        await client.waitForOrchestrationStart(id, { timeoutInMs: 30_000 });
        await client.raiseEvent(id, "Approval", { approvedBy: "demo" });
      }
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 60_000 });
      console.log(`${name} ${state.runtimeStatus} in ${Date.now() - started} ms: ${JSON.stringify(state.output)}`);
    }),
  );
}

/** azurite.json from the working directory, else the package's own; its ports, or free ones if taken. */
async function startEmbeddedAzurite(): Promise<RunningAzurite> {
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const path = [resolve("azurite.json"), join(packageRoot, "azurite.json")].find((p) => existsSync(p));
  const config = path ? readAzuriteConfig(path) : {};
  try {
    return await startAzurite(config);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.log("The ports in azurite.json are in use; starting the embedded Azurite on free ports instead");
    return startAzurite({ ...config, blobPort: 0, queuePort: 0, tablePort: 0 });
  }
}
