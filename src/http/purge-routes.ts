// DELETE /instances/{id} and DELETE /instances?createdTimeFrom=…: purge history and status, 404 when
// nothing matched (as DF answers).
import { badRequest, notFound } from "./http-errors.js";
import { param, type ApiHandler } from "./api-handler.js";
import { instanceFilter } from "./query-params.js";

export const purgeInstance: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  const result = await context.client.purgeOrchestration(id);
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
