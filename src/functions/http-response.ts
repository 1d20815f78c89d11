// @azure/functions v4's HttpResponse and HttpResponseInit: what an HTTP function returns. The host turns any
// of them (or a fetch Response) into one fetch Response with `toFetchResponse`.
const NATIVE_RESPONSE = Symbol.for("dtfx.functions.nativeResponse");

/** fetch's body and header types (the DOM lib is not loaded here). */
type BodyInit = ConstructorParameters<typeof Response>[0];
type HeadersInit = ConstructorParameters<typeof Headers>[0];

export interface Cookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: Date | number;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  maxAge?: number;
}

export interface HttpResponseInit {
  /** A string, bytes, a stream, … as fetch's Response takes it. */
  body?: BodyInit | null;
  /** Serialized as JSON (with content-type application/json unless one is set); wins over `body`. */
  jsonBody?: unknown;
  /** Default 200. */
  status?: number;
  headers?: HeadersInit;
  cookies?: Cookie[];
  enableContentNegotiation?: boolean;
}

// fetch refuses a body on these statuses; @azure/functions drops it rather than failing.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export class HttpResponse {
  readonly cookies: Cookie[];
  readonly enableContentNegotiation: boolean;
  readonly [NATIVE_RESPONSE]: Response;

  constructor(init: HttpResponseInit = {}) {
    const headers = new Headers(init.headers);
    for (const cookie of init.cookies ?? []) headers.append("set-cookie", serializeCookie(cookie));
    const nullBody = init.status !== undefined && NULL_BODY_STATUSES.has(init.status);
    let body = nullBody ? null : (init.body ?? null);
    if (init.jsonBody !== undefined && !nullBody) {
      body = JSON.stringify(init.jsonBody);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    this[NATIVE_RESPONSE] = new Response(body, { status: init.status ?? 200, headers });
    this.cookies = init.cookies ?? [];
    this.enableContentNegotiation = Boolean(init.enableContentNegotiation);
  }

  get status(): number {
    return this[NATIVE_RESPONSE].status;
  }
  get headers(): Headers {
    return this[NATIVE_RESPONSE].headers;
  }
  get body(): ReadableStream<Uint8Array> | null {
    return this[NATIVE_RESPONSE].body;
  }
  get bodyUsed(): boolean {
    return this[NATIVE_RESPONSE].bodyUsed;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this[NATIVE_RESPONSE].arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this[NATIVE_RESPONSE].blob();
  }
  json(): Promise<unknown> {
    return this[NATIVE_RESPONSE].json();
  }
  text(): Promise<string> {
    return this[NATIVE_RESPONSE].text();
  }
  clone(): HttpResponse {
    const copy = Object.create(HttpResponse.prototype) as HttpResponse;
    Object.assign(copy, { cookies: this.cookies, enableContentNegotiation: this.enableContentNegotiation, [NATIVE_RESPONSE]: this[NATIVE_RESPONSE].clone() });
    return copy;
  }
}

/**
 * What an HTTP function returned, as a fetch Response: an HttpResponse (from either build of this module), a
 * Response, an HttpResponseInit, or nothing (200, empty), as @azure/functions v4 accepts them.
 */
export function toFetchResponse(value: unknown): Response {
  if (value === undefined || value === null) return new Response(null, { status: 200 });
  if (typeof value !== "object") {
    throw new TypeError(`An HTTP function must return an HttpResponse, an HttpResponseInit or a Response, not a ${typeof value}`);
  }
  const native = (value as { [NATIVE_RESPONSE]?: Response })[NATIVE_RESPONSE];
  if (native instanceof Response) return native;
  if (value instanceof Response) return value;
  return new HttpResponse(value as HttpResponseInit)[NATIVE_RESPONSE];
}

function serializeCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${encodeURIComponent(cookie.value)}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push("Secure");
  if (cookie.httpOnly) parts.push("HttpOnly");
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join("; ");
}
