// Signals a client sends to one entity in the same turn of the event loop leave as one queue message (see
// core/entity-request-batching): each caller's promise settles when the message holding its request is enqueued.
import { ENTITY_REQUEST_EVENT, MAX_BATCHED_REQUEST_CHARS, type EntityRequest, type TaskMessage } from "../core/index.js";

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
    const signal = JSON.stringify(request);
    if (!this.enabled) return this.sendChunk(entityInstanceId, [{ request: signal, resolve: () => {}, reject: () => {} }], true);
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(entityInstanceId) ?? [];
      queue.push({ request: signal, resolve, reject });
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
      for (const chunk of chunksOf(signals)) void this.sendChunk(instanceId, chunk);
    }
  }

  /** Sends one message for the chunk and settles its callers (or, with `rethrow`, lets the one caller see the error). */
  private async sendChunk(instanceId: string, chunk: PendingSignal[], rethrow = false): Promise<void> {
    const input = chunk.length === 1 ? chunk[0]!.request : `[${chunk.map((s) => s.request).join(",")}]`;
    try {
      await this.send({
        orchestrationInstance: { instanceId },
        event: { eventType: "EventRaised", eventId: -1, timestamp: new Date(), name: ENTITY_REQUEST_EVENT, input },
      });
      for (const signal of chunk) signal.resolve();
    } catch (error) {
      if (rethrow) throw error;
      for (const signal of chunk) signal.reject(error);
    }
  }
}

function* chunksOf(signals: PendingSignal[]): Generator<PendingSignal[]> {
  let chunk: PendingSignal[] = [];
  let chars = 0;
  for (const signal of signals) {
    if (chunk.length > 0 && chars + signal.request.length > MAX_BATCHED_REQUEST_CHARS) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(signal);
    chars += signal.request.length + 1;
  }
  if (chunk.length > 0) yield chunk;
}
