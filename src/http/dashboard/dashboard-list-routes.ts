// The dashboard's list views: instances filtered also by name (which the DF API cannot), counts by status,
// poison messages with their actions, and the hub (partitions, lease owners, queue depths, workers, names).
import { ORCHESTRATION_STATUSES } from "../../core/index.js";
import type { OrchestrationState } from "../../backend/orchestration-service.js";
import { HttpError, notFound } from "../http-errors.js";
import { param, type ApiHandler } from "../api-handler.js";
import { firstPage, pageResponse, readContinuationToken } from "../paging.js";
import { instanceFilter, positiveIntegerParam } from "../query-params.js";
import { previewOf } from "./payload-preview.js";

const DEFAULT_PAGE_SIZE = 50;
/** A name filter reads pages until it has a page of matches, but no more rows than this per request. */
const MAX_SCANNED_PER_REQUEST = 2000;
/** Counting stops here; the page shows "N+" beyond it. */
const MAX_COUNTED = 10_000;

function listItem(state: OrchestrationState): Record<string, unknown> {
  const { input: _input, output: _output, customStatus: _customStatus, ...rest } = state;
  return rest;
}

export const listDashboardInstances: ApiHandler = async (context, request) => {
  const query = request.url.searchParams;
  const pageSize = positiveIntegerParam(query, "top") ?? DEFAULT_PAGE_SIZE;
  const name = query.get("name")?.trim().toLowerCase() || undefined;
  let continuationToken = readContinuationToken(request);
  const filter = { ...instanceFilter(query), fetchPayloads: false };
  const items: Record<string, unknown>[] = [];
  let scanned = 0;
  do {
    const pages = context.client.listOrchestrations(filter).byPage({ maxPageSize: pageSize, continuationToken });
    const page = await firstPage(pages.next(), continuationToken);
    scanned += page?.length ?? 0;
    for (const state of page ?? []) if (!name || state.name.toLowerCase().includes(name)) items.push(listItem(state));
    continuationToken = page?.continuationToken;
  } while (name && continuationToken && items.length < pageSize && scanned < MAX_SCANNED_PER_REQUEST);
  return pageResponse(items, continuationToken);
};

export const countInstances: ApiHandler = async (context) => {
  const counts: Record<string, number> = Object.fromEntries(ORCHESTRATION_STATUSES.map((s) => [s, 0]));
  let total = 0;
  for await (const page of context.client.listOrchestrations({ fetchPayloads: false }).byPage({ maxPageSize: 1000 })) {
    for (const state of page) counts[state.runtimeStatus] = (counts[state.runtimeStatus] ?? 0) + 1;
    total += page.length;
    if (total >= MAX_COUNTED) return { status: 200, body: { counts, total, capped: true } };
  }
  return { status: 200, body: { counts, total, capped: false } };
};

export const listPoison: ApiHandler = async (context, request) => {
  const pageSize = positiveIntegerParam(request.url.searchParams, "top") ?? DEFAULT_PAGE_SIZE;
  const continuationToken = readContinuationToken(request);
  const page = await firstPage(context.client.listPoisonMessages().byPage({ maxPageSize: pageSize, continuationToken }).next(), continuationToken);
  const items = (page ?? []).map(({ body, ...rest }) => ({ ...rest, body: previewOf(body, 4096) }));
  return pageResponse(items, page?.continuationToken);
};

export const requeuePoison: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  if (!(await context.client.requeuePoisonMessage(id))) throw notFound(`No poison message with id '${id}'`);
  return { status: 202 };
};

export const deletePoison: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  if (!(await context.client.deletePoisonMessage(id))) throw notFound(`No poison message with id '${id}'`);
  return { status: 204 };
};

export const describeHub: ApiHandler = async (context) => {
  const service = context.client.service;
  if (!service.describeHub) throw new HttpError(501, "NotImplemented", "This backend does not describe its hub");
  const hub = await service.describeHub();
  const names = context.dashboard?.names() ?? { orchestrators: [], entities: [] };
  // `taskHub` and `orchestrators` are what `dtfx start <name>` reads to refuse an unknown name.
  return { status: 200, body: { ...hub, taskHub: hub.taskHubName, orchestrators: names.orchestrators, entities: names.entities } };
};
