// Runs one batch of an entity's messages: requests in arrival order, each operation on its own (a failing one
// rolls back only itself), locks granted and released as they come. Pure apart from awaiting the entity code:
// the worker supplies ids and time, and carries out the deliveries with the new state in one commit.
import type { EntityId } from "./entity-id.js";
import type { EntityFunction, EntityOutbound } from "./entity-context.js";
import { OperationContext } from "./entity-context.js";
import {
  ENTITY_REQUEST_EVENT,
  LOCK_ACQUIRED_RESULT,
  type EntityRelease,
  type EntityRequest,
  type EntityResponse,
} from "./entity-messages.js";
import type { EntitySchedulerState } from "./entity-scheduler-state.js";
import { failureDetailsOf } from "./failure-details.js";
import { encodeEntityRequest, entityResponseToJson } from "./entity-wire.js";

export type EntityInbound = { kind: "request"; request: EntityRequest } | { kind: "release"; release: EntityRelease };

/** What the batch sends: an EventRaised to an instance (entity or orchestration), or an orchestration start. */
export type EntityDelivery =
  | { kind: "event"; instanceId: string; executionId?: string; name: string; input?: string }
  | { kind: "start"; name: string; instanceId: string; input?: string };

export interface EntityBatchInput {
  entityId: EntityId;
  scheduler: EntitySchedulerState;
  inbound: EntityInbound[];
  /** Undefined when no entity of that name is registered: every operation then fails. */
  entity: EntityFunction | undefined;
  nowInMs: number;
  newId(): string;
  /** The previous batch's messages are known to be deleted: its request ids need not be remembered any longer. */
  previousBatchConfirmed: boolean;
  /** How long ids of unconfirmed batches are kept (default 15 minutes, thrice the queue's visibility timeout). */
  recentRetentionInMs?: number;
}

export interface EntityBatchResult {
  scheduler: EntitySchedulerState;
  deliveries: EntityDelivery[];
  operations: number;
  duplicates: number;
}

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

export async function executeEntityBatch(input: EntityBatchInput): Promise<EntityBatchResult> {
  return new EntityBatch(input).run();
}

class EntityBatch {
  private readonly s: EntitySchedulerState;
  private readonly deliveries: EntityDelivery[] = [];
  private operations = 0;
  private duplicates = 0;

  constructor(private readonly input: EntityBatchInput) {
    this.s = structuredClone(input.scheduler);
  }

  async run(): Promise<EntityBatchResult> {
    const seen = this.rememberedIds();
    const ids: string[] = [];
    for (const message of this.input.inbound) {
      if (message.kind === "release") {
        await this.release(message.release);
        continue;
      }
      const request = message.request;
      if (seen.has(request.id)) {
        this.duplicates++;
        continue;
      }
      seen.add(request.id);
      ids.push(request.id);
      await this.admit(request);
    }
    this.s.recent = [...(this.s.recent ?? []), { at: this.input.nowInMs, ids }];
    if (this.s.queue?.length === 0) delete this.s.queue;
    return { scheduler: this.s, deliveries: this.deliveries, operations: this.operations, duplicates: this.duplicates };
  }

  /** Ids of earlier batches whose messages may come again; each batch leaves one entry, which the next drops once confirmed. */
  private rememberedIds(): Set<string> {
    const recent = [...(this.s.recent ?? [])];
    if (this.input.previousBatchConfirmed) recent.pop();
    const oldest = this.input.nowInMs - (this.input.recentRetentionInMs ?? FIFTEEN_MINUTES_MS);
    this.s.recent = recent.filter((entry) => entry.ids.length > 0 && entry.at >= oldest);
    return new Set(this.s.recent.flatMap((entry) => entry.ids));
  }

  private async admit(request: EntityRequest): Promise<void> {
    if (this.s.lockedBy !== undefined && request.parent !== this.s.lockedBy) {
      (this.s.queue ??= []).push(request);
      return;
    }
    if (request.lockset) this.grantLock(request);
    else await this.runOperation(request);
  }

  /** Locks are taken in lockset order: each entity passes the request on, the last one answers the holder. */
  private grantLock(request: EntityRequest): void {
    this.s.lockedBy = request.parent;
    this.s.lockId = request.id;
    const next = (request.pos ?? 0) + 1;
    const lockset = request.lockset!;
    if (next < lockset.length) {
      const forwarded: EntityRequest = { ...request, pos: next };
      this.deliveries.push({ kind: "event", instanceId: lockset[next]!, name: ENTITY_REQUEST_EVENT, input: encodeEntityRequest(forwarded) });
    } else {
      this.respond(request, { result: LOCK_ACQUIRED_RESULT });
    }
  }

  private async release(release: EntityRelease): Promise<void> {
    if (this.s.lockedBy !== release.parent || (this.s.lockId !== undefined && this.s.lockId !== release.id)) return;
    delete this.s.lockedBy;
    delete this.s.lockId;
    // Requests that waited run now, in order, until one of them locks the entity again.
    while (this.s.queue?.length && this.s.lockedBy === undefined) {
      const waiting = this.s.queue.shift()!;
      if (waiting.lockset) this.grantLock(waiting);
      else await this.runOperation(waiting);
    }
  }

  private async runOperation(request: EntityRequest): Promise<void> {
    this.operations++;
    const { entityId, entity, newId } = this.input;
    const ctx = new OperationContext(entityId, request.op ?? "", request.input, this.s.state, this.s.exists, newId);
    try {
      if (!entity) throw new EntityNotFoundError(`No entity named '${entityId.name}' is registered with this worker`);
      await entity(ctx);
    } catch (error) {
      this.respond(request, { exceptionType: (error as Error)?.name ?? "Error", failureDetails: failureDetailsOf(error) });
      return;
    }
    this.s.exists = ctx.exists;
    const text = ctx.stateText();
    if (text === undefined) delete this.s.state;
    else this.s.state = text;
    for (const outbound of ctx.outbound) this.deliveries.push(this.deliveryOf(outbound));
    this.respond(request, ctx.returned === undefined ? {} : { result: ctx.returned });
  }

  private deliveryOf(outbound: EntityOutbound): EntityDelivery {
    if (outbound.kind === "start") return outbound;
    const request: EntityRequest = { id: this.input.newId(), op: outbound.operationName, signal: true };
    if (outbound.input !== undefined) request.input = outbound.input;
    return { kind: "event", instanceId: outbound.target, name: ENTITY_REQUEST_EVENT, input: encodeEntityRequest(request) };
  }

  private respond(request: EntityRequest, response: EntityResponse): void {
    if (request.signal || !request.parent) return;
    const delivery: EntityDelivery = { kind: "event", instanceId: request.parent, name: request.id, input: JSON.stringify(entityResponseToJson(response)) };
    if (request.parentExecution) delivery.executionId = request.parentExecution;
    this.deliveries.push(delivery);
  }
}

export class EntityNotFoundError extends Error {
  override readonly name = "EntityNotFoundError";
}
