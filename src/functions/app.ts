// @azure/functions v4's `app.http` (and its per-method shorthands) for HTTP starters: each registration becomes
// a route `dtfx start` serves under /api/. Bindings the host cannot provide are refused when registered.
import { randomUUID } from "node:crypto";
import { registerFunction, type HttpInvocation } from "./function-registry.js";
import { HttpRequest } from "./http-request.js";
import { toFetchResponse, type HttpResponse, type HttpResponseInit } from "./http-response.js";
import { InvocationContext, type FunctionBinding } from "./invocation-context.js";

export type HttpMethod = "GET" | "POST" | "DELETE" | "HEAD" | "PATCH" | "PUT" | "OPTIONS" | "TRACE" | "CONNECT";
export type HttpHandler = (
  request: HttpRequest,
  context: InvocationContext,
) => HttpResponseInit | HttpResponse | Response | void | Promise<HttpResponseInit | HttpResponse | Response | void>;

export interface HttpFunctionOptions {
  handler: HttpHandler;
  /** Below /api/; defaults to the function's name. */
  route?: string;
  /** Default GET and POST, as @azure/functions. */
  methods?: HttpMethod[];
  /** Default "anonymous"; with `dtfx start --key`, other levels need the key. */
  authLevel?: "anonymous" | "function" | "admin";
  extraInputs?: FunctionBinding[];
  extraOutputs?: FunctionBinding[];
  return?: FunctionBinding;
}

export type HttpMethodFunctionOptions = Omit<HttpFunctionOptions, "methods">;

/** Input binding types the host can fill in. */
const SUPPORTED_INPUTS = new Set(["durableClient", "orchestrationClient"]);

export class NotSupportedByDtfxError extends Error {
  override readonly name = "NotSupportedByDtfxError";
}

export function http(name: string, options: HttpFunctionOptions): void {
  if (typeof options?.handler !== "function") throw new TypeError(`app.http('${name}') needs options with a handler function`);
  const extraInputs = options.extraInputs ?? [];
  for (const input of extraInputs) {
    if (!SUPPORTED_INPUTS.has(input?.type)) {
      throw new NotSupportedByDtfxError(`app.http('${name}'): dtfx provides durableClient inputs only, not '${input?.type}'`);
    }
  }
  if (options.extraOutputs?.length) {
    throw new NotSupportedByDtfxError(`app.http('${name}'): dtfx does not provide output bindings; return the HTTP response instead`);
  }
  const methods = (options.methods ?? ["GET", "POST"]).map((m) => m.toUpperCase());
  const authLevel = options.authLevel ?? "anonymous";
  const trigger: FunctionBinding = { name: "httpTrigger", type: "httpTrigger", route: options.route, methods, authLevel };
  registerFunction({
    kind: "http",
    name,
    route: options.route ?? name,
    methods,
    authLevel,
    async invoke(invocation: HttpInvocation) {
      const context = new InvocationContext({
        invocationId: randomUUID(),
        functionName: name,
        options: { trigger, return: options.return ?? { name: "$return", type: "http" }, extraInputs, extraOutputs: [] },
      });
      for (const input of extraInputs) context.extraInputs.set(input, invocation.bindingFor(input.type));
      const request = new HttpRequest(invocation.request, invocation.params);
      return toFetchResponse(await options.handler(request, context));
    },
  });
}

function shorthand(method: HttpMethod) {
  return (name: string, optionsOrHandler: HttpMethodFunctionOptions | HttpHandler): void => {
    const options = typeof optionsOrHandler === "function" ? { handler: optionsOrHandler } : optionsOrHandler;
    http(name, { ...options, methods: [method] });
  };
}

export const get = shorthand("GET");
export const post = shorthand("POST");
export const put = shorthand("PUT");
export const patch = shorthand("PATCH");
export const deleteRequest = shorthand("DELETE");

/** Accepted for compatibility (e.g. `enableHttpStream`): dtfx always streams through fetch Requests and Responses. */
export function setup(_options?: unknown): void {}

function unsupportedTrigger(kind: string) {
  return (name: string): never => {
    throw new NotSupportedByDtfxError(`app.${kind}('${name}'): dtfx start hosts HTTP triggers and durable functions only`);
  };
}

export const timer = unsupportedTrigger("timer");
export const storageQueue = unsupportedTrigger("storageQueue");
export const storageBlob = unsupportedTrigger("storageBlob");
export const serviceBusQueue = unsupportedTrigger("serviceBusQueue");
export const serviceBusTopic = unsupportedTrigger("serviceBusTopic");
export const eventHub = unsupportedTrigger("eventHub");
export const eventGrid = unsupportedTrigger("eventGrid");
export const cosmosDB = unsupportedTrigger("cosmosDB");
export const generic = unsupportedTrigger("generic");
