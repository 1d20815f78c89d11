// What a request must look like before it is routed. Without a key the API trusts only this machine, so it must
// also keep out the browsers on it: a web page may aim a request at 127.0.0.1 (CSRF) or at its own name that
// resolves there (DNS rebinding), but it cannot choose the Host it reached, hide its Origin, or send a JSON
// content type without a preflight that this API never grants.
import type { IncomingMessage } from "node:http";
import { isLoopbackHost } from "./binding-policy.js";
import { HttpError, badRequest } from "./http-errors.js";

export interface RequestPolicy {
  /** With a key, the key is the guard; without one, the Host, Origin and content-type rules below apply. */
  keyless: boolean;
  /** Origins the API itself is reached through (e.g. `http://127.0.0.1:7071` and the configured base's). */
  ownOrigins: ReadonlySet<string>;
  /** Host names accepted besides loopback ones (the configured base URL's). */
  extraHosts: ReadonlySet<string>;
}

/** A request target in origin form (`/path?query`) as a URL; anything else is a 400. Never uses the Host header. */
export function requestTargetUrl(target: string | undefined): URL {
  // `//evil.example/…` is a path here, not a host: the base is prepended as text, not resolved against.
  if (!target?.startsWith("/")) throw badRequest("MalformedRequestTarget", "The request target must be a path beginning with '/'");
  try {
    return new URL(`http://dtfx.invalid${target}`);
  } catch {
    throw badRequest("MalformedRequestTarget", "The request target is not a valid path");
  }
}

/** The Host header's name (lower-cased, IPv6 in brackets), or a 400 when it is not `name[:port]`. */
export function hostNameOf(host: string): string {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(host);
  if (!match) throw badRequest("MalformedHost", `The Host header ${JSON.stringify(host.slice(0, 100))} is not a host name with an optional port`);
  return match[1]!.toLowerCase();
}

const isJsonContentType = (value: string | undefined) =>
  value !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());

/** Throws the 4xx a request gets before routing, if any. */
export function assertAllowedRequest(request: IncomingMessage, policy: RequestPolicy): void {
  const host = request.headers.host;
  const hostName = host === undefined ? undefined : hostNameOf(host);
  if (!policy.keyless) return;
  if (hostName !== undefined && !isLoopbackHost(hostName) && !policy.extraHosts.has(hostName)) {
    throw new HttpError(403, "ForbiddenHost", `This API has no key and answers only requests addressed to this machine, not to '${hostName}'`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !policy.ownOrigins.has(normalizedOrigin(origin))) {
    throw new HttpError(403, "ForbiddenOrigin", `This API has no key and refuses requests from web pages of other origins ('${origin.slice(0, 100)}')`);
  }
  if (request.headers["sec-fetch-site"] === "cross-site") {
    throw new HttpError(403, "ForbiddenOrigin", "This API has no key and refuses cross-site requests from browsers");
  }
}

/**
 * Checked once the route is known (so an unknown one is still a 404): without a JSON content type a browser may
 * POST cross-site without asking first (a "simple" request). DELETE is never simple, so browsers always ask.
 */
export function assertJsonPost(request: IncomingMessage, policy: RequestPolicy): void {
  if (policy.keyless && request.method === "POST" && !isJsonContentType(request.headers["content-type"])) {
    throw new HttpError(
      415,
      "UnsupportedMediaType",
      "Without a key, POST requests must say 'Content-Type: application/json' (so that browsers have to ask first)",
    );
  }
}

/** `http://Example:80` and `http://example` are one origin; unparsable text matches nothing. */
export function normalizedOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? "null" : url.origin;
  } catch {
    return "invalid";
  }
}
