// The Durable-Functions-style management API on node:http, over a TaskHubClient (never storage directly).
// `startHttpApi({ client, port, host, key })` → `{ url, close() }`; routes live under /runtime/webhooks/durabletask.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TaskHubClient } from "../client/task-hub-client.js";
import { InstanceExistsError, InvalidInstanceIdError, InvalidInstanceStatusError, OrchestrationNotFoundError } from "../core/index.js";
import { createLogger, type Logger } from "../logging/logger.js";
import type { ApiContext, ApiResponse } from "./api-handler.js";
import { assertApiKey } from "./api-key.js";
import { API_ROUTES } from "./api-routes.js";
import { assertSafeBinding, DEFAULT_HTTP_HOST } from "./binding-policy.js";
import { HttpError, notFound } from "./http-errors.js";
import { API_PREFIX } from "./management-urls.js";
import { DEFAULT_MAX_BODY_BYTES } from "./request-body.js";
import { matchRoute, pathSegments } from "./router.js";
import { isDashboardPath, serveDashboard } from "./dashboard/dashboard-server.js";

export interface HttpApiOptions {
  client: TaskHubClient;
  /** Default 7071, the Functions host's port; 0 picks a free one. */
  port?: number;
  /** Default 127.0.0.1; any non-loopback interface needs a key. */
  host?: string;
  /** When set, every request must carry it (`?code=` or `x-functions-key`). */
  key?: string;
  /** Larger request bodies are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** The registered orchestrator names (matched case-insensitively); without it any name is accepted. */
  orchestratorNames?: () => Iterable<string>;
  /** The registered entity names, likewise, for signals. */
  entityNames?: () => Iterable<string>;
  /** Also serve the dashboard at /dashboard/ (same key rule as the API; default false). */
  dashboard?: boolean;
  log?: Logger;
}

export interface RunningHttpApi {
  /** The API's base, e.g. `http://127.0.0.1:7071/runtime/webhooks/durabletask`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpApi(options: HttpApiOptions): Promise<RunningHttpApi> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  assertSafeBinding(host, options.key);
  const log = options.log ?? createLogger();
  const context: ApiContext = {
    client: options.client,
    key: options.key || undefined,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    isKnownOrchestrator: knownNameCheck(options.orchestratorNames),
    isKnownEntity: knownNameCheck(options.entityNames),
    dashboard: options.dashboard
      ? { names: () => ({ orchestrators: [...(options.orchestratorNames?.() ?? [])], entities: [...(options.entityNames?.() ?? [])] }) }
      : undefined,
  };
  const server = createServer((request, response) => {
    // serve() answers every error itself; this only catches a socket that broke while answering.
    serve(context, log, request, response).catch((error: unknown) => log.error("HttpResponseFailed", error));
  });
  await listen(server, options.port ?? 7071, host);
  const { port } = server.address() as AddressInfo;
  log.info("HttpApiStarted", { host, port });
  return {
    url: `http://${urlHost(host)}:${port}${API_PREFIX}`,
    port,
    close: () => closeServer(server),
  };
}

/** Names match case-insensitively, as the worker resolves them. */
function knownNameCheck(names: (() => Iterable<string>) | undefined): (name: string) => boolean {
  if (!names) return () => true;
  return (name) => {
    const folded = name.toLowerCase();
    for (const known of names()) if (known.toLowerCase() === folded) return true;
    return false;
  };
}

async function serve(context: ApiContext, log: Logger, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let result: ApiResponse;
  try {
    result = await handle(context, request);
  } catch (error) {
    result = errorResponse(error, log);
  }
  send(response, result);
}

async function handle(context: ApiContext, request: IncomingMessage): Promise<ApiResponse> {
  const origin = `http://${request.headers.host ?? "localhost"}`;
  const url = new URL(request.url ?? "/", origin);
  if (context.dashboard && isDashboardPath(url.pathname)) return serveDashboard(context, { request, url, origin, params: {} });
  assertApiKey(request, url, context.key);
  const segments = pathSegments(url.pathname, API_PREFIX);
  if (!segments) throw notFound(`No route for '${url.pathname}'`);
  const route = matchRoute(API_ROUTES, request.method ?? "GET", segments);
  return route.handler(context, { request, url, origin, params: route.params });
}

/** Our HttpErrors as they are; the client's typed errors by meaning; anything else is a logged 500. */
function errorResponse(error: unknown, log: Logger): ApiResponse {
  const httpError =
    error instanceof HttpError ? error
    : error instanceof OrchestrationNotFoundError ? new HttpError(404, "NotFound", error.message)
    : error instanceof InvalidInstanceIdError ? new HttpError(400, "InvalidInstanceId", error.message)
    : error instanceof InstanceExistsError ? new HttpError(409, "InstanceExists", error.message)
    : error instanceof InvalidInstanceStatusError ? new HttpError(410, "Gone", error.message)
    : undefined;
  if (!httpError) {
    log.error("HttpRequestFailed", error);
    return { status: 500, body: { error: { code: "InternalServerError", message: (error as Error)?.message ?? String(error) } } };
  }
  return { status: httpError.status, headers: httpError.headers, body: { error: { code: httpError.code, message: httpError.message } } };
}

function send(response: ServerResponse, result: ApiResponse): void {
  const headers: Record<string, string> = { ...result.headers };
  const text = result.raw ?? (result.body === undefined ? "" : JSON.stringify(result.body));
  if (text && !result.raw) headers["content-type"] = "application/json; charset=utf-8";
  headers["content-length"] = String(Buffer.byteLength(text));
  response.writeHead(result.status, headers);
  response.end(text);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A wildcard bind is reached through loopback from here; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
