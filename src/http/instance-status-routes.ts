// GET /instances/{id} (one instance's status, the polling end of the async HTTP pattern) and
// GET /instances (a page of instances, continued through the x-ms-continuation-token header).
import type { OrchestrationPage } from "../client/task-hub-client.js";
import { TERMINAL_STATUSES } from "../client/orchestration-state.js";
import { badRequest, notFound } from "./http-errors.js";
import { param, type ApiHandler } from "./api-handler.js";
import { booleanParam, instanceFilter, positiveIntegerParam } from "./query-params.js";
import { toStatusBody } from "./status-body.js";

export const CONTINUATION_HEADER = "x-ms-continuation-token";
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
    return { status: 202, headers: { location: request.url.href, "retry-after": "1" }, body };
  }
  return { status: state.runtimeStatus === "Failed" && failureIs500 ? 500 : 200, body };
};

export const listInstances: ApiHandler = async (context, request) => {
  const query = request.url.searchParams;
  const filter = instanceFilter(query);
  const pageSize = positiveIntegerParam(query, "top") ?? DEFAULT_PAGE_SIZE;
  // DF leaves inputs out of lists unless asked: they can be large and a list has many.
  const showInput = booleanParam(query, "showInput", false);
  const token = request.request.headers[CONTINUATION_HEADER];
  const continuationToken = typeof token === "string" && token !== "" ? token : undefined;
  const pages = context.client.listOrchestrations(filter).byPage({ maxPageSize: pageSize, continuationToken });
  const page = await firstPage(pages.next(), continuationToken);
  const body = (page ?? []).map((state) => toStatusBody(state, { showInput }));
  const headers: Record<string, string> = {};
  if (page?.continuationToken) headers[CONTINUATION_HEADER] = page.continuationToken;
  return { status: 200, headers, body };
};

/** A token the backend cannot read (it says so with a TypeError) is the caller's mistake: 400, not 500. */
async function firstPage(
  next: Promise<IteratorResult<OrchestrationPage>>,
  continuationToken: string | undefined,
): Promise<OrchestrationPage | undefined> {
  try {
    const result = await next;
    return result.done ? undefined : result.value;
  } catch (error) {
    if (continuationToken && error instanceof TypeError) throw badRequest("InvalidContinuationToken", error.message);
    throw error;
  }
}
