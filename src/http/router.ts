// Matches a request path (split into decoded segments) to a route; a path that some route knows but not
// with this method is a 405 with the methods it does allow.
import { HttpError, badRequest, notFound } from "./http-errors.js";

export type RouteParams = Record<string, string>;

export interface Route<H> {
  method: string;
  /** e.g. "instances/:id/raiseEvent/:eventName"; ":name?" as the last segment is optional. */
  pattern: string;
  handler: H;
}

export interface RouteMatch<H> {
  handler: H;
  params: RouteParams;
}

export function matchRoute<H>(routes: Route<H>[], method: string, segments: string[]): RouteMatch<H> {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method === method) return { handler: route.handler, params };
    allowed.push(route.method);
  }
  if (allowed.length === 0) throw notFound(`No route for '/${segments.join("/")}'`);
  const allow = [...new Set(allowed)].join(", ");
  throw new HttpError(405, "MethodNotAllowed", `${method} is not allowed here; use ${allow}`, { allow });
}

function matchPattern(pattern: string, segments: string[]): RouteParams | undefined {
  const parts = pattern.split("/");
  const required = parts.filter((p) => !p.endsWith("?")).length;
  if (segments.length < required || segments.length > parts.length) return undefined;
  const params: RouteParams = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index];
    if (segment === undefined) continue; // only optional trailing parts may be missing (checked above)
    if (part.startsWith(":")) params[part.slice(1).replace(/\?$/, "")] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

/** The path below the API prefix, as decoded segments; undefined when the path is outside the prefix. */
export function pathSegments(pathname: string, prefix: string): string[] | undefined {
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return undefined;
  const rest = pathname.slice(prefix.length).split("/").filter((s) => s !== "");
  try {
    return rest.map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest("MalformedPath", `The path '${pathname}' holds an invalid percent-encoding`);
  }
}
