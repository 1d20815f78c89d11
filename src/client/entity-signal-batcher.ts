// Signals a client sends to one entity in the same turn of the event loop leave as one queue message (see
// core/entity-request-batching): each caller's promise settles when the message holding its request is enqueued.
import { chunkEntityRequests, encodeEntityRequest, ENTITY_REQUEST_EVENT, entityRequestsInput, TurnBatcher, type EntityRequest, type TaskMessage } from "../core/index.js";

export class EntitySignalBatcher {
  private readonly batcher: TurnBatcher<string>;

  constructor(
    private readonly send: (message: TaskMessage) => Promise<void>,
    private readonly enabled = true,
  ) {
    this.batcher = new TurnBatcher<string>({
      schedule: (flush) => setImmediate(flush),
      split: (texts) => chunkEntityRequests(texts, (text) => text),
      send: (instanceId, texts) => this.send(requestMessage(instanceId, texts)),
    });
  }

  signal(entityInstanceId: string, request: EntityRequest): Promise<void> {
    const text = encodeEntityRequest(request);
    return this.enabled ? this.batcher.add(entityInstanceId, text) : this.send(requestMessage(entityInstanceId, [text]));
  }
}

function requestMessage(instanceId: string, requestTexts: string[]): TaskMessage {
  return {
    orchestrationInstance: { instanceId },
    event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: ENTITY_REQUEST_EVENT, input: entityRequestsInput(requestTexts) },
  };
}
