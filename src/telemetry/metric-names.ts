// The instruments dtfx reports through @opentelemetry/api metrics. The original emits no metrics, so the names
// are ours; attributes reuse the original's trace schema where one fits (`durabletask.task.name`).
export const METER_NAME = "dtfx";

export const METRICS = {
  orchestrationsStarted: "dtfx.orchestrations.started",
  orchestrationsCompleted: "dtfx.orchestrations.completed",
  orchestrationsFailed: "dtfx.orchestrations.failed",
  orchestrationsTerminated: "dtfx.orchestrations.terminated",
  episodeDuration: "dtfx.episode.duration",
  activityDuration: "dtfx.activity.duration",
  storageRequests: "dtfx.storage.requests",
  queueBacklog: "dtfx.queue.backlog",
} as const;
