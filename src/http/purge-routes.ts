// DELETE /instances/{id}[?force=true&recursive=true] and DELETE /instances?createdTimeFrom=…: purge history and
// status, 404 when nothing matched (as DF answers); an unfinished instance is 409 unless forced.
import { TimeoutError } from "../core/index.js";
import { badRequest, HttpError, notFound } from "./http-errors.js";
import { param, type ApiHandler } from "./api-handler.js";
import { booleanParam, instanceFilter } from "./query-params.js";

/** How long a forced purge waits for its terminations before answering 409. */
const FORCE_TIMEOUT_MS = 30_000;

export const purgeInstance: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  const query = request.url.searchParams;
  const options = { force: booleanParam(query, "force", false), recursive: booleanParam(query, "recursive", false) };
  const result = await context.client.purgeOrchestration(id, { ...options, timeoutInMs: FORCE_TIMEOUT_MS }).catch((error: unknown) => {
    if (error instanceof TimeoutError) throw new HttpError(409, "TerminationPending", error.message);
    throw error;
  });
  if (result.deletedInstanceCount === 0) throw notFound(`No instance with id '${id}'`);
  return { status: 200, body: { instancesDeleted: result.deletedInstanceCount } };
};

export const purgeInstances: ApiHandler = async (context, request) => {
  const filter = instanceFilter(request.url.searchParams);
  // DF requires a lower bound so that one request cannot wipe a whole hub by accident.
  if (!filter.createdFrom) throw badRequest("MissingParameter", "Bulk purge needs 'createdTimeFrom'");
  const result = await context.client.purgeOrchestrations(filter);
  if (result.deletedInstanceCount === 0) throw notFound("No instance matched the purge filter");
  return { status: 200, body: { instancesDeleted: result.deletedInstanceCount } };
};
