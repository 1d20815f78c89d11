// Programming model v3 (function.json apps, durable-functions 2.x): `module.exports = df.orchestrator(function* …)`
// and `df.entity(fn)`. The exported function carries the dtfx function for `dtfx start --module <folder>`.
import { V3_ENTITY, V3_ORCHESTRATOR } from "../functions/function-registry.js";
import { adaptEntity, type EntityHandler } from "./entity-context.js";
import { NotSupportedByDtfxError } from "./errors.js";
import { entityContextFactory, orchestrationContextFactory } from "./function-contexts.js";
import { adaptOrchestrator, type OrchestrationHandler } from "./orchestrator-adapter.js";

function hostedOnly(kind: string, hosted: unknown, key: symbol): (context: unknown) => never {
  const placeholder = (): never => {
    throw new NotSupportedByDtfxError(`This ${kind} runs under \`dtfx start --module <function app folder>\`, not by calling it`);
  };
  Object.defineProperty(placeholder, key, { value: hosted });
  return placeholder;
}

export function orchestrator(fn: OrchestrationHandler): (context: unknown) => never {
  return hostedOnly("orchestrator", adaptOrchestrator(fn, orchestrationContextFactory("v3")), V3_ORCHESTRATOR);
}

export function entity<T = unknown>(fn: EntityHandler<T>): (context: unknown) => never {
  return hostedOnly("entity", adaptEntity(fn, entityContextFactory("v3")), V3_ENTITY);
}
