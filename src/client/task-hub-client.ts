// Starts, watches and steers orchestration instances through any backend.
import { randomUUID } from "node:crypto";
import { getPagedAsyncIterator, type PagedAsyncIterableIterator, type PageSettings } from "@azure/core-paging";
import { OrchestrationNotFoundError, stringifyPayload, type HistoryEvent, type TaskMessage } from "../core/index.js";
import type {
  OrchestrationQuery,
  OrchestrationService,
  OrchestrationState,
  PoisonMessage,
  PurgeResult,
} from "../backend/orchestration-service.js";
import { TERMINAL_STATUSES, toClientHistoryEvent, toOrchestrationState, type ClientHistoryEvent } from "./orchestration-state.js";
import { waitForState, type WaitOptions } from "./wait-for-state.js";
import * as entities from "./entity-client.js";
import { EntitySignalBatcher } from "./entity-signal-batcher.js";
import type { EntityFilter, EntityMetadata, EntityPage } from "./entity-client.js";
import type { EntityId } from "../core/index.js";

export interface ScheduleOptions {
  instanceId?: string;
  /** Start no earlier than this time. */
  startAt?: Date;
  tags?: Record<string, string>;
  version?: string;
}

export interface TaskHubClientOptions {
  /**
   * Signals to one entity sent in the same event-loop turn share a queue message: an "op" event whose input is a
   * JSON array of requests (default false). Every worker of this hub must be dtfx: the original reads one request.
   */
  batchEntitySignals?: boolean;
}

export type OrchestrationFilter = OrchestrationQuery & { pageSize?: number };

export type OrchestrationPage = OrchestrationState[] & { continuationToken?: string };

const newId = () => randomUUID().replaceAll("-", "");

export class TaskHubClient {
  private readonly signals: EntitySignalBatcher;

  constructor(
    readonly service: OrchestrationService,
    options: TaskHubClientOptions = {},
  ) {
    this.signals = new EntitySignalBatcher((message) => service.sendTaskMessage(message), options.batchEntitySignals ?? false);
  }

  /** Schedules an orchestration and returns its instance id. */
  async scheduleNewOrchestration(name: string, input?: unknown, options: ScheduleOptions = {}): Promise<string> {
    const instanceId = options.instanceId ?? newId();
    const orchestrationInstance = { instanceId, executionId: newId() };
    const start: TaskMessage = {
      orchestrationInstance,
      event: {
        eventType: "ExecutionStarted",
        eventId: -1,
        timestamp: new Date(),
        name,
        version: options.version,
        input: stringifyPayload(input),
        orchestrationInstance,
        scheduledStartTime: options.startAt,
        tags: options.tags,
      },
    };
    await this.service.createOrchestration(start, { instanceIdIsNew: options.instanceId === undefined });
    return instanceId;
  }

  async getOrchestrationState(
    instanceId: string,
    options: { fetchPayloads?: boolean } = {},
  ): Promise<OrchestrationState | undefined> {
    const record = await this.service.getInstance(instanceId, { fetchPayloads: options.fetchPayloads ?? true });
    return record && toOrchestrationState(record);
  }

  /** Resolves once the instance has started (any status but Pending). */
  waitForOrchestrationStart(instanceId: string, options: WaitOptions = {}): Promise<OrchestrationState> {
    return waitForState(this.service, () => this.getOrchestrationState(instanceId, { fetchPayloads: false }), instanceId, {
      mayBeDone: (status) => status !== "Pending",
      isDone: (state) => state.runtimeStatus !== "Pending",
    }, options);
  }

  /** Resolves once the instance is Completed, Failed or Terminated (ContinuedAsNew is not an end). */
  waitForOrchestrationCompletion(instanceId: string, options: WaitOptions = {}): Promise<OrchestrationState> {
    return waitForState(this.service, () => this.getOrchestrationState(instanceId), instanceId, {
      known: () => {
        const record = this.service.lastAnnouncedRecord?.(instanceId);
        return record && toOrchestrationState(record);
      },
      mayBeDone: (status) => TERMINAL_STATUSES.has(status),
      isDone: (state) => TERMINAL_STATUSES.has(state.runtimeStatus),
    }, options);
  }

  async raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void> {
    await this.send(instanceId, { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: eventName, input: stringifyPayload(eventData) });
  }

  async terminateOrchestration(instanceId: string, reason?: unknown, options: { recursive?: boolean } = {}): Promise<void> {
    // The original keeps a terminate reason as raw text (the Input of ExecutionTerminated, then the Output);
    // a reason that is not a string goes as JSON text.
    const text = typeof reason === "string" ? reason : stringifyPayload(reason);
    await this.send(instanceId, { eventType: "ExecutionTerminated", eventId: -1, timestamp: new Date(), input: text });
    if (!options.recursive) return;
    const history = await this.service.getHistory(instanceId);
    const children = history.flatMap((e) => (e.eventType === "SubOrchestrationInstanceCreated" ? [e.instanceId] : []));
    for (const child of children) {
      const state = await this.service.getInstance(child, { fetchPayloads: false });
      if (state && !TERMINAL_STATUSES.has(state.runtimeStatus)) await this.terminateOrchestration(child, reason, options);
    }
  }

  async suspendOrchestration(instanceId: string, reason?: string): Promise<void> {
    await this.send(instanceId, { eventType: "ExecutionSuspended", eventId: -1, timestamp: new Date(), reason });
  }

  async resumeOrchestration(instanceId: string, reason?: string): Promise<void> {
    await this.send(instanceId, { eventType: "ExecutionResumed", eventId: -1, timestamp: new Date(), reason });
  }

  /** Runs a finished instance again from the start with its original input, under the same id. */
  async restartOrchestration(instanceId: string): Promise<string> {
    const record = await this.service.getInstance(instanceId);
    if (!record) throw new OrchestrationNotFoundError(`No instance with id '${instanceId}'`);
    const orchestrationInstance = { instanceId, executionId: newId() };
    await this.service.createOrchestration({
      orchestrationInstance,
      event: {
        eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(), name: record.name, version: record.version,
        input: record.input, orchestrationInstance, tags: record.tags,
      },
    });
    return instanceId;
  }

  purgeOrchestration(instanceId: string): Promise<PurgeResult> {
    return this.service.purgeInstance(instanceId);
  }

  purgeOrchestrations(filter: OrchestrationQuery): Promise<PurgeResult> {
    return this.service.purgeInstances(filter);
  }

  /** Pages of instances; each page (an array) carries the `continuationToken` of the next, as Azure SDK pages do. */
  listOrchestrations(filter: OrchestrationFilter = {}): PagedAsyncIterableIterator<OrchestrationState, OrchestrationPage, PageSettings> {
    const { pageSize = 100, ...query } = filter;
    return getPagedAsyncIterator<OrchestrationState, OrchestrationPage, PageSettings, string | undefined>({
      firstPageLink: undefined,
      getPage: async (continuationToken, maxPageSize) => {
        const result = await this.service.queryInstances(query, { pageSize: maxPageSize ?? pageSize, continuationToken });
        // Entities are instances too, but not orchestrations: they show only when asked for by an `@` prefix.
        const wanted = query.instanceIdPrefix?.startsWith("@") ? result.instances : result.instances.filter((r) => !r.instanceId.startsWith("@"));
        const page: OrchestrationPage = Object.assign(wanted.map(toOrchestrationState), {
          continuationToken: result.continuationToken,
        });
        return { page, nextPageLink: result.continuationToken };
      },
    });
  }

  /** Messages set aside as poison, oldest first, in pages. */
  listPoisonMessages(): PagedAsyncIterableIterator<PoisonMessage, PoisonMessage[] & { continuationToken?: string }, PageSettings> {
    return getPagedAsyncIterator<PoisonMessage, PoisonMessage[] & { continuationToken?: string }, PageSettings, string | undefined>({
      firstPageLink: undefined,
      getPage: async (continuationToken, maxPageSize) => {
        const result = await this.service.listPoisonMessages({ pageSize: maxPageSize ?? 100, continuationToken });
        return { page: Object.assign(result.messages, { continuationToken: result.continuationToken }), nextPageLink: result.continuationToken };
      },
    });
  }

  /** Sends a poison message back to the queue it came from; false when there is none with this id. */
  requeuePoisonMessage(id: string): Promise<boolean> {
    return this.service.requeuePoisonMessage(id);
  }

  deletePoisonMessage(id: string): Promise<boolean> {
    return this.service.deletePoisonMessage(id);
  }

  /** Sends an operation to an entity without waiting (the entity is created by its first operation). */
  signalEntity(entityId: EntityId | string, operationName: string, input?: unknown): Promise<void> {
    return entities.signalEntity(this.signals, entityId, operationName, input);
  }

  /** The entity's state, or undefined when it does not exist (never created, or deleted). */
  getEntity<S = unknown>(entityId: EntityId | string): Promise<EntityMetadata<S> | undefined> {
    return entities.getEntity<S>(this.service, entityId);
  }

  listEntities(filter?: EntityFilter): PagedAsyncIterableIterator<EntityMetadata, EntityPage, PageSettings> {
    return entities.listEntities(this.service, filter);
  }

  /** Purges the rows of deleted entities (those holding no lock and no waiting operation). */
  purgeDeletedEntities(): Promise<PurgeResult> {
    return entities.purgeDeletedEntities(this.service);
  }

  async getOrchestrationHistory(instanceId: string): Promise<ClientHistoryEvent[]> {
    const history = await this.service.getHistory(instanceId);
    return history.map(toClientHistoryEvent);
  }

  private async send(instanceId: string, event: HistoryEvent): Promise<void> {
    await this.service.sendTaskMessage({ event, orchestrationInstance: { instanceId } });
  }
}
