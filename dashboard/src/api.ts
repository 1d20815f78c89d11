// Requests from the page to the server it came from. The key the page was opened with (?code=) goes on every
// request as x-functions-key, as the API takes it; nothing is ever fetched from another origin.
export const MANAGEMENT = "/runtime/webhooks/durabletask";
export const DASHBOARD_API = "/dashboard/api";

const key = new URLSearchParams(location.search).get("code") ?? undefined;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiResult<T> {
  status: number;
  data: T;
  /** The next page's token (x-ms-continuation-token), when there is one. */
  continuationToken?: string;
}

export interface RequestOptions {
  body?: unknown;
  continuationToken?: string;
  query?: Record<string, string | undefined>;
}

export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value) url.searchParams.set(name, value);
  // Marks the request as the page's own (the server requires it on dashboard changes; see dashboard-server.ts).
  const headers: Record<string, string> = { "x-dtfx-dashboard": "1" };
  if (key) headers["x-functions-key"] = key;
  if (options.continuationToken) headers["x-ms-continuation-token"] = options.continuationToken;
  // Without a key the API takes POSTs only as JSON (a browser must then ask first): say so even with no body.
  if (options.body !== undefined || method === "POST") headers["content-type"] = "application/json";
  const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const message = (data as { error?: { message?: string } } | undefined)?.error?.message ?? response.statusText;
    throw new ApiError(response.status, `${response.status}: ${message}`);
  }
  return { status: response.status, data: data as T, continuationToken: response.headers.get("x-ms-continuation-token") ?? undefined };
}

/** An instance's management route, e.g. instancePath(id, "terminate"). */
export function instancePath(instanceId: string, ...rest: string[]): string {
  return [`${MANAGEMENT}/instances`, encodeURIComponent(instanceId), ...rest.map(encodeURIComponent)].join("/");
}
