// Requests bound for the same entity travel together: one queue message whose "op" event carries a JSON array of
// requests instead of one request. A queue message costs a send, a receive share and a delete, so a thousand
// signals sent at once cost tens of messages, not a thousand; the entity still sees each request by its own id.
import { ENTITY_REQUEST_EVENT, type EntityRequest } from "./entity-messages.js";
import type { TaskMessage } from "./history-events.js";

/** Requests per message stay well below a queue message's 64 KiB (larger groups would spill to a blob). */
export const MAX_BATCHED_REQUEST_CHARS = 24_000;

function isEntityRequest(message: TaskMessage): boolean {
  const event = message.event;
  return event.eventType === "EventRaised" && event.name === ENTITY_REQUEST_EVENT && message.orchestrationInstance.instanceId.startsWith("@");
}

/** The requests an "op" event carries: one object, or an array of them. */
export function entityRequestsOf(input: string | undefined): EntityRequest[] {
  const body = JSON.parse(input ?? "null") as EntityRequest | EntityRequest[] | null;
  return Array.isArray(body) ? body : body === null ? [] : [body];
}

/** Merges the entity requests among `messages` by target, in order; other messages pass through unchanged. */
export function batchEntityRequests(messages: TaskMessage[]): TaskMessage[] {
  const out: TaskMessage[] = [];
  const open = new Map<string, { message: TaskMessage; requests: string[]; chars: number }>();
  for (const message of messages) {
    if (!isEntityRequest(message) || message.event.eventType !== "EventRaised") {
      out.push(message);
      continue;
    }
    const target = message.orchestrationInstance.instanceId;
    const texts = entityRequestsOf(message.event.input).map((request) => JSON.stringify(request));
    for (const text of texts) {
      let group = open.get(target);
      if (!group || group.chars + text.length > MAX_BATCHED_REQUEST_CHARS) {
        group = { message: { ...message, event: { ...message.event } }, requests: [], chars: 0 };
        open.set(target, group);
        out.push(group.message);
      }
      group.requests.push(text);
      group.chars += text.length + 1;
      if (group.message.event.eventType === "EventRaised") {
        group.message.event.input = group.requests.length === 1 ? text : `[${group.requests.join(",")}]`;
      }
    }
  }
  return out;
}
