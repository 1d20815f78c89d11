// Counts orchestrations by outcome and times episodes and activities, on the global MeterProvider of the moment
// (one set of instruments per provider, so an SDK registered after dtfx loads still gets them; none: no-ops).
import { metrics, type Counter, type Histogram, type Meter } from "@opentelemetry/api";
import type { HistoryEvent } from "../core/index.js";
import type { OrchestrationEpisodeCommit } from "../backend/orchestration-service.js";
import { METER_NAME, METRICS } from "./metric-names.js";
import { ATTR } from "./trace-schema.js";

const byProvider = new WeakMap<object, WorkerMetrics>();

export function workerMetrics(): WorkerMetrics {
  const provider = metrics.getMeterProvider();
  let instruments = byProvider.get(provider);
  if (!instruments) byProvider.set(provider, (instruments = new WorkerMetrics(provider.getMeter(METER_NAME))));
  return instruments;
}

export class WorkerMetrics {
  private readonly started: Counter;
  private readonly ended: Partial<Record<string, Counter>>;
  private readonly episodeDuration: Histogram;
  private readonly activityDuration: Histogram;

  constructor(meter: Meter) {
    this.started = meter.createCounter(METRICS.orchestrationsStarted, { description: "Orchestration executions started" });
    this.ended = {
      Completed: meter.createCounter(METRICS.orchestrationsCompleted, { description: "Orchestrations completed" }),
      Failed: meter.createCounter(METRICS.orchestrationsFailed, { description: "Orchestrations failed" }),
      Terminated: meter.createCounter(METRICS.orchestrationsTerminated, { description: "Orchestrations terminated" }),
    };
    this.episodeDuration = meter.createHistogram(METRICS.episodeDuration, { description: "One episode, from receipt to commit", unit: "ms" });
    this.activityDuration = meter.createHistogram(METRICS.activityDuration, { description: "One activity execution", unit: "ms" });
  }

  /** After an episode committed: a new execution started, or the execution ended. */
  episodeCommitted(commit: OrchestrationEpisodeCommit, ms: number): void {
    const name = commit.state.name;
    const attributes = { [ATTR.name]: name };
    if (commit.isNewExecution && commit.newEvents.some(isStart)) this.started.add(1, attributes);
    this.ended[commit.state.runtimeStatus]?.add(1, attributes);
    this.episodeDuration.record(ms, attributes);
  }

  activityFinished(name: string, ms: number, failed: boolean): void {
    this.activityDuration.record(ms, { [ATTR.name]: name, [ATTR.status]: failed ? "Failed" : "Completed" });
  }
}

const isStart = (event: HistoryEvent) => event.eventType === "ExecutionStarted";
