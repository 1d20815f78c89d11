// Storage requests by kind (the request meter every @azure client carries) and the approximate backlog of each
// queue, as observable instruments. The backlog costs one request per queue, taken only when a metric reader
// collects and at most once per `backlogRefreshInMs`; a collection in between reports the last figures.
import { metrics, type BatchObservableCallback } from "@opentelemetry/api";
import type { StorageMeterSnapshot } from "./storage-meter.js";
import { METER_NAME, METRICS } from "../../telemetry/metric-names.js";

export interface BacklogSource {
  name: string;
  approximateMessageCount(): Promise<number>;
}

export interface StorageMetricsSources {
  snapshot(): StorageMeterSnapshot;
  queues: BacklogSource[];
  backlogRefreshInMs?: number;
}

/** Registers the instruments; the returned function removes them (call it when the service closes). */
export function observeStorage(sources: StorageMetricsSources): () => void {
  const meter = metrics.getMeter(METER_NAME);
  const requests = meter.createObservableCounter(METRICS.storageRequests, { description: "Storage requests made, by kind" });
  const backlog = meter.createObservableGauge(METRICS.queueBacklog, { description: "Approximate messages in each queue" });
  const refreshInMs = sources.backlogRefreshInMs ?? 30_000;
  let lastBacklog: { at: number; counts: Map<string, number> } | undefined;
  const refreshBacklog = async () => {
    if (lastBacklog && Date.now() - lastBacklog.at < refreshInMs) return lastBacklog.counts;
    const counts = new Map<string, number>();
    await Promise.all(sources.queues.map(async (queue) => counts.set(queue.name, await queue.approximateMessageCount().catch(() => -1))));
    lastBacklog = { at: Date.now(), counts };
    return counts;
  };
  const callback: BatchObservableCallback = async (result) => {
    for (const [kind, count] of Object.entries(sources.snapshot().byKind)) result.observe(requests, count, { kind });
    for (const [queue, count] of await refreshBacklog()) if (count >= 0) result.observe(backlog, count, { queue });
  };
  meter.addBatchObservableCallback(callback, [requests, backlog]);
  return () => meter.removeBatchObservableCallback(callback, [requests, backlog]);
}
