// `dtfx/functions`: the part of @azure/functions v4 an HTTP starter needs (`app.http` and friends, HttpRequest,
// HttpResponse, InvocationContext); `dtfx start --module` serves the routes under /api/.
export * as app from "./app.js";
export { NotSupportedByDtfxError } from "./app.js";
export type { HttpFunctionOptions, HttpMethodFunctionOptions, HttpHandler, HttpMethod } from "./app.js";
export { HttpRequest } from "./http-request.js";
export type { HttpRequestInit, HttpRequestParams } from "./http-request.js";
export { HttpResponse } from "./http-response.js";
export type { HttpResponseInit, Cookie } from "./http-response.js";
export { InvocationContext } from "./invocation-context.js";
export type { InvocationContextInit, EffectiveFunctionOptions, FunctionBinding, LogHandler, LogLevel } from "./invocation-context.js";
