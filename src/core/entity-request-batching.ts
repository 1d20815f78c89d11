// Requests bound for the same entity travel together: one queue message whose "op" event carries a JSON array of
// requests instead of one request. A queue message costs a send, a receive share and a delete, so a thousand
// signals sent at once cost tens of messages, not a thousand; the entity still sees each request by its own id.
import { ENTITY_REQUEST_EVENT, type EntityRequest } from "./entity-messages.js";
import type { TaskMessage } from "./history-events.js";
import { encodeEntityRequest, entityRequestFromJson } from "./entity-wire.js";

/** Requests per message stay well below a queue message's 64 KiB (larger groups would spill to a blob). */
export const MAX_BATCHED_REQUEST_CHARS = 24_000;

/** The requests an "op" event carries: one object, or an array of them. */
export function entityRequestsOf(input: string | undefined): EntityRequest[] {
  const body = JSON.parse(input ?? "null") as unknown;
  return (Array.isArray(body) ? body : body === null ? [] : [body]).map(entityRequestFromJson);
}

/** The "op" event's input for requests already written as JSON: one stays an object, more become an array. */
export function entityRequestsInput(requestTexts: string[]): string {
  return requestTexts.length === 1 ? requestTexts[0]! : `[${requestTexts.join(",")}]`;
}

/** Splits items, in order, into runs whose request texts fit one message. */
export function chunkEntityRequests<T>(items: T[], requestTextOf: (item: T) => string): T[][] {
  const chunks: T[][] = [];
  let chars = Infinity;
  for (const item of items) {
    const length = requestTextOf(item).length + 1;
    if (chars + length > MAX_BATCHED_REQUEST_CHARS) {
      chunks.push([]);
      chars = 0;
    }
    chunks.at(-1)!.push(item);
    chars += length;
  }
  return chunks;
}

function isEntityRequest(message: TaskMessage): boolean {
  const event = message.event;
  return event.eventType === "EventRaised" && event.name === ENTITY_REQUEST_EVENT && message.orchestrationInstance.instanceId.startsWith("@");
}

/** Merges the entity requests among `messages` by target, in order; other messages pass through unchanged. */
export function batchEntityRequests(messages: TaskMessage[]): TaskMessage[] {
  // Each target's requests take the place of its first request message; other messages keep their places.
  const slots: ({ message: TaskMessage } | { target: string })[] = [];
  const byTarget = new Map<string, { first: TaskMessage; texts: string[] }>();
  for (const message of messages) {
    if (!isEntityRequest(message) || message.event.eventType !== "EventRaised") {
      slots.push({ message });
      continue;
    }
    const target = message.orchestrationInstance.instanceId;
    let group = byTarget.get(target);
    if (!group) {
      byTarget.set(target, (group = { first: message, texts: [] }));
      slots.push({ target });
    }
    group.texts.push(...entityRequestsOf(message.event.input).map(encodeEntityRequest));
  }
  return slots.flatMap((slot) => {
    if ("message" in slot) return [slot.message];
    const { first, texts } = byTarget.get(slot.target)!;
    return chunkEntityRequests(texts, (text) => text).map((chunk) => ({
      ...first,
      event: { ...first.event, input: entityRequestsInput(chunk) } as TaskMessage["event"],
    }));
  });
}
