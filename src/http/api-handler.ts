// What every route handler receives and returns: handlers are plain async functions from a parsed request
// to a status, headers and JSON body, so the server alone deals with sockets and errors.
import type { IncomingMessage } from "node:http";
import type { TaskHubClient } from "../client/task-hub-client.js";
import type { RouteParams } from "./router.js";

export interface ApiContext {
  client: TaskHubClient;
  key?: string;
  maxBodyBytes: number;
  isKnownOrchestrator(name: string): boolean;
  isKnownEntity(name: string): boolean;
  /** The base every URL in a response starts with, e.g. `http://127.0.0.1:7071`: configured, never the request's. */
  baseUrl: string;
  /** Set when the API also serves the dashboard at /dashboard/. */
  dashboard?: { names(): { orchestrators: string[]; entities: string[] } };
}

export interface ApiRequest {
  request: IncomingMessage;
  /** The request target: only its path and query are the caller's (its host is a placeholder, not the Host header). */
  url: URL;
  /**
   * The configured base (`ApiContext.baseUrl`, e.g. `http://127.0.0.1:7071`) for the absolute URLs in responses;
   * never the request's Host or target, which a caller chooses.
   */
  origin: string;
  params: RouteParams;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A body sent as it is (a dashboard file; headers carry its content type) instead of JSON. */
  raw?: Buffer;
}

export type ApiHandler = (context: ApiContext, request: ApiRequest) => Promise<ApiResponse>;

/** A route parameter the router guarantees is present. */
export function param(request: ApiRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`Route parameter '${name}' is missing`);
  return value;
}
