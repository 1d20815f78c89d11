// POST /instances/{id}/{raiseEvent/{eventName}|terminate[?recursive=true]|suspend|resume|restart|rewind}: steer one instance.
// As in DF: an unknown instance is 404, a finished one 410 Gone, an accepted request 202.
import type { OrchestrationState } from "../backend/orchestration-service.js";
import { TERMINAL_STATUSES } from "../client/orchestration-state.js";
import { gone, notFound } from "./http-errors.js";
import { param, type ApiContext, type ApiHandler, type ApiRequest } from "./api-handler.js";
import { acceptedWithManagementPayload } from "./orchestrator-routes.js";
import { readJsonBody } from "./request-body.js";
import { booleanParam } from "./query-params.js";

/** The instance the request names, if it exists and has not finished. */
async function runningInstance(context: ApiContext, request: ApiRequest): Promise<OrchestrationState> {
  const id = param(request, "id");
  const state = await context.client.getOrchestrationState(id, { fetchPayloads: false });
  if (!state) throw notFound(`No instance with id '${id}'`);
  if (TERMINAL_STATUSES.has(state.runtimeStatus)) throw gone(`Instance '${id}' has already finished (${state.runtimeStatus})`);
  return state;
}

const reasonOf = (request: ApiRequest) => request.url.searchParams.get("reason") ?? undefined;
const ACCEPTED = { status: 202 } as const;

export const raiseEvent: ApiHandler = async (context, request) => {
  // The body is read first so that a malformed one changes nothing.
  const body = await readJsonBody(request.request, context.maxBodyBytes);
  const state = await runningInstance(context, request);
  await context.client.raiseEvent(state.instanceId, param(request, "eventName"), body.present ? body.value : undefined);
  return ACCEPTED;
};

export const terminateInstance: ApiHandler = async (context, request) => {
  const state = await runningInstance(context, request);
  const recursive = booleanParam(request.url.searchParams, "recursive", false);
  await context.client.terminateOrchestration(state.instanceId, reasonOf(request), { recursive });
  return ACCEPTED;
};

export const suspendInstance: ApiHandler = async (context, request) => {
  const state = await runningInstance(context, request);
  await context.client.suspendOrchestration(state.instanceId, reasonOf(request));
  return ACCEPTED;
};

export const resumeInstance: ApiHandler = async (context, request) => {
  const state = await runningInstance(context, request);
  await context.client.resumeOrchestration(state.instanceId, reasonOf(request));
  return ACCEPTED;
};

/**
 * Runs the instance again with its original input; 202 with the management payload of the new run.
 * `restartWithNewInstanceId=true` (DF's parameter) runs it under a new id.
 */
export const restartInstance: ApiHandler = async (context, request) => {
  const newInstanceId = booleanParam(request.url.searchParams, "restartWithNewInstanceId", false);
  const id = await context.client.restartOrchestration(param(request, "id"), { newInstanceId });
  return acceptedWithManagementPayload(context, request, id);
};

/** Rewinds a Failed instance (its failed tasks run again); as in DF, any other status is 410 Gone. */
export const rewindInstance: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  const state = await context.client.getOrchestrationState(id, { fetchPayloads: false });
  if (!state) throw notFound(`No instance with id '${id}'`);
  if (state.runtimeStatus !== "Failed") throw gone(`Only a Failed instance can be rewound; '${id}' is ${state.runtimeStatus}`);
  await context.client.rewindOrchestration(id, reasonOf(request));
  return ACCEPTED;
};
