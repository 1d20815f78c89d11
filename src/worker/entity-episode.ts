// One batch of an entity's messages, from work item to commit. As in Durable Functions 2.x, each batch ends the
// entity's execution and starts the next with the new scheduler state as its input: the History table holds
// three rows per entity, and the Instances row's Input holds the state (Storage Explorer shows both).
import {
  ENTITY_RELEASE_EVENT,
  ENTITY_REQUEST_EVENT,
  EntityId,
  batchEntityRequests,
  entityRequestsOf,
  entityStatusOf,
  executeEntityBatch,
  parseSchedulerState,
  encodeSchedulerState,
  encodeEntityStatus,
  entityReleaseFromJson,
  type EntityBatchResult,
  type EntityDelivery,
  type EntityFunction,
  type EntityInbound,
  type ExecutionStartedEvent,
  type HistoryEvent,
  type TaskMessage,
} from "../core/index.js";
import type { OrchestrationEpisodeCommit, OrchestrationWorkItemResult } from "../backend/orchestration-service.js";

export interface EntityEpisodeInput {
  instanceId: string;
  history: HistoryEvent[];
  messages: TaskMessage[];
  now: Date;
  resolveEntity(name: string): EntityFunction | undefined;
  newId(): string;
  previousBatchConfirmed: boolean;
  /** Signals to one entity share a message (a JSON array the original cannot read); default false. */
  batchEntityRequests?: boolean;
}

export interface EntityEpisodeOutcome extends OrchestrationWorkItemResult {
  dropped: { message: TaskMessage; reason: string }[];
  batch?: EntityBatchResult;
}

export async function runEntityEpisode(input: EntityEpisodeInput): Promise<EntityEpisodeOutcome> {
  const entityId = EntityId.fromInstanceId(input.instanceId)!;
  const { inbound, dropped } = readInbound(input.messages);
  if (inbound.length === 0) return { deferredMessages: [], dropped };
  const started = input.history.find((e): e is ExecutionStartedEvent => e.eventType === "ExecutionStarted");
  const batch = await executeEntityBatch({
    entityId,
    scheduler: parseSchedulerState(started?.input),
    inbound,
    entity: input.resolveEntity(entityId.name),
    nowInMs: input.now.getTime(),
    newId: input.newId,
    previousBatchConfirmed: input.previousBatchConfirmed,
  });
  const schedulerText = encodeSchedulerState(batch.scheduler);
  // Every batch starts a new execution; its ExecutionStarted keeps the entity's creation time all the same.
  const createdTime = started?.timestamp ?? input.now;
  const executionId = input.newId();
  const orchestrationInstance = { instanceId: input.instanceId, executionId };
  const commit: OrchestrationEpisodeCommit = {
    newEvents: [
      { eventType: "OrchestratorStarted", eventId: -1, timestamp: input.now },
      // Named after the entity's instance id, version "", as Core starts an entity (CO`Common/Entities.cs:72-96`).
      {
        eventType: "ExecutionStarted", eventId: -1, timestamp: createdTime, name: input.instanceId, version: "",
        input: schedulerText, orchestrationInstance,
      },
      { eventType: "OrchestratorCompleted", eventId: -1, timestamp: input.now },
    ],
    isNewExecution: true,
    executionId,
    activityMessages: [],
    timerMessages: [],
    orchestratorMessages: outbound(batch.deliveries.map((d) => messageOf(d, input.now, input.newId)), input.batchEntityRequests),
    state: {
      name: input.instanceId,
      version: "",
      executionId,
      runtimeStatus: "Running",
      input: schedulerText,
      customStatus: encodeEntityStatus(entityStatusOf(batch.scheduler)),
      createdTime,
      lastUpdatedTime: input.now,
    },
  };
  return { commit, deferredMessages: [], dropped, batch };
}

function readInbound(messages: TaskMessage[]): { inbound: EntityInbound[]; dropped: EntityEpisodeOutcome["dropped"] } {
  const inbound: EntityInbound[] = [];
  const dropped: EntityEpisodeOutcome["dropped"] = [];
  for (const message of messages) {
    const event = message.event;
    const name = event.eventType === "EventRaised" ? event.name : undefined;
    const text = event.eventType === "EventRaised" ? (event.input ?? "") : "";
    try {
      // "op@{due}" is a scheduled request; its message only became visible at the due time (CO`Entities/EventFormat/EntityMessageEventNames.cs`).
      if (name === ENTITY_REQUEST_EVENT || name?.startsWith(`${ENTITY_REQUEST_EVENT}@`)) {
        const requests = entityRequestsOf(text);
        if (requests.length === 0 || requests.some((r) => typeof r?.id !== "string")) throw new TypeError("a request without id");
        for (const request of requests) inbound.push({ kind: "request", request });
        continue;
      }
      if (name !== ENTITY_RELEASE_EVENT) throw new TypeError("not an entity request or release");
      inbound.push({ kind: "release", release: entityReleaseFromJson(JSON.parse(text)) });
    } catch (error) {
      dropped.push({ message, reason: `not an entity message: ${(error as Error).message}` });
    }
  }
  return { inbound, dropped };
}

function messageOf(delivery: EntityDelivery, now: Date, newId: () => string): TaskMessage {
  if (delivery.kind === "start") {
    const orchestrationInstance = { instanceId: delivery.instanceId, executionId: newId() };
    return {
      orchestrationInstance,
      event: { eventType: "ExecutionStarted", eventId: -1, timestamp: now, name: delivery.name, input: delivery.input, orchestrationInstance },
    };
  }
  const target = { instanceId: delivery.instanceId, ...(delivery.executionId ? { executionId: delivery.executionId } : {}) };
  return {
    orchestrationInstance: target,
    event: { eventType: "EventRaised", eventId: -1, timestamp: now, name: delivery.name, input: delivery.input },
  };
}

function outbound(messages: TaskMessage[], batch: boolean | undefined): TaskMessage[] {
  return batch ? batchEntityRequests(messages) : messages;
}
