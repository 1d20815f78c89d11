// The client's view of entities: they are instances with ids `@name@key` whose Instances row holds the scheduler
// state (Input) and a summary (CustomStatus), so reading one is a single row read and listing is a prefix query.
import { randomUUID } from "node:crypto";
import { getPagedAsyncIterator, type PagedAsyncIterableIterator, type PageSettings } from "@azure/core-paging";
import type { EntitySignalBatcher } from "./entity-signal-batcher.js";
import {
  EntityId,
  entityInstanceId,
  parsePayload,
  parseSchedulerState,
  stringifyPayload,
  type EntityRequest,
} from "../core/index.js";
import type { InstanceRecord, OrchestrationService, PurgeResult } from "../backend/orchestration-service.js";
import { traceClientSignal } from "../telemetry/entity-tracing.js";

export interface EntityMetadata<S = unknown> {
  entityId: EntityId;
  state: S;
  lastModifiedAt: Date;
}

export interface EntityFilter {
  /** Only entities of this name (matched case-insensitively). */
  name?: string;
  pageSize?: number;
}

export type EntityPage = EntityMetadata[] & { continuationToken?: string };

export function signalEntity(
  batcher: EntitySignalBatcher,
  entityId: EntityId | string,
  operationName: string,
  input?: unknown,
): Promise<void> {
  const instanceId = entityInstanceId(entityId);
  const request: EntityRequest = { id: randomUUID(), op: operationName, signal: true, input: stringifyPayload(input) };
  return traceClientSignal(instanceId, request, () => batcher.signal(instanceId, request));
}

export async function getEntity<S>(service: OrchestrationService, entityId: EntityId | string): Promise<EntityMetadata<S> | undefined> {
  const record = await service.getInstance(entityInstanceId(entityId), { fetchPayloads: true });
  return record && (toEntityMetadata(record) as EntityMetadata<S> | undefined);
}

/** Existing entities in pages (a page may hold fewer than asked: deleted entities are skipped). */
export function listEntities(
  service: OrchestrationService,
  filter: EntityFilter = {},
): PagedAsyncIterableIterator<EntityMetadata, EntityPage, PageSettings> {
  const instanceIdPrefix = filter.name ? `@${filter.name.toLowerCase()}@` : "@";
  return getPagedAsyncIterator<EntityMetadata, EntityPage, PageSettings, string | undefined>({
    firstPageLink: undefined,
    getPage: async (continuationToken, maxPageSize) => {
      const result = await service.queryInstances(
        { instanceIdPrefix, fetchPayloads: true },
        { pageSize: maxPageSize ?? filter.pageSize ?? 100, continuationToken },
      );
      const entities = result.instances.map(toEntityMetadata).filter((e): e is EntityMetadata => e !== undefined);
      return { page: Object.assign(entities, { continuationToken: result.continuationToken }), nextPageLink: result.continuationToken };
    },
  });
}

/** Removes the rows of entities that were deleted and hold no lock or waiting operation. */
export async function purgeDeletedEntities(service: OrchestrationService): Promise<PurgeResult> {
  let deletedInstanceCount = 0;
  let continuationToken: string | undefined;
  do {
    const page = await service.queryInstances({ instanceIdPrefix: "@", fetchPayloads: true }, { pageSize: 100, continuationToken });
    for (const record of page.instances) {
      const scheduler = parseSchedulerState(record.input);
      if (scheduler.exists || scheduler.lockedBy || scheduler.queue?.length) continue;
      deletedInstanceCount += (await service.purgeInstance(record.instanceId)).deletedInstanceCount;
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return { deletedInstanceCount };
}

function toEntityMetadata(record: InstanceRecord): EntityMetadata | undefined {
  const entityId = EntityId.fromInstanceId(record.instanceId);
  const scheduler = parseSchedulerState(record.input);
  if (!entityId || !scheduler.exists) return undefined;
  return { entityId, state: parsePayload(scheduler.state), lastModifiedAt: record.lastUpdatedAt };
}
