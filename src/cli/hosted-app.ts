// What `dtfx start --module <path>` hosts: a dtfx module (`register(worker)`), a v4 Functions app file (its
// `app.*` registrations, and those of what it imports), or a v3 function app folder (`<Name>/function.json`).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { clearRegisteredFunctions, registeredFunctions, type FunctionRegistration, type HttpRegistration } from "../functions/function-registry.js";
import { isV3FunctionApp } from "../functions/v3/function-json.js";
import { loadV3FunctionApp } from "../functions/v3/v3-function-app.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

export interface HostedApp {
  /** Adds the app's orchestrators, activities and entities to the worker. */
  register(worker: TaskHubWorker): void;
  httpFunctions: HttpRegistration[];
}

export async function loadHostedApp(path: string): Promise<HostedApp> {
  const full = resolve(process.cwd(), path);
  if (!existsSync(full)) throw new Error(`--module ${path} does not exist`);
  if (statSync(full).isDirectory()) return loadFolder(path, full);
  return loadFile(path, full);
}

async function loadFolder(path: string, folder: string): Promise<HostedApp> {
  if (isV3FunctionApp(folder)) return fromRegistrations(await loadV3FunctionApp(folder));
  const main = mainFiles(folder);
  if (main.length === 0) {
    throw new Error(`--module ${path} is a folder without <Name>/function.json (a v3 app) or a package.json "main" (a v4 app)`);
  }
  clearRegisteredFunctions();
  for (const file of main) await import(pathToFileURL(file).href);
  return fromRegistrations(registeredFunctions());
}

async function loadFile(path: string, file: string): Promise<HostedApp> {
  clearRegisteredFunctions();
  const loaded = (await import(pathToFileURL(file).href)) as { register?: unknown; default?: unknown };
  const registrations = registeredFunctions();
  const register = typeof loaded.register === "function" ? loaded.register : loaded.default;
  if (typeof register === "function") {
    const app = fromRegistrations(registrations);
    return { ...app, register: (worker) => (register(worker), app.register(worker)) };
  }
  if (registrations.length === 0) {
    throw new Error(
      `--module ${path} must export a function register(worker) (named, or as its default export), ` +
        `or register functions with app.* from dtfx/durable-functions and dtfx/functions`,
    );
  }
  return fromRegistrations(registrations);
}

function fromRegistrations(registrations: readonly FunctionRegistration[]): HostedApp {
  return {
    register(worker) {
      for (const r of registrations) {
        if (r.kind === "orchestration") worker.addOrchestrator(r.name, r.orchestrator as Parameters<TaskHubWorker["addOrchestrator"]>[1]);
        else if (r.kind === "activity") worker.addActivity(r.name, r.activity);
        else if (r.kind === "entity") worker.addEntity(r.name, r.entity as Parameters<TaskHubWorker["addEntity"]>[1]);
      }
    },
    httpFunctions: registrations.filter((r): r is HttpRegistration => r.kind === "http"),
  };
}

/** package.json's "main", which v4 apps may give as a glob in its last segment (e.g. `src/functions/*.js`). */
function mainFiles(folder: string): string[] {
  const manifest = join(folder, "package.json");
  if (!existsSync(manifest)) return [];
  const main = (JSON.parse(readFileSync(manifest, "utf8")) as { main?: unknown }).main;
  if (typeof main !== "string" || main === "") return [];
  const pattern = basename(main);
  if (!pattern.includes("*")) return [resolve(folder, main)];
  const directory = resolve(folder, dirname(main));
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return readdirSync(directory).filter((f) => regex.test(f)).sort().map((f) => join(directory, f));
}
