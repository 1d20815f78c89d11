// The HTTP responses the durable client builds: an @azure/functions HttpResponse for v4 apps (the package's
// 3.x), and v2.x's plain `{ status, body, headers }` for function.json apps.
import type { ManagementPayload } from "../http/management-urls.js";
import { HttpResponse } from "../functions/http-response.js";

export type ProgrammingModel = "v3" | "v4";

/** v2.x's IHttpResponse. */
export interface PlainHttpResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string | number>;
}

export type ClientResponse = HttpResponse | PlainHttpResponse;

/** 202, Location: the status URL, Retry-After: 10 (the package's value), the URLs as the JSON body. */
export function checkStatusResponse(model: ProgrammingModel, payload: ManagementPayload): ClientResponse {
  const headers = { "Content-Type": "application/json", Location: payload.statusQueryGetUri };
  if (model === "v3") return { status: 202, body: payload, headers: { ...headers, "Retry-After": 10 } };
  return new HttpResponse({ status: 202, jsonBody: payload, headers: { ...headers, "Retry-After": "10" } });
}

export function jsonResponse(model: ProgrammingModel, status: number, body: unknown): ClientResponse {
  const headers = { "Content-Type": "application/json" };
  if (model === "v3") return { status, body, headers };
  return new HttpResponse({ status, jsonBody: body, headers });
}
