// `dtfx start`: a task hub on embedded Azurite (or a real account), a worker hosting the samples of every
// pattern (or the user's --module), the HTTP management API, and one run of each sample printed as it finishes.
import { readAzuriteConfig } from "../azurite/azurite-config.js";
import { startAzurite, type RunningAzurite } from "../azurite/start-azurite.js";
import { TaskHubClient } from "../client/task-hub-client.js";
import { createDurableClientBinding, type DurableClientBinding } from "../durable-functions/client-binding.js";
import { HttpFunctionHost } from "../functions/http-function-host.js";
import { EntityId } from "../core/index.js";
import { validateTaskHubName } from "../azure/resource-names.js";
import { assertSafeBinding, assertUsableKey, DEFAULT_HTTP_HOST } from "../http/binding-policy.js";
import { parseBaseUrl, startHttpApi, type ExtraRoutes, type RunningHttpApi } from "../http/http-api.js";
import { DEFAULT_MAX_BODY_BYTES } from "../http/request-body.js";
import { createLogger, readableLinesSink, type Logger } from "../logging/logger.js";
import { registerSamples } from "../samples/index.js";
import { TaskHubWorker } from "../worker/task-hub-worker.js";
import { UsageError } from "./cli-args.js";
import { loadHostedApp, type HostedApp } from "./hosted-app.js";
import { azuriteConfigPath } from "./running-azurite.js";
import { checkConnectionString, namesAnAccount, openService } from "./storage-connection.js";
import { startTraceExport } from "./trace-export.js";

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
  /** Public base of the URLs the API returns (default http://{host}:{port}). */
  baseUrl?: string;
  /** What to host instead of the samples: a module exporting register(worker), a v4 Functions app file, or a v3 function app folder. */
  module?: string;
}

const DEFAULT_HTTP_PORT = 7071;
/** Past this, a stop that hangs (a stuck activity, unreachable storage) is cut short. */
const SHUTDOWN_DEADLINE_MS = 9_000;

export async function startCommand(options: StartOptions): Promise<void> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  // Everything a user can get wrong is checked before Azurite or storage is touched.
  assertUsableKey(options.key);
  assertSafeBinding(host, options.key);
  validateTaskHubName(options.taskHub);
  if (options.baseUrl !== undefined) usableBaseUrl(options.baseUrl);
  if (options.connectionString !== undefined) checkConnectionString(options.connectionString);
  const app: HostedApp = options.module ? await loadHostedApp(options.module) : { register: registerSamples, httpFunctions: [] };
  const traces = await startTraceExport();
  if (traces) console.log(`Exporting traces over OTLP/HTTP to ${traces.endpoint}`);

  const embedded = namesAnAccount(options) ? undefined : await startEmbeddedAzurite();
  const azurite = embedded?.azurite;
  const connectionString = azurite?.connectionString ?? options.connectionString;
  console.log(describeStorage(azurite, connectionString ?? process.env.AZURE_STORAGE_CONNECTION_STRING, options.accountName));
  const log = createLogger({ sink: readableLinesSink() });
  const service = openService({ ...options, connectionString }, log);
  const worker = new TaskHubWorker(service, { log });
  app.register(worker);
  const names = () => worker.registeredNames;
  await worker.start();
  console.log(`Worker started on task hub '${options.taskHub}' with ${options.partitions} partitions`);

  const client = new TaskHubClient(service);
  // The durable client that HTTP functions get; its base URL is known once the API listens.
  let durableClient: DurableClientBinding | undefined;
  const functions = app.httpFunctions.length === 0 ? undefined : new HttpFunctionHost({
    functions: app.httpFunctions, key: options.key, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, log,
    bindingFor: (type) => (type === "durableClient" || type === "orchestrationClient" ? durableClient : undefined),
  });
  const api = await startApi({
    client, host, port: options.port, key: options.key, baseUrl: options.baseUrl, log, dashboard: true,
    orchestratorNames: () => names().orchestrators,
    entityNames: () => names().entities,
    extraRoutes: functions,
  });
  durableClient = createDurableClientBinding({
    client, taskHubName: options.taskHub, baseUrl: new URL(api.url).origin, key: options.key,
    isKnownOrchestrator: (name) => names().orchestrators.some((n) => n.toLowerCase() === name.toLowerCase()),
  });
  if (functions) printFunctions(functions, new URL(api.url).origin);
  printHowToUse(api, names(), Boolean(options.key));
  if (embedded) printHowToReachAzurite(embedded.onConfiguredPorts);

  const stopAll = async () => {
    await api.close();
    await worker.stop({ timeoutInMs: 5_000 });
    await service.close();
    await traces?.shutdown().catch(() => undefined);
    await azurite?.stop();
  };
  stopOnSignals(stopAll);
  if (!options.module) void runSamplesOnce(client);
}

function usableBaseUrl(text: string): string {
  try {
    return parseBaseUrl(text);
  } catch (error) {
    throw new UsageError(`--base-url: ${(error as Error).message}`);
  }
}

interface ApiSettings {
  client: TaskHubClient;
  host: string;
  port?: number;
  key?: string;
  baseUrl?: string;
  orchestratorNames: () => Iterable<string>;
  entityNames: () => Iterable<string>;
  extraRoutes?: ExtraRoutes;
  dashboard: boolean;
  log: Logger;
}

/** On 7071 unless told otherwise; when 7071 is taken and no port was asked for, on a free one. */
async function startApi(settings: ApiSettings): Promise<RunningHttpApi> {
  try {
    return await startHttpApi({ ...settings, port: settings.port ?? DEFAULT_HTTP_PORT });
  } catch (error) {
    if (settings.port !== undefined || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.log(`Port ${DEFAULT_HTTP_PORT} is in use; serving the HTTP API on a free port instead`);
    return startHttpApi({ ...settings, port: 0 });
  }
}

/** The app's HTTP functions, as the Functions host lists them at startup. */
function printFunctions(functions: HttpFunctionHost, origin: string): void {
  console.log("Functions:");
  for (const line of functions.describe()) console.log(`  ${line.replace(" /api/", ` ${origin}/api/`)}`);
}

function printHowToUse(api: RunningHttpApi, names: { orchestrators: string[]; entities: string[] }, hasKey: boolean): void {
  console.log(`HTTP API: ${api.url}`);
  console.log(`Dashboard: ${new URL("/dashboard/", api.url).href}${hasKey ? "?code=<your key>" : ""}`);
  // The key itself is never printed: the line names where it goes.
  const code = (separator: string) => (hasKey ? `${separator}code=<your key>` : "");
  const orchestrator = names.orchestrators.find((n) => n === "HelloCities") ?? names.orchestrators[0];
  if (orchestrator) {
    console.log(`Try: curl -X POST -H "Content-Type: application/json" "${api.url}/orchestrators/${encodeURIComponent(orchestrator)}${code("?")}"`);
    console.log(`     then GET the statusQueryGetUri it returns until it answers 200.`);
  }
  if (names.entities.includes("Counter")) {
    console.log(`     curl -X POST -H "Content-Type: application/json" "${api.url}/entities/Counter/demo?op=add${code("&")}" -d 5` +
      "   (then GET the same URL without ?op)");
  }
}

function stopOnSignals(stopAll: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    setTimeout(() => {
      console.error(`Did not stop within ${SHUTDOWN_DEADLINE_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    stopAll().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Stopping failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** The demo: one run of each sample, in the background so the API is usable meanwhile. */
async function runSamplesOnce(client: TaskHubClient): Promise<void> {
  try {
    await runSamples(client);
    console.log("The worker and the HTTP API keep running; press Ctrl-C to stop.");
  } catch (error) {
    console.log(`The sample demo stopped early: ${(error as Error).message}`);
  }
}

/** The aggregator: a reset and ten adds sent in one turn (so in order, in one message), then the count read back. */
async function runCounter(client: TaskHubClient): Promise<void> {
  const started = Date.now();
  const counter = new EntityId("Counter", "demo");
  await Promise.all([client.signalEntity(counter, "reset"), ...Array.from({ length: 10 }, (_, i) => client.signalEntity(counter, "add", i + 1))]);
  const deadline = Date.now() + 30_000;
  let state: number | undefined;
  while ((state = (await client.getEntity<number>(counter))?.state) !== 55 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`Counter entity ${counter} reads ${state} after reset and adding 1…10, in ${Date.now() - started} ms`);
}

async function runSamples(client: TaskHubClient): Promise<void> {
  const runs: [string, unknown][] = [
    ["HelloCities", undefined],
    ["FanOutFanIn", 10],
    ["Monitor", { checks: 3, intervalInMs: 1000 }],
    ["Approval", 5_000],
  ];
  await Promise.all([
    runCounter(client),
    ...runs.map(async ([name, input]) => {
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
  ]);
}

function describeStorage(azurite: RunningAzurite | undefined, connectionString?: string, accountName?: string): string {
  if (azurite) return `Embedded Azurite: blob ${azurite.blobEndpoint}, queue ${azurite.queueEndpoint}, table ${azurite.tableEndpoint}`;
  if (connectionString) return "Using the storage account from the connection string";
  return `Using storage account '${accountName}' (DefaultAzureCredential)`;
}

/** How commands in another terminal reach this Azurite (the key is Azurite's well-known one, never printed). */
function printHowToReachAzurite(onConfiguredPorts: boolean): void {
  if (onConfiguredPorts) {
    console.log("Other terminals: 'npx dtfx list', 'npx dtfx start HelloCities --input \'[\"Paris\"]\' --wait', … find this Azurite by");
    console.log("     themselves (azurite.json's ports answer); elsewhere pass --connection-string UseDevelopmentStorage=true.");
  } else {
    console.log("Other terminals: this Azurite is not on azurite.json's ports, so pass dtfx commands --connection-string with the");
    console.log("     endpoints above and Azurite's well-known devstoreaccount1 key.");
  }
}

/** azurite.json from the working directory, else the package's own; its ports, or free ones if taken. */
async function startEmbeddedAzurite(): Promise<{ azurite: RunningAzurite; onConfiguredPorts: boolean }> {
  const path = azuriteConfigPath();
  const config = path ? readAzuriteConfig(path) : {};
  try {
    return { azurite: await startAzurite(config), onConfiguredPorts: path !== undefined };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.log("The ports in azurite.json are in use; starting the embedded Azurite on free ports instead");
    return { azurite: await startAzurite({ ...config, blobPort: 0, queuePort: 0, tablePort: 0 }), onConfiguredPorts: false };
  }
}
