// Stands in for a TaskHubWorker when replay-check loads a module: records what its register(worker) adds,
// keeping the orchestrators by name (looked up case-insensitively, as the worker's registry does).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import type { Orchestrator } from "../core/index.js";
import { NameRegistry } from "../worker/registry.js";
import { UsageError } from "./cli-args.js";

export class OrchestratorCollector {
  readonly orchestrators = new NameRegistry<Orchestrator>("orchestrator");

  addOrchestrator(name: string, orchestrator: Orchestrator): this {
    this.orchestrators.add(name, orchestrator);
    return this;
  }

  /** Activities and entities do not take part in replay: accepted and ignored. */
  addActivity(_name: string, _activity: unknown): this {
    return this;
  }

  addEntity(_name: string, _entity: unknown): this {
    return this;
  }
}

/** Imports the module (a path relative to the working directory) and runs its register(worker) on a collector. */
export async function collectOrchestrators(modulePath: string): Promise<OrchestratorCollector> {
  const url = pathToFileURL(resolve(process.cwd(), modulePath)).href;
  let loaded: { register?: unknown; default?: unknown };
  try {
    loaded = (await import(url)) as typeof loaded;
  } catch (error) {
    throw new UsageError(`Cannot load --module ${modulePath}: ${(error as Error).message}`);
  }
  const register = typeof loaded.register === "function" ? loaded.register : loaded.default;
  if (typeof register !== "function") {
    throw new UsageError(`--module ${modulePath} exports no register(worker) function (named 'register' or the default export)`);
  }
  const collector = new OrchestratorCollector();
  await (register as (worker: OrchestratorCollector) => unknown)(collector);
  return collector;
}
