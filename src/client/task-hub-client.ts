// Starts, watches and steers orchestration instances through any backend.
import { getPagedAsyncIterator, type PagedAsyncIterableIterator, type PageSettings } from "@azure/core-paging";
import {
  assertNewOrchestrationId,
  InstanceNotTerminalError,
  InvalidInstanceStatusError,
  OrchestrationNotFoundError,
  stringifyPayload,
  TimeoutError,
  type ExecutionStartedEvent,
  type HistoryEvent,
  type TaskMessage,
} from "../core/index.js";
import { traceNewOrchestration, traceRaisedEvent } from "../telemetry/client-tracing.js";
import type {
  OrchestrationQuery,
  OrchestrationService,
  OrchestrationState,
  PoisonMessage,
  PurgeResult,
} from "../backend/orchestration-service.js";
import { TERMINAL_STATUSES, toClientHistoryEvent, toOrchestrationState, type ClientHistoryEvent } from "./orchestration-state.js";
import { newId } from "../backend/new-id.js";
import { waitForState, type WaitOptions } from "./wait-for-state.js";
import * as entities from "./entity-client.js";
import { EntitySignalBatcher } from "./entity-signal-batcher.js";
import { descendantsOf } from "./instance-tree.js";
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
  /** The version of orchestrations scheduled without one (Microsoft.DurableTask's client DefaultVersion). */
  defaultVersion?: string;
}

export interface TerminateOptions {
  /** Also terminate every sub-orchestration it started, and theirs (finished ones are skipped, not their children). */
  recursive?: boolean;
}

export interface PurgeOptions {
  /** Terminate a Pending, Running or Suspended instance first (else such an instance refuses the purge). */
  force?: boolean;
  /** Also purge every sub-orchestration it started, and theirs. */
  recursive?: boolean;
  /** With `force`: how long to wait for the terminations to take effect before giving up (default 60 s). */
  timeoutInMs?: number;
}

export interface RestartOptions {
  /** Run under a new random instance id instead of the same one (any status then; the same id needs a finished one). */
  newInstanceId?: boolean;
}

export type OrchestrationFilter = OrchestrationQuery & { pageSize?: number };

export type OrchestrationPage = OrchestrationState[] & { continuationToken?: string };


/**
 * The original keeps a terminate reason as raw text (the Input of ExecutionTerminated, then the Output); a reason
 * that is not a string goes as JSON text.
 */
const terminationOf = (reason: unknown): HistoryEvent => ({
  eventType: "ExecutionTerminated", eventId: -1, timestamp: new Date(), input: typeof reason === "string" ? reason : stringifyPayload(reason),
});

export class TaskHubClient {
  private readonly signals: EntitySignalBatcher;

  constructor(
    readonly service: OrchestrationService,
    private readonly options: TaskHubClientOptions = {},
  ) {
    this.signals = new EntitySignalBatcher((message) => service.sendTaskMessage(message), options.batchEntitySignals ?? false);
  }

  /** Schedules an orchestration and returns its instance id. */
  async scheduleNewOrchestration(name: string, input?: unknown, options: ScheduleOptions = {}): Promise<string> {
    if (options.instanceId !== undefined) assertNewOrchestrationId(options.instanceId);
    const instanceId = options.instanceId ?? newId();
    const orchestrationInstance = { instanceId, executionId: newId() };
    const start: TaskMessage = {
      orchestrationInstance,
      event: {
        eventType: "ExecutionStarted",
        eventId: -1,
        timestamp: new Date(),
        name,
        version: options.version ?? this.options.defaultVersion,
        input: stringifyPayload(input),
        orchestrationInstance,
        scheduledStartTime: options.startAt,
        tags: options.tags,
      },
    };
    const started = start.event as ExecutionStartedEvent;
    await traceNewOrchestration(started, () => this.service.createOrchestration(start, { instanceIdIsNew: options.instanceId === undefined }));
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
      fromRecord: toOrchestrationState,
      mayBeDone: (status) => TERMINAL_STATUSES.has(status),
      isDone: (state) => TERMINAL_STATUSES.has(state.runtimeStatus),
    }, options);
  }

  async raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void> {
    const event = { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: eventName, input: stringifyPayload(eventData) } as const;
    await traceRaisedEvent(instanceId, eventName, () => this.send(instanceId, event));
  }

  async terminateOrchestration(instanceId: string, reason?: unknown, options: TerminateOptions = {}): Promise<void> {
    // The parent first: once terminated it starts no more children and reacts to none failing.
    await this.send(instanceId, terminationOf(reason));
    if (!options.recursive) return;
    const children = await descendantsOf(this.service, instanceId);
    await Promise.all(children.map(async (child) => {
      const state = await this.service.getInstance(child, { fetchPayloads: false });
      if (state && !TERMINAL_STATUSES.has(state.runtimeStatus)) await this.send(child, terminationOf(reason));
    }));
  }

  async suspendOrchestration(instanceId: string, reason?: string): Promise<void> {
    await this.send(instanceId, { eventType: "ExecutionSuspended", eventId: -1, timestamp: new Date(), reason });
  }

  async resumeOrchestration(instanceId: string, reason?: string): Promise<void> {
    await this.send(instanceId, { eventType: "ExecutionResumed", eventId: -1, timestamp: new Date(), reason });
  }

  /**
   * Runs an instance again from the start with its original name, version, input and tags: under the same id (which
   * must have finished), or with `newInstanceId` under a new one. Returns the id it runs under.
   */
  async restartOrchestration(instanceId: string, options: RestartOptions = {}): Promise<string> {
    const record = await this.service.getInstance(instanceId);
    if (!record) throw new OrchestrationNotFoundError(`No instance with id '${instanceId}'`);
    // Under the same id the run writes a new start there: the rule of new ids applies (an older id may not pass).
    if (!options.newInstanceId) assertNewOrchestrationId(instanceId);
    const runAs = options.newInstanceId ? newId() : instanceId;
    const orchestrationInstance = { instanceId: runAs, executionId: newId() };
    await this.service.createOrchestration({
      orchestrationInstance,
      event: {
        eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(), name: record.name, version: record.version,
        input: record.input, orchestrationInstance, tags: record.tags,
      },
    }, { instanceIdIsNew: options.newInstanceId === true });
    return runAs;
  }

  /**
   * Rewinds a Failed instance as the original does: failed activities and sub-orchestrations run again on the
   * next replay and it can complete. Throws InvalidInstanceStatusError for an instance that has not failed.
   */
  async rewindOrchestration(instanceId: string, reason?: string): Promise<void> {
    if (!this.service.rewindInstance) throw new TypeError("This backend does not support rewind");
    const record = await this.service.getInstance(instanceId, { fetchPayloads: false });
    if (!record) throw new OrchestrationNotFoundError(`No instance with id '${instanceId}'`);
    if (record.runtimeStatus !== "Failed") {
      throw new InvalidInstanceStatusError(`Only a Failed instance can be rewound; '${instanceId}' is ${record.runtimeStatus}`);
    }
    await this.service.rewindInstance(instanceId, reason);
  }

  /**
   * Deletes the instance's history and status (with `recursive`, its sub-orchestrations' too). An instance still
   * Pending, Running or Suspended is refused with InstanceNotTerminalError unless `force`, which terminates it and
   * waits for that to take effect first: deleting the rows of an instance whose messages are still queued would
   * only let it come back.
   */
  async purgeOrchestration(instanceId: string, options: PurgeOptions = {}): Promise<PurgeResult> {
    const ids = options.recursive ? [instanceId, ...(await descendantsOf(this.service, instanceId))] : [instanceId];
    const states = await Promise.all(ids.map((id) => this.service.getInstance(id, { fetchPayloads: false })));
    // Entities are instances that never finish: they are purged as they are.
    const unfinished = ids.filter((id, i) => !id.startsWith("@") && states[i] && !TERMINAL_STATUSES.has(states[i]!.runtimeStatus));
    if (unfinished.length > 0) {
      if (!options.force) {
        const list = unfinished.map((id) => `'${id}' (${states[ids.indexOf(id)]!.runtimeStatus})`).join(", ");
        throw new InstanceNotTerminalError(`Not purged: ${list} has not finished; terminate it first, or purge with force`, unfinished);
      }
      await this.terminateAndWait(unfinished, options.timeoutInMs ?? 60_000);
    }
    let deletedInstanceCount = 0;
    for (const id of ids) deletedInstanceCount += (await this.service.purgeInstance(id)).deletedInstanceCount;
    return { deletedInstanceCount };
  }

  private async terminateAndWait(instanceIds: string[], timeoutInMs: number): Promise<void> {
    const reason = "Terminated to be purged (force)";
    await Promise.all(instanceIds.map((id) => this.send(id, terminationOf(reason))));
    try {
      await Promise.all(instanceIds.map((id) => this.waitForOrchestrationCompletion(id, { timeoutInMs })));
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      throw new TimeoutError(
        `Not purged: asked ${instanceIds.map((id) => `'${id}'`).join(", ")} to terminate, but not all had ended after ` +
          `${timeoutInMs} ms (a worker must run to carry out a termination)`,
        { cause: error },
      );
    }
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
