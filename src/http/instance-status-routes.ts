// GET /instances/{id} (one instance's status, the polling end of the async HTTP pattern) and
// GET /instances (a page of instances, continued through the x-ms-continuation-token header).
import { TERMINAL_STATUSES } from "../client/orchestration-state.js";
import { notFound } from "./http-errors.js";
import { param, type ApiHandler } from "./api-handler.js";
import { firstPage, pageResponse, readContinuationToken } from "./paging.js";
import { booleanParam, instanceFilter, positiveIntegerParam } from "./query-params.js";
import { toStatusBody } from "./status-body.js";

const DEFAULT_PAGE_SIZE = 100;

export const getInstanceStatus: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  const query = request.url.searchParams;
  const showHistory = booleanParam(query, "showHistory", false);
  const showHistoryOutput = booleanParam(query, "showHistoryOutput", false);
  const showInput = booleanParam(query, "showInput", true);
  const failureIs500 = booleanParam(query, "returnInternalServerErrorOnFailure", false);
  const state = await context.client.getOrchestrationState(id);
  if (!state) throw notFound(`No instance with id '${id}'`);
  const history = showHistory ? await context.client.getOrchestrationHistory(id) : undefined;
  const body = toStatusBody(state, { showInput, history, showHistoryOutput });
  if (!TERMINAL_STATUSES.has(state.runtimeStatus)) {
    // The same path and query (a `code` stays), under the configured base: never a host the caller chose.
    const location = `${request.origin}${request.url.pathname}${request.url.search}`;
    return { status: 202, headers: { location, "retry-after": "1" }, body };
  }
  return { status: state.runtimeStatus === "Failed" && failureIs500 ? 500 : 200, body };
};

export const listInstances: ApiHandler = async (context, request) => {
  const query = request.url.searchParams;
  const filter = instanceFilter(query);
  const pageSize = positiveIntegerParam(query, "top") ?? DEFAULT_PAGE_SIZE;
  // DF leaves inputs out of lists unless asked: they can be large and a list has many.
  const showInput = booleanParam(query, "showInput", false);
  const continuationToken = readContinuationToken(request);
  // Without showInput the Input column is not even read, so no spilled input is downloaded.
  const pages = context.client.listOrchestrations({ ...filter, fetchInput: showInput }).byPage({ maxPageSize: pageSize, continuationToken });
  const page = await firstPage(pages.next(), continuationToken);
  return pageResponse((page ?? []).map((state) => toStatusBody(state, { showInput })), page?.continuationToken);
};
