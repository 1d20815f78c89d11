// GET /entities/{name}/{key} (an entity's state), GET /entities[/{name}] (a page of entities) and
// POST /entities/{name}/{key}?op=… (signal an operation with a JSON body), as Durable Functions offers them.
import { EntityId } from "../core/index.js";
import type { EntityMetadata } from "../client/entity-client.js";
import { badRequest, notFound } from "./http-errors.js";
import { param, type ApiHandler, type ApiRequest } from "./api-handler.js";
import { firstPage, pageResponse, readContinuationToken } from "./paging.js";
import { positiveIntegerParam } from "./query-params.js";
import { readJsonBody } from "./request-body.js";

const DEFAULT_PAGE_SIZE = 100;

function entityIdOf(request: ApiRequest): EntityId {
  try {
    return new EntityId(param(request, "name"), param(request, "key"));
  } catch (error) {
    throw badRequest("InvalidEntityId", (error as Error).message);
  }
}

function entityBody(entity: EntityMetadata): Record<string, unknown> {
  const { name, key } = entity.entityId;
  return { entityId: entity.entityId.toString(), name, key, state: entity.state ?? null, lastModifiedAt: entity.lastModifiedAt.toISOString() };
}

export const getEntityState: ApiHandler = async (context, request) => {
  const entityId = entityIdOf(request);
  const entity = await context.client.getEntity(entityId);
  if (!entity) throw notFound(`No entity '${entityId.toString()}'`);
  return { status: 200, body: entityBody(entity) };
};

export const listEntities: ApiHandler = async (context, request) => {
  const pageSize = positiveIntegerParam(request.url.searchParams, "top") ?? DEFAULT_PAGE_SIZE;
  const continuationToken = readContinuationToken(request);
  const pages = context.client.listEntities({ name: request.params.name }).byPage({ maxPageSize: pageSize, continuationToken });
  const page = await firstPage(pages.next(), continuationToken);
  return pageResponse((page ?? []).map(entityBody), page?.continuationToken);
};

export const signalEntity: ApiHandler = async (context, request) => {
  const entityId = entityIdOf(request);
  if (!context.isKnownEntity(entityId.name)) {
    throw badRequest("UnknownEntity", `No entity named '${param(request, "name")}' is registered with this worker`);
  }
  const operation = request.url.searchParams.get("op");
  if (!operation) throw badRequest("MissingParameter", "Signalling an entity needs the operation as ?op=<name>");
  const body = await readJsonBody(request.request, context.maxBodyBytes);
  await context.client.signalEntity(entityId, operation, body.present ? body.value : undefined);
  return { status: 202 };
};
