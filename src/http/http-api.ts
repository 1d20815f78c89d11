// The Durable-Functions-style management API on node:http, over a TaskHubClient (never storage directly).
// `startHttpApi({ client, port, host, key })` → `{ url, close() }`; routes live under /runtime/webhooks/durabletask.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TaskHubClient } from "../client/task-hub-client.js";
import {
  InstanceExistsError,
  InstanceNotTerminalError,
  InvalidInstanceIdError,
  InvalidInstanceStatusError,
  OrchestrationNotFoundError,
  PayloadLimitExceededError,
} from "../core/index.js";
import { createLogger, type Logger } from "../logging/logger.js";
import type { ApiContext, ApiResponse } from "./api-handler.js";
import { assertApiKey } from "./api-key.js";
import { API_ROUTES } from "./api-routes.js";
import { assertSafeBinding, assertUsableKey, DEFAULT_HTTP_HOST } from "./binding-policy.js";
import { HttpError, notFound } from "./http-errors.js";
import { API_PREFIX } from "./management-urls.js";
import { DEFAULT_MAX_BODY_BYTES } from "./request-body.js";
import { assertAllowedRequest, assertJsonPost, normalizedOrigin, requestTargetUrl, type RequestPolicy } from "./request-guard.js";
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
  /**
   * The public base of the URLs responses carry (management URLs, Location), e.g. `https://durable.example.com`
   * behind a proxy; default `http://{host}:{port}`. Never taken from the request.
   */
  baseUrl?: string;
  /** Larger request bodies are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** The registered orchestrator names (matched case-insensitively); without it any name is accepted. */
  orchestratorNames?: () => Iterable<string>;
  /** The registered entity names, likewise, for signals. */
  entityNames?: () => Iterable<string>;
  /** Paths it handles (e.g. an app's HTTP functions under /api/) go to it instead of the management API. */
  extraRoutes?: ExtraRoutes;
  /** Also serve the dashboard at /dashboard/ (same key rule as the API; default false). */
  dashboard?: boolean;
  log?: Logger;
}

export interface ExtraRoutes {
  handles(pathname: string): boolean;
  /** Answers the request itself, errors included. */
  serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void>;
}

/** What the server keeps besides the handlers' context: who may call it without a key. */
type ServerContext = ApiContext & { policy: RequestPolicy };

export interface RunningHttpApi {
  /** The API's base, e.g. `http://127.0.0.1:7071/runtime/webhooks/durabletask` (from `baseUrl` when given). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpApi(options: HttpApiOptions): Promise<RunningHttpApi> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  assertUsableKey(options.key);
  assertSafeBinding(host, options.key);
  const configuredBase = options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl);
  const log = options.log ?? createLogger();
  // `context` is set below, as soon as the port is known and before any connection can be served.
  const server = createServer((request, response) => {
    // serve() answers every error itself; this only catches a socket that broke while answering.
    const extra = options.extraRoutes && extraRouteUrl(options.extraRoutes, request);
    const served = extra ? serveExtra(context, options.extraRoutes!, log, request, response, extra) : serve(context, log, request, response);
    served.catch((error: unknown) => log.error("HttpResponseFailed", error));
  });
  await listen(server, options.port ?? 7071, host);
  const { port } = server.address() as AddressInfo;
  const base = configuredBase ?? `http://${urlHost(host)}:${port}`;
  const context: ServerContext = {
    client: options.client,
    key: options.key || undefined,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    isKnownOrchestrator: knownNameCheck(options.orchestratorNames),
    isKnownEntity: knownNameCheck(options.entityNames),
    baseUrl: base,
    policy: requestPolicy(Boolean(options.key), base, host, port),
    dashboard: options.dashboard
      ? { names: () => ({ orchestrators: [...(options.orchestratorNames?.() ?? [])], entities: [...(options.entityNames?.() ?? [])] }) }
      : undefined,
  };
  log.info("HttpApiStarted", { host, port });
  return {
    url: `${base}${API_PREFIX}`,
    port,
    close: () => closeServer(server),
  };
}

/** The request's URL when the extra routes handle its path. */
function extraRouteUrl(routes: ExtraRoutes, request: IncomingMessage): URL | undefined {
  let url: URL;
  try {
    url = requestTargetUrl(request.url); // never from the Host header
  } catch {
    return undefined; // a malformed target gets the management API's answer
  }
  return routes.handles(url.pathname) ? url : undefined;
}

/** HTTP functions answer requests the keyless API would answer: the same Host and Origin rules apply first. */
async function serveExtra(
  context: ServerContext, routes: ExtraRoutes, log: Logger, request: IncomingMessage, response: ServerResponse, url: URL,
): Promise<void> {
  try {
    assertAllowedRequest(request, context.policy);
  } catch (error) {
    send(response, errorResponse(error, log));
    return;
  }
  await routes.serve(request, response, url);
}

/** An absolute http(s) URL without query or fragment, without its trailing slash; a TypeError otherwise. */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`The base URL ${JSON.stringify(text)} is not an absolute URL (e.g. https://durable.example.com)`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`The base URL ${JSON.stringify(text)} must be http(s), without credentials, query or fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

/** Who may call without a key: this machine's names, through this port or the configured base. */
function requestPolicy(hasKey: boolean, base: string, host: string, port: number): RequestPolicy {
  const baseUrl = new URL(base);
  const hostNames = ["localhost", "127.0.0.1", "[::1]", urlHost(host).toLowerCase()];
  const ownOrigins = new Set([...hostNames.map((name) => normalizedOrigin(`http://${name}:${port}`)), baseUrl.origin]);
  return { keyless: !hasKey, ownOrigins, extraHosts: new Set([baseUrl.hostname.toLowerCase()]) };
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

async function serve(context: ServerContext, log: Logger, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let result: ApiResponse;
  try {
    result = await handle(context, request);
  } catch (error) {
    result = errorResponse(error, log);
  }
  send(response, result);
}

async function handle(context: ServerContext, request: IncomingMessage): Promise<ApiResponse> {
  const url = requestTargetUrl(request.url);
  assertAllowedRequest(request, context.policy);
  if (context.dashboard && isDashboardPath(url.pathname)) {
    return serveDashboard(context, { request, url, origin: context.baseUrl, params: {} });
  }
  assertApiKey(request, url, context.key);
  const segments = pathSegments(url.pathname, API_PREFIX);
  if (!segments) throw notFound(`No route for '${url.pathname}'`);
  const route = matchRoute(API_ROUTES, request.method ?? "GET", segments);
  assertJsonPost(request, context.policy);
  return route.handler(context, { request, url, origin: context.baseUrl, params: route.params });
}

/** Our HttpErrors as they are; the client's typed errors by meaning; anything else is a logged 500. */
function errorResponse(error: unknown, log: Logger): ApiResponse {
  const httpError =
    error instanceof HttpError ? error
    : error instanceof OrchestrationNotFoundError ? new HttpError(404, "NotFound", error.message)
    : error instanceof InvalidInstanceIdError ? new HttpError(400, "InvalidInstanceId", error.message)
    : error instanceof InstanceExistsError ? new HttpError(409, "InstanceExists", error.message)
    : error instanceof InstanceNotTerminalError ? new HttpError(409, "InstanceNotTerminal", error.message)
    : error instanceof PayloadLimitExceededError ? new HttpError(400, "PayloadLimitExceeded", error.message)
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
