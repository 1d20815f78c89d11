// A client's start of an orchestration on the Azure Storage backend: refused when an instance with that id is still
// in a deduplicated status, else its ExecutionStarted message is sent, then its Pending Instances row is written.
import type { ExecutionStartedEvent, TaskMessage } from "../../core/index.js";
import { InstanceExistsError, NON_TERMINAL_STATUSES } from "../../core/index.js";
import type { CreateOrchestrationOptions } from "../../backend/orchestration-service.js";
import type { TaskHubStorage } from "../storage/task-hub-storage.js";
import type { OrchestrationSessions } from "./orchestration-sessions.js";

export async function writeStart(
  storage: Pick<TaskHubStorage, "instances" | "router">,
  sessions: Pick<OrchestrationSessions, "expectHistory" | "notifyCreated">,
  start: TaskMessage,
  options: CreateOrchestrationOptions,
): Promise<void> {
  const instanceId = start.orchestrationInstance.instanceId;
  // A fresh id needs no dedupe read: no row can exist but the one a fast worker writes after our message,
  // and the insert below then yields to it, as it does after a read that found nothing.
  const existing = options.instanceIdIsNew ? undefined : await storage.instances.getForUpdate(instanceId);
  const dedupe = options.dedupeStatuses ?? NON_TERMINAL_STATUSES;
  if (existing && dedupe.includes(existing.row.runtimeStatus)) {
    throw new InstanceExistsError(`An instance with id '${instanceId}' already exists (${existing.row.runtimeStatus})`);
  }
  // A start over an existing history: this process's worker reads it rather than assume a new instance; other
  // processes learn it from the Generation the start carries.
  if (existing) sessions.expectHistory(instanceId);
  // Generation: 0, or one more than the instance it replaces (AS`AzureStorageOrchestrationService.cs:1766-1776`).
  const generation = generationOfStart(start, existing === undefined, existing?.row.generation);
  const startEvent = { ...(start.event as ExecutionStartedEvent), ...(generation !== undefined && { generation }) };
  const delay = startEvent.scheduledStartTime ? startEvent.scheduledStartTime.getTime() - Date.now() : 0;
  // The message first, then the row: a crash in between leaves a message the worker completes, never a
  // Pending row that nothing will run.
  const sent = await storage.router.start({ ...start, event: startEvent }, { visibilityDelayInMs: Math.max(0, delay) });
  // A start message that spilled is where the row's Input points, as the original's (AOS:1784-1797).
  const spilledTo = sent?.data.compressedBlobName;
  await storage.instances.writePending(instanceId, {
    name: startEvent.name,
    version: startEvent.version,
    executionId: start.orchestrationInstance.executionId ?? "",
    input: spilledTo ? storage.instances.blobUrl(spilledTo) : startEvent.input,
    runtimeStatus: "Pending",
    createdTime: startEvent.timestamp,
    lastUpdatedTime: new Date(),
    scheduledStartTime: startEvent.scheduledStartTime,
    generation,
    tags: startEvent.tags ?? null,
  }, existing?.etag);
  sessions.notifyCreated(instanceId, start.orchestrationInstance.executionId ?? "");
}

/** The generation a start records: its own if set, else 0 for a new id or the previous one's plus one. */
function generationOfStart(start: TaskMessage, isNew: boolean, previous: number | undefined): number | undefined {
  const own = (start.event as ExecutionStartedEvent).generation;
  if (own !== undefined) return own;
  return isNew ? 0 : previous === undefined ? undefined : previous + 1;
}
