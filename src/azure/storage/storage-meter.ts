// Counts storage requests by kind, the measure of cost on Azure Storage, read by tests and benchmarks.
// A pipeline policy on every @azure client feeds it; it sits after the Sign phase, so each try counts:
// a request the SDK retries three times costs four, as Azure bills it.
import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";

export type StorageService = "queue" | "table" | "blob";

export const STORAGE_REQUEST_KINDS = [
  "queue.send", "queue.receive", "queue.delete", "queue.update", "queue.peek", "queue.create", "queue.other",
  "table.batch", "table.query", "table.get", "table.upsert", "table.merge", "table.insert", "table.delete",
  "table.create", "table.other",
  "blob.put", "blob.get", "blob.delete", "blob.list", "blob.lease", "blob.create", "blob.other",
] as const;

export type StorageRequestKind = (typeof STORAGE_REQUEST_KINDS)[number];

export interface StorageMeterSnapshot {
  total: number;
  /** Every kind, zero when unused, so snapshots compare and tabulate without gaps. */
  byKind: Record<StorageRequestKind, number>;
}

export const STORAGE_METER_POLICY_NAME = "dtfxStorageMeter";

export class StorageMeter {
  private counts = emptyCounts();
  private sum = 0;

  count(kind: StorageRequestKind): void {
    this.sum++;
    this.counts[kind]++;
  }

  snapshot(): StorageMeterSnapshot {
    return { total: this.sum, byKind: { ...this.counts } };
  }

  reset(): void {
    this.counts = emptyCounts();
    this.sum = 0;
  }

  /** A policy counting every request (every try) of a client of `service`; add it with position "perRetry". */
  policy(service: StorageService): PipelinePolicy {
    return {
      name: STORAGE_METER_POLICY_NAME,
      sendRequest: (request, next) => {
        this.count(classifyRequest(service, request));
        return next(request);
      },
    };
  }
}

function emptyCounts(): Record<StorageRequestKind, number> {
  return Object.fromEntries(STORAGE_REQUEST_KINDS.map((kind) => [kind, 0])) as Record<StorageRequestKind, number>;
}

/** What a request does, from its method, path, `comp=`/`restype=` query and lease header (the REST API's shape). */
export function classifyRequest(service: StorageService, request: PipelineRequest): StorageRequestKind {
  const url = new URL(request.url);
  const path = decodedPath(url);
  if (service === "queue") return classifyQueueRequest(request.method, path, url.searchParams);
  if (service === "table") return classifyTableRequest(request.method, path);
  return classifyBlobRequest(request, url.searchParams);
}

function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

function classifyQueueRequest(method: string, path: string, query: URLSearchParams): StorageRequestKind {
  const messages = /\/messages(\/[^/]+)?\/?$/.exec(path);
  if (messages) {
    const oneMessage = messages[1] !== undefined;
    if (method === "POST") return "queue.send";
    if (method === "GET") return query.get("peekonly") === "true" ? "queue.peek" : "queue.receive";
    if (method === "DELETE" && oneMessage) return "queue.delete";
    if (method === "PUT" && oneMessage) return "queue.update";
    return "queue.other"; // clearing all messages
  }
  return method === "PUT" && !query.has("comp") ? "queue.create" : "queue.other";
}

function classifyTableRequest(method: string, path: string): StorageRequestKind {
  if (path.endsWith("/$batch")) return "table.batch";
  if (/\/Tables(\(.*\))?\/?$/.test(path)) return method === "POST" ? "table.create" : "table.other";
  const pointAddress = /\(PartitionKey=.*,RowKey=.*\)$/.test(path);
  if (method === "GET") return pointAddress ? "table.get" : "table.query";
  if (method === "PUT") return "table.upsert";
  if (method === "PATCH" || method === "MERGE") return "table.merge";
  if (method === "POST") return "table.insert";
  if (method === "DELETE") return "table.delete";
  return "table.other";
}

function classifyBlobRequest(request: PipelineRequest, query: URLSearchParams): StorageRequestKind {
  const comp = query.get("comp");
  const container = query.get("restype") === "container";
  if (comp === "lease" || request.headers.has("x-ms-lease-action")) return "blob.lease";
  if (comp === "list") return "blob.list";
  const method = request.method;
  if (container) return method === "PUT" && !comp ? "blob.create" : "blob.other";
  if (method === "PUT") return !comp || comp === "block" || comp === "blocklist" ? "blob.put" : "blob.other";
  if (method === "GET" || method === "HEAD") return "blob.get";
  if (method === "DELETE") return "blob.delete";
  return "blob.other";
}
