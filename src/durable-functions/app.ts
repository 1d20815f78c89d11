// v4's `df.app`: orchestrations, activities and entities registered by name, and client functions (`app.client.http`).
// They go into the registry `dtfx start --module` hosts from.
import { registerFunction } from "../functions/function-registry.js";
import { http, type HttpFunctionOptions } from "../functions/app.js";
import type { HttpRequest } from "../functions/http-request.js";
import type { InvocationContext } from "../functions/invocation-context.js";
import { durableClient } from "./bindings.js";
import { getClient } from "./client-binding.js";
import type { DurableClient } from "./durable-client.js";
import { adaptEntity, type EntityHandler } from "./entity-context.js";
import { NotSupportedByDtfxError } from "./errors.js";
import { activityInvocationContext, entityContextFactory, orchestrationContextFactory } from "./function-contexts.js";
import { adaptOrchestrator, type OrchestrationHandler } from "./orchestrator-adapter.js";
import { RegisteredActivityTask, RegisteredOrchestrationTask } from "./registered-tasks.js";

export type ActivityHandler = (input: any, context: InvocationContext) => unknown;

export interface ActivityOptions {
  handler: ActivityHandler;
  extraInputs?: unknown[];
  extraOutputs?: unknown[];
}

export function orchestration(functionName: string, handlerOrOptions: OrchestrationHandler | { handler: OrchestrationHandler }) {
  const handler = typeof handlerOrOptions === "function" ? handlerOrOptions : handlerOrOptions?.handler;
  registerFunction({ kind: "orchestration", name: functionName, orchestrator: adaptOrchestrator(handler, orchestrationContextFactory("v4")) });
  return (input?: unknown, instanceId?: string) => new RegisteredOrchestrationTask(functionName, input, instanceId);
}

export function activity(functionName: string, options: ActivityOptions) {
  const handler = options?.handler;
  if (typeof handler !== "function") throw new TypeError(`df.app.activity('${functionName}') needs options with a handler function`);
  if (options.extraInputs?.length || options.extraOutputs?.length) {
    throw new NotSupportedByDtfxError(`df.app.activity('${functionName}'): dtfx does not provide extra input or output bindings`);
  }
  registerFunction({
    kind: "activity",
    name: functionName,
    activity: (_ctx: unknown, input: unknown) => handler(input, activityInvocationContext(functionName)),
  });
  return (input?: unknown) => new RegisteredActivityTask(functionName, input);
}

export function entity<T = unknown>(functionName: string, handlerOrOptions: EntityHandler<T> | { handler: EntityHandler<T> }): void {
  const handler = typeof handlerOrOptions === "function" ? handlerOrOptions : handlerOrOptions?.handler;
  registerFunction({ kind: "entity", name: functionName, entity: adaptEntity(handler, entityContextFactory("v4", functionName)) });
}

/** The package's hook for custom error properties: dtfx keeps an error's type, message and stack only. */
export function setExceptionPropertiesProvider(_provider: unknown): void {
  throw new NotSupportedByDtfxError("setExceptionPropertiesProvider is not supported by dtfx: failure details carry the error's type, message and stack");
}

export type HttpDurableClientHandler = (request: HttpRequest, client: DurableClient, context: InvocationContext) => ReturnType<HttpFunctionOptions["handler"]>;

function unsupportedClientTrigger(kind: string) {
  return (functionName: string): never => {
    throw new NotSupportedByDtfxError(`df.app.client.${kind}('${functionName}'): dtfx start hosts HTTP-triggered client functions only`);
  };
}

/** `df.app.client.http(name, { route, handler: (request, client, context) => … })`: an HTTP function with the client. */
export const client = {
  http(functionName: string, options: Omit<HttpFunctionOptions, "handler"> & { handler: HttpDurableClientHandler }): void {
    const input = durableClient();
    http(functionName, {
      ...options,
      extraInputs: [...(options.extraInputs ?? []), input],
      handler: (request, context) => options.handler(request, getClient(context), context),
    });
  },
  timer: unsupportedClientTrigger("timer"),
  storageBlob: unsupportedClientTrigger("storageBlob"),
  storageQueue: unsupportedClientTrigger("storageQueue"),
  serviceBusQueue: unsupportedClientTrigger("serviceBusQueue"),
  serviceBusTopic: unsupportedClientTrigger("serviceBusTopic"),
  eventHub: unsupportedClientTrigger("eventHub"),
  eventGrid: unsupportedClientTrigger("eventGrid"),
  cosmosDB: unsupportedClientTrigger("cosmosDB"),
  generic: unsupportedClientTrigger("generic"),
};
