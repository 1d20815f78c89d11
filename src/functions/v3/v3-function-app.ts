// A v3 function app folder as registrations `dtfx start` hosts: orchestrators and entities from their
// `df.orchestrator(…)` / `df.entity(…)` exports, activities and HTTP functions called with v3's bindings.
import { pathToFileURL } from "node:url";
import { V3_ENTITY, V3_ORCHESTRATOR, type FunctionRegistration, type HttpInvocation } from "../function-registry.js";
import { InvalidFunctionAppError, readV3Functions, triggerOf, type V3Binding, type V3FunctionDefinition } from "./function-json.js";
import { fromV3Response, toV3Request } from "./v3-http.js";
import { invokeV3Function, type V3Function } from "./v3-invocation.js";

const CLIENT_TYPES = new Set(["durableClient", "orchestrationClient"]);
const AUTH_LEVELS = new Set(["anonymous", "function", "admin"]);

export async function loadV3FunctionApp(folder: string): Promise<FunctionRegistration[]> {
  const registrations: FunctionRegistration[] = [];
  for (const definition of readV3Functions(folder)) {
    if (definition.disabled) continue;
    registrations.push(toRegistration(definition, await loadExport(definition)));
  }
  return registrations;
}

async function loadExport(definition: V3FunctionDefinition): Promise<unknown> {
  const loaded = (await import(pathToFileURL(definition.scriptFile).href)) as Record<string, unknown>;
  // A CommonJS module's `module.exports` is the default export; an ESM one names its entry point or exports a default.
  const exported = definition.entryPoint ? (loaded[definition.entryPoint] ?? (loaded.default as Record<string, unknown>)?.[definition.entryPoint]) : loaded.default;
  if (typeof exported !== "function") {
    const what = definition.entryPoint ? `export '${definition.entryPoint}'` : "module.exports";
    throw new InvalidFunctionAppError(`Function '${definition.name}': ${what} of ${definition.scriptFile} is not a function`);
  }
  return exported;
}

function toRegistration(definition: V3FunctionDefinition, exported: unknown): FunctionRegistration {
  const { name } = definition;
  const trigger = triggerOf(definition);
  const hosted = (key: symbol, how: string) => {
    const value = (exported as Record<symbol, unknown>)[key];
    if (typeof value !== "function") throw new InvalidFunctionAppError(`Function '${name}' (${trigger.type}) must export ${how}`);
    return value as (...args: any[]) => unknown;
  };
  switch (trigger.type) {
    case "orchestrationTrigger":
      return { kind: "orchestration", name, orchestrator: hosted(V3_ORCHESTRATOR, 'df.orchestrator(function* (context) { … }) from require("dtfx/durable-functions")') };
    case "entityTrigger":
      return { kind: "entity", name, entity: hosted(V3_ENTITY, 'df.entity(function (context) { … }) from require("dtfx/durable-functions")') };
    case "activityTrigger":
      return { kind: "activity", name, activity: activityOf(definition, trigger, exported as V3Function) };
    case "httpTrigger":
      return httpRegistration(definition, trigger, exported as V3Function);
    default:
      throw new InvalidFunctionAppError(`Function '${name}': dtfx start hosts durable and HTTP triggers only, not '${trigger.type}'`);
  }
}

/** An activity's input is in `context.bindings.<trigger name>` and is also its second argument. */
function activityOf(definition: V3FunctionDefinition, trigger: V3Binding, fn: V3Function) {
  return async (_ctx: unknown, input: unknown) => {
    const { result } = await invokeV3Function(fn, {
      functionName: definition.name,
      functionDirectory: definition.directory,
      bindings: { [trigger.name]: input },
      bindingData: { [trigger.name]: input },
      inputs: [input],
    });
    return result;
  };
}

function httpRegistration(definition: V3FunctionDefinition, trigger: V3Binding, fn: V3Function): FunctionRegistration {
  const unsupported = definition.bindings.filter((b) => b !== trigger && !CLIENT_TYPES.has(b.type) && b.type !== "http");
  if (unsupported.length) {
    throw new InvalidFunctionAppError(`Function '${definition.name}': dtfx provides durable client and http bindings only, not '${unsupported[0]!.type}'`);
  }
  const authLevel = (trigger.authLevel ?? "function").toLowerCase();
  if (!AUTH_LEVELS.has(authLevel)) throw new InvalidFunctionAppError(`Function '${definition.name}': unknown authLevel '${trigger.authLevel}'`);
  const output = definition.bindings.find((b) => b.type === "http" && b.direction === "out");
  const clients = definition.bindings.filter((b) => CLIENT_TYPES.has(b.type));
  return {
    kind: "http",
    name: definition.name,
    route: trigger.route ?? definition.name,
    methods: (trigger.methods ?? []).map((m) => String(m).toUpperCase()),
    authLevel: authLevel as "anonymous" | "function" | "admin",
    async invoke(invocation: HttpInvocation) {
      const req = await toV3Request(invocation.request, invocation.params);
      const bindings: Record<string, unknown> = { [trigger.name]: req };
      for (const client of clients) bindings[client.name] = invocation.bindingFor(client.type);
      const { result, context } = await invokeV3Function(fn, {
        functionName: definition.name,
        functionDirectory: definition.directory,
        bindings,
        bindingData: { [trigger.name]: req, query: req.query, headers: req.headers, params: req.params, ...req.params },
        inputs: [req],
        extras: { req },
      });
      const response = output && output.name !== "$return" ? (context.bindings[output.name] ?? context.res) : (result ?? context.res);
      return fromV3Response(response);
    },
  };
}
