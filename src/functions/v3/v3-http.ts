// HTTP in programming model v3: the `req` object a function gets (headers, query and params as plain objects,
// `body` parsed when JSON, `rawBody` the text) and the `{ status, body, headers }` it answers with.
export interface V3HttpRequest {
  method: string;
  url: string;
  originalUrl: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  body: unknown;
  rawBody: string | undefined;
  get(header: string): string | undefined;
}

export async function toV3Request(request: Request, params: Record<string, string>): Promise<V3HttpRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const url = new URL(request.url);
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  const rawBody = request.body ? await request.text() : undefined;
  return {
    method: request.method,
    url: request.url,
    originalUrl: request.url,
    headers,
    query,
    params: { ...params },
    body: parseBody(rawBody, headers["content-type"]),
    rawBody,
    get: (header) => headers[header.toLowerCase()],
  };
}

/** JSON bodies (by content type) arrive parsed, as the v3 worker gives them; other bodies as text. */
function parseBody(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  if (!contentType || !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A v3 response (`context.res` or the returned value) as a fetch Response; objects as JSON. */
export function fromV3Response(value: unknown): Response {
  if (value === undefined || value === null) return new Response(null, { status: 200 });
  if (value instanceof Response) return value;
  if (typeof value !== "object") return new Response(String(value), { status: 200 });
  const { status, statusCode, body, headers } = value as { status?: unknown; statusCode?: unknown; body?: unknown; headers?: Record<string, unknown> };
  const responseHeaders = new Headers();
  for (const [name, header] of Object.entries(headers ?? {})) if (header !== undefined) responseHeaders.set(name, String(header));
  const code = Number(status ?? statusCode ?? 200);
  const noBody = [101, 204, 205, 304].includes(code) || body === undefined || body === null;
  let payload: string | Uint8Array | undefined;
  if (!noBody) {
    if (typeof body === "string" || body instanceof Uint8Array) payload = body;
    else {
      payload = JSON.stringify(body);
      if (!responseHeaders.has("content-type")) responseHeaders.set("content-type", "application/json");
    }
  }
  return new Response(payload ?? null, { status: code, headers: responseHeaders });
}
