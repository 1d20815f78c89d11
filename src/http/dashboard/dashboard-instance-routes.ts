// GET /dashboard/api/instances/{id}: one instance for its page (status, previews of its payloads, its history,
// its parent and children); GET …/payload/{input|output|customStatus}: a large payload in full.
import type { ClientHistoryEvent } from "../../client/orchestration-state.js";
import { badRequest, notFound } from "../http-errors.js";
import { param, type ApiHandler } from "../api-handler.js";
import { historyRowOf, previewOf } from "./payload-preview.js";

const PAYLOAD_FIELDS = ["input", "output", "customStatus"] as const;

export const getInstanceDetails: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  const [state, history] = await Promise.all([context.client.getOrchestrationState(id), context.client.getOrchestrationHistory(id)]);
  if (!state) throw notFound(`No instance with id '${id}'`);
  const { input, output, customStatus, ...rest } = state;
  const body = {
    ...rest,
    input: previewOf(input),
    output: previewOf(output),
    customStatus: previewOf(customStatus),
    parent: parentOf(history),
    children: childrenOf(history),
    history: history.map((event) => historyRowOf(event)),
  };
  return { status: 200, body };
};

export const getInstancePayload: ApiHandler = async (context, request) => {
  const id = param(request, "id");
  const field = param(request, "field");
  if (!PAYLOAD_FIELDS.includes(field as never)) throw badRequest("InvalidParameter", `The payload is one of ${PAYLOAD_FIELDS.join(", ")}`);
  const state = await context.client.getOrchestrationState(id);
  if (!state) throw notFound(`No instance with id '${id}'`);
  return { status: 200, body: { value: state[field as (typeof PAYLOAD_FIELDS)[number]] ?? null } };
};

function parentOf(history: ClientHistoryEvent[]): { instanceId: string; executionId?: string } | undefined {
  const started = history.find((e) => e.eventType === "ExecutionStarted") as { parentInstance?: { orchestrationInstance?: { instanceId: string; executionId?: string } } } | undefined;
  const parent = started?.parentInstance?.orchestrationInstance;
  return parent ? { instanceId: parent.instanceId, executionId: parent.executionId } : undefined;
}

function childrenOf(history: ClientHistoryEvent[]): { instanceId: string; name: string }[] {
  return history.flatMap((e) =>
    e.eventType === "SubOrchestrationInstanceCreated" ? [{ instanceId: String(e.instanceId), name: String(e.name) }] : [],
  );
}
