// Signals a client sends to one entity in the same turn of the event loop leave as one queue message (see
// core/entity-request-batching): each caller's promise settles when the message holding its request is enqueued.
import { chunkEntityRequests, encodeEntityRequest, ENTITY_REQUEST_EVENT, entityRequestsInput, type EntityRequest, type TaskMessage } from "../core/index.js";

interface PendingSignal {
  request: string;
  resolve(): void;
  reject(error: unknown): void;
}

export class EntitySignalBatcher {
  private pending = new Map<string, PendingSignal[]>();
  private flushScheduled = false;

  constructor(
    private readonly send: (message: TaskMessage) => Promise<void>,
    private readonly enabled = true,
  ) {}

  signal(entityInstanceId: string, request: EntityRequest): Promise<void> {
    const text = encodeEntityRequest(request);
    if (!this.enabled) return this.send(requestMessage(entityInstanceId, [text]));
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(entityInstanceId) ?? [];
      queue.push({ request: text, resolve, reject });
      this.pending.set(entityInstanceId, queue);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.flushScheduled = false;
    for (const [instanceId, signals] of pending) {
      for (const chunk of chunkEntityRequests(signals, (s) => s.request)) void this.sendChunk(instanceId, chunk);
    }
  }

  private async sendChunk(instanceId: string, chunk: PendingSignal[]): Promise<void> {
    try {
      await this.send(requestMessage(instanceId, chunk.map((s) => s.request)));
      for (const signal of chunk) signal.resolve();
    } catch (error) {
      for (const signal of chunk) signal.reject(error);
    }
  }
}

function requestMessage(instanceId: string, requestTexts: string[]): TaskMessage {
  return {
    orchestrationInstance: { instanceId },
    event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: ENTITY_REQUEST_EVENT, input: entityRequestsInput(requestTexts) },
  };
}
