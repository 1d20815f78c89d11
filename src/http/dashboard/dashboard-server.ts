// Serves the dashboard under /dashboard: the page and its JSON routes need the API key when the API has one
// (the page passes on the ?code= it was opened with); its script and style files are package code holding
// no data, so they load without it. Every file comes from the package's dist/dashboard: nothing from elsewhere.
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ApiContext, ApiRequest, ApiResponse } from "../api-handler.js";
import { assertApiKey } from "../api-key.js";
import { HttpError, notFound } from "../http-errors.js";
import { matchRoute, pathSegments } from "../router.js";
import { DASHBOARD_API_ROUTES } from "./dashboard-routes.js";

export const DASHBOARD_PREFIX = "/dashboard";
/**
 * The page sends this header on every request. A cross-site form or fetch cannot add it without a CORS
 * preflight, which this server never grants, so the dashboard's own changes (poison requeue/delete) need it.
 */
export const DASHBOARD_REQUEST_HEADER = "x-dtfx-dashboard";
const API_PREFIX = `${DASHBOARD_PREFIX}/api`;

/** The compiled page, from src/http/dashboard or dist/http/dashboard alike: <package>/dist/dashboard. */
export const DASHBOARD_ASSETS_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", ".."), "dist", "dashboard");

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};
const ASSET_NAME = /^[a-z0-9-]+\.(js|css|svg)$/;

/** Only this origin's files and requests: nothing from a CDN, no inline script. */
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

export function isDashboardPath(pathname: string): boolean {
  return pathname === DASHBOARD_PREFIX || pathname.startsWith(`${DASHBOARD_PREFIX}/`);
}

export async function serveDashboard(context: ApiContext, request: ApiRequest): Promise<ApiResponse> {
  const { pathname, search } = request.url;
  if (pathname === DASHBOARD_PREFIX) return { status: 302, headers: { location: `${DASHBOARD_PREFIX}/${search}` } };
  const apiSegments = pathSegments(pathname, API_PREFIX);
  if (apiSegments) {
    assertApiKey(request.request, request.url, context.key);
    const method = request.request.method ?? "GET";
    if (method !== "GET" && request.request.headers[DASHBOARD_REQUEST_HEADER] === undefined) {
      throw new HttpError(403, "Forbidden", `Dashboard changes need the ${DASHBOARD_REQUEST_HEADER} header the page sends`);
    }
    const route = matchRoute(DASHBOARD_API_ROUTES, method, apiSegments);
    return route.handler(context, { ...request, params: route.params });
  }
  const name = pathname.slice(DASHBOARD_PREFIX.length + 1);
  if (name === "" || name === "index.html") {
    assertApiKey(request.request, request.url, context.key);
    return file("index.html");
  }
  if (!ASSET_NAME.test(name)) throw notFound(`No dashboard file '${name}'`);
  return file(name);
}

async function file(name: string): Promise<ApiResponse> {
  let data: Buffer;
  try {
    data = await readFile(join(DASHBOARD_ASSETS_DIR, name));
  } catch {
    throw notFound(`No dashboard file '${name}' (is the package built? npm run build writes dist/dashboard)`);
  }
  const extension = name.slice(name.lastIndexOf(".") + 1);
  return { status: 200, headers: { ...SECURITY_HEADERS, "content-type": CONTENT_TYPES[extension] ?? "application/octet-stream" }, raw: data };
}
