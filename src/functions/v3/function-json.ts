// One function of a v3 (function.json) app: `<app>/<Name>/function.json` names its bindings; the function's
// name is the folder's; its code is `index.js` beside it unless `scriptFile`/`entryPoint` say otherwise.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export interface V3Binding {
  name: string;
  type: string;
  direction?: "in" | "out" | "inout";
  route?: string;
  methods?: string[];
  authLevel?: string;
  [setting: string]: unknown;
}

export interface V3FunctionDefinition {
  name: string;
  directory: string;
  scriptFile: string;
  entryPoint?: string;
  bindings: V3Binding[];
  disabled: boolean;
}

export class InvalidFunctionAppError extends Error {
  override readonly name = "InvalidFunctionAppError";
}

/** True when some subfolder holds a function.json. */
export function isV3FunctionApp(folder: string): boolean {
  return functionFolders(folder).length > 0;
}

export function readV3Functions(folder: string): V3FunctionDefinition[] {
  const folders = functionFolders(folder);
  if (folders.length === 0) throw new InvalidFunctionAppError(`${folder} holds no <Name>/function.json`);
  return folders.map((name) => readDefinition(folder, name));
}

function functionFolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "node_modules" && existsSync(join(folder, entry.name, "function.json")))
    .map((entry) => entry.name)
    .sort();
}

function readDefinition(appFolder: string, name: string): V3FunctionDefinition {
  const directory = resolve(appFolder, name);
  const path = join(directory, "function.json");
  let json: { bindings?: unknown; scriptFile?: unknown; entryPoint?: unknown; disabled?: unknown };
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidFunctionAppError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json.bindings) || json.bindings.some((b) => typeof b?.type !== "string" || typeof b?.name !== "string")) {
    throw new InvalidFunctionAppError(`${path} must have "bindings": an array of { "name", "type", … }`);
  }
  const scriptFile = typeof json.scriptFile === "string" ? resolve(directory, json.scriptFile) : defaultScript(directory);
  if (!existsSync(scriptFile)) throw new InvalidFunctionAppError(`Function '${name}' has no code: ${scriptFile} does not exist`);
  return {
    name,
    directory,
    scriptFile,
    entryPoint: typeof json.entryPoint === "string" ? json.entryPoint : undefined,
    bindings: json.bindings as V3Binding[],
    disabled: json.disabled === true,
  };
}

function defaultScript(directory: string): string {
  return ["index.js", "index.cjs", "index.mjs"].map((f) => join(directory, f)).find((p) => existsSync(p)) ?? join(directory, "index.js");
}

/** The binding that triggers the function (exactly one, as the host requires). */
export function triggerOf(definition: V3FunctionDefinition): V3Binding {
  const triggers = definition.bindings.filter((b) => b.type.endsWith("Trigger"));
  if (triggers.length !== 1) {
    throw new InvalidFunctionAppError(`Function '${definition.name}' must have exactly one trigger binding, not ${triggers.length}`);
  }
  return triggers[0]!;
}
