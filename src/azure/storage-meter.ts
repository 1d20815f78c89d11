// Counts storage requests by kind, from a pipeline policy on every @azure client the service creates: the
// measure of cost on Azure Storage, read by tests and benchmarks. Each operation counts once (a retried
// request is the same request object, so retries are not counted separately).
import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";

export type StorageService = "queue" | "table" | "blob";

export interface StorageMeterSnapshot {
  total: number;
  byKind: Record<string, number>;
}

export class StorageMeter {
  private counts = new Map<string, number>();
  private sum = 0;

  count(kind: string): void {
    this.sum++;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  snapshot(): StorageMeterSnapshot {
    return { total: this.sum, byKind: Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))) };
  }

  reset(): void {
    this.counts.clear();
    this.sum = 0;
  }

  /**
   * The `additionalPolicies` entry for a client of `service`. Storage clients add their options' policies
   * once per internal context to one shared pipeline, and a pipeline refuses two policies of one name: so
   * each read of `policy` yields a freshly named policy, and a request is counted only once across them.
   */
  additionalPolicy(service: StorageService): { policy: PipelinePolicy; position: "perRetry" } {
    const counted = new WeakSet<PipelineRequest>();
    let copies = 0;
    const sendRequest: PipelinePolicy["sendRequest"] = (request, next) => {
      if (!counted.has(request)) {
        counted.add(request);
        this.count(classifyRequest(service, request));
      }
      return next(request);
    };
    return {
      position: "perRetry",
      get policy(): PipelinePolicy {
        return { name: `dtfxStorageMeter${copies++}`, sendRequest };
      },
    };
  }
}

export function classifyRequest(service: StorageService, request: PipelineRequest): string {
  const url = new URL(request.url);
  const method = request.method;
  const comp = url.searchParams.get("comp");
  const path = decodeURIComponent(url.pathname);
  if (service === "queue") {
    const onMessages = /\/messages(\/|$)/.test(path);
    if (onMessages && method === "POST") return "queue.send";
    if (onMessages && method === "GET") return url.searchParams.get("peekonly") === "true" ? "queue.peek" : "queue.receive";
    if (onMessages && method === "DELETE") return "queue.delete";
    if (onMessages && method === "PUT") return "queue.update";
    if (!onMessages && method === "PUT" && !comp) return "queue.create";
    return "queue.other";
  }
  if (service === "table") {
    if (path.endsWith("/$batch")) return "table.batch";
    if (/\/Tables(\(|$)/.test(path)) return method === "POST" ? "table.create" : "table.other";
    if (method === "GET") return /\(PartitionKey=/.test(path) ? "table.get" : "table.query";
    if (method === "PUT") return "table.upsert";
    if (method === "PATCH") return "table.merge";
    if (method === "POST") return "table.insert";
    if (method === "DELETE") return "table.delete";
    return "table.other";
  }
  if (comp === "lease") return "blob.lease";
  if (comp === "list") return "blob.list";
  if (method === "PUT") return url.searchParams.get("restype") === "container" ? "blob.create" : "blob.put";
  if (method === "GET" || method === "HEAD") return "blob.get";
  if (method === "DELETE") return "blob.delete";
  return "blob.other";
}
