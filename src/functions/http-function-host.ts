// Serves the app's HTTP functions under /api/, as the Functions host does: the first function whose route
// template matches (405 when only the method differs), its auth level checked against the host key, the
// request handed over as a fetch Request and the returned fetch Response written back.
import type { IncomingMessage, ServerResponse } from "node:http";
import { assertApiKey } from "../http/api-key.js";
import { HttpError } from "../http/http-errors.js";
import type { Logger } from "../logging/logger.js";
import type { HttpRegistration } from "./function-registry.js";
import { compareRoutePrecedence, parseRouteTemplate, type RouteTemplate } from "./route-template.js";

export const FUNCTIONS_ROUTE_PREFIX = "/api";

export interface HttpFunctionHostOptions {
  functions: readonly HttpRegistration[];
  /** With a key, functions whose authLevel is not anonymous need it (`?code=` or `x-functions-key`). */
  key?: string;
  maxBodyBytes: number;
  /** The value of an input binding of a type (the durable client), shared by every invocation. */
  bindingFor(type: string): unknown;
  log: Logger;
}

interface Route {
  registration: HttpRegistration;
  template: RouteTemplate;
}

export class HttpFunctionHost {
  private readonly routes: Route[];

  constructor(private readonly options: HttpFunctionHostOptions) {
    // Most specific first, so `orchestrators/status` wins over `orchestrators/{name}` whatever the registration order.
    this.routes = options.functions
      .map((registration) => ({ registration, template: parseRouteTemplate(registration.route) }))
      .sort((a, b) => compareRoutePrecedence(a.template, b.template));
  }

  get size(): number {
    return this.routes.length;
  }

  /** The routes as `METHODS /api/route` lines, for the startup banner. */
  describe(): string[] {
    return this.routes.map(({ registration: r }) => `${r.name}: [${r.methods.join(",") || "*"}] ${FUNCTIONS_ROUTE_PREFIX}/${r.route.replace(/^\/+/, "")}`);
  }

  handles(pathname: string): boolean {
    return pathname === FUNCTIONS_ROUTE_PREFIX || pathname.startsWith(`${FUNCTIONS_ROUTE_PREFIX}/`);
  }

  async serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    let reply: Response;
    try {
      reply = await this.dispatch(request, url);
    } catch (error) {
      reply = this.errorReply(error);
    }
    await writeFetchResponse(response, reply);
  }

  private async dispatch(request: IncomingMessage, url: URL): Promise<Response> {
    const method = (request.method ?? "GET").toUpperCase();
    const path = url.pathname.slice(FUNCTIONS_ROUTE_PREFIX.length);
    const matches = this.routes.flatMap((route) => {
      const params = route.template.match(path);
      return params ? [{ route, params }] : [];
    });
    if (matches.length === 0) throw new HttpError(404, "NotFound", `No function serves '${url.pathname}'`);
    const found = matches.find(({ route }) => route.registration.methods.length === 0 || route.registration.methods.includes(method));
    if (!found) {
      const allow = [...new Set(matches.flatMap(({ route }) => route.registration.methods))].join(", ");
      throw new HttpError(405, "MethodNotAllowed", `${method} is not allowed here; use ${allow}`, { allow });
    }
    const { registration } = found.route;
    if (registration.authLevel !== "anonymous") assertApiKey(request, url, this.options.key);
    const body = method === "GET" || method === "HEAD" ? undefined : await readBody(request, this.options.maxBodyBytes);
    const fetchRequest = new Request(url.href, { method, headers: toHeaders(request), body });
    try {
      return await registration.invoke({ request: fetchRequest, params: found.params, bindingFor: (type) => this.options.bindingFor(type) });
    } catch (error) {
      this.options.log.error("HttpFunctionFailed", error, { name: registration.name });
      return new Response(null, { status: 500 });
    }
  }

  private errorReply(error: unknown): Response {
    if (!(error instanceof HttpError)) {
      this.options.log.error("HttpFunctionRequestFailed", error);
      return new Response(null, { status: 500 });
    }
    const body = JSON.stringify({ error: { code: error.code, message: error.message } });
    return new Response(body, { status: error.status, headers: { ...error.headers, "content-type": "application/json; charset=utf-8" } });
  }
}

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** The request body within the limit (413 past it, from Content-Length when given). */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const tooLarge = () => new HttpError(413, "PayloadTooLarge", `The request body is larger than the limit of ${maxBytes} bytes`, { connection: "close" });
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return total === 0 ? undefined : Buffer.concat(chunks);
}

async function writeFetchResponse(response: ServerResponse, reply: Response): Promise<void> {
  const body = reply.body ? Buffer.from(await reply.arrayBuffer()) : Buffer.alloc(0);
  const headers: Record<string, string | string[]> = {};
  reply.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = reply.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  headers["content-length"] = String(body.length);
  response.writeHead(reply.status, headers);
  response.end(body);
}
