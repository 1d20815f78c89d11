// POST /orchestrators/{name}[/{instanceId}]: starts an instance and answers 202 with the management
// payload, the start of Durable Functions' async HTTP pattern.
import { badRequest } from "./http-errors.js";
import { param, type ApiContext, type ApiHandler, type ApiRequest, type ApiResponse } from "./api-handler.js";
import { managementPayload } from "./management-urls.js";
import { readJsonBody } from "./request-body.js";

export const startOrchestration: ApiHandler = async (context, request) => {
  const name = param(request, "name");
  if (!context.isKnownOrchestrator(name)) {
    throw badRequest("UnknownOrchestrator", `No orchestrator named '${name}' is registered with this worker`);
  }
  const body = await readJsonBody(request.request, context.maxBodyBytes);
  const instanceId = request.params.instanceId;
  const input = body.present ? body.value : undefined;
  const id = await context.client.scheduleNewOrchestration(name, input, instanceId === undefined ? {} : { instanceId });
  return acceptedWithManagementPayload(context, request, id);
};

/** 202 with Location pointing at the status URL, as DF's CreateCheckStatusResponse does. */
export function acceptedWithManagementPayload(context: ApiContext, request: ApiRequest, instanceId: string): ApiResponse {
  const payload = managementPayload(request.origin, instanceId, context.key);
  return { status: 202, headers: { location: payload.statusQueryGetUri, "retry-after": "1" }, body: payload };
}
