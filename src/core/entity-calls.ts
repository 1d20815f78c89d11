// How an orchestration talks to entities, as Durable Functions 2.x does: a request is an EventRaised "op" sent to
// the entity (recorded as EventSent), an answer comes back as an EventRaised named after the request's id (a
// deterministic GUID), and a critical section is a lock request passed along its entities in id order.
import { EntityId } from "./entity-id.js";
import {
  ENTITY_RELEASE_EVENT,
  ENTITY_REQUEST_EVENT,
  type EntityRelease,
  type EntityRequest,
} from "./entity-messages.js";
import { TaskFailedError } from "./errors.js";
import { entityRequestToJson, entityResponseFromJson } from "./entity-wire.js";
import { EntitySendOrder } from "./entity-send-order.js";
import { parsePayload, stringifyPayload } from "./payload.js";
import { Task } from "./task.js";

/** A critical section's locks; `release()` ends it (completing the orchestration ends it too). */
export interface EntityLock {
  readonly entities: readonly string[];
  release(): void;
}

/** What entity calls need from the orchestration context. */
export interface EntityCallHost {
  readonly instanceId: string;
  readonly executionId: string;
  readonly currentUtcDateTime: Date;
  newGuid(): string;
  sendEvent(instanceId: string, eventName: string, eventData?: unknown): void;
  waitForExternalEvent<T>(name: string): Task<T>;
}

export function entityInstanceId(entityId: EntityId | string): string {
  const text = typeof entityId === "string" ? entityId : entityId.toString();
  if (!EntityId.fromInstanceId(text)) throw new TypeError(`Not an entity id (expected @name@key): ${JSON.stringify(text)}`);
  return text;
}

export class EntityCalls {
  /** The lock requested last and not yet released (also while its acquisition is under way). */
  private held?: { id: string; entities: string[] };

  private readonly sendOrder = new EntitySendOrder();

  constructor(private readonly host: EntityCallHost) {}

  /** A signal carries its sender, as the original's (CO`Entities/OrchestrationEntityContext.cs:255-290`). */
  signal(entityId: EntityId | string, operationName: string, input?: unknown): void {
    const target = entityInstanceId(entityId);
    const request = this.request({ op: operationName, signal: true, input: stringifyPayload(input) });
    this.host.sendEvent(target, ENTITY_REQUEST_EVENT, entityRequestToJson(this.labelled(request, target)));
  }

  /** Timestamp and Predecessor per destination, as the original's MessageSorter labels a request. */
  private labelled(request: EntityRequest, target: string): EntityRequest {
    return { ...request, ...this.sendOrder.label(target, this.host.currentUtcDateTime) };
  }

  call<T>(entityId: EntityId | string, operationName: string, input?: unknown): Task<T> {
    const target = entityInstanceId(entityId);
    const request = this.request({ op: operationName, input: stringifyPayload(input) });
    this.host.sendEvent(target, ENTITY_REQUEST_EVENT, entityRequestToJson(this.labelled(request, target)));
    const outcome = new Task<T>();
    const answer = this.host.waitForExternalEvent<unknown>(request.id);
    answer.onSettled(() => {
      const response = entityResponseFromJson(answer.result);
      if (response.failureDetails) {
        const details = response.failureDetails;
        outcome.fail(new TaskFailedError(`Operation '${operationName}' of entity '${target}' failed: ${details.message}`, details));
        return;
      }
      try {
        outcome.complete(parsePayload(response.result) as T);
      } catch (error) {
        outcome.fail(error as Error);
      }
    });
    return outcome;
  }

  lock(entityIds: (EntityId | string)[]): Task<EntityLock> {
    if (this.held) throw new Error("This orchestration already holds entity locks: release them before locking again");
    const entities = [...new Set(entityIds.map(entityInstanceId))].sort();
    if (entities.length === 0) throw new TypeError("lockEntities needs at least one entity");
    const request = this.request({ lockset: entities, pos: 0 });
    this.held = { id: request.id, entities };
    this.host.sendEvent(entities[0]!, ENTITY_REQUEST_EVENT, entityRequestToJson(this.labelled(request, entities[0]!)));
    const outcome = new Task<EntityLock>();
    const acquired = this.host.waitForExternalEvent<unknown>(request.id);
    acquired.onSettled(() => outcome.complete({ entities, release: () => this.release(request.id) }));
    return outcome;
  }

  /** Sends the releases of the held locks, if any (when a critical section ends or the orchestration does). */
  releaseAll(): void {
    if (this.held) this.release(this.held.id);
  }

  private release(lockId: string): void {
    if (this.held?.id !== lockId) return; // released already
    const release: EntityRelease = { parent: this.host.instanceId, id: lockId };
    for (const entity of this.held.entities) this.host.sendEvent(entity, ENTITY_RELEASE_EVENT, release);
    this.held = undefined;
  }

  private request(fields: Omit<EntityRequest, "id" | "parent" | "parentExecution">): EntityRequest {
    return { id: this.host.newGuid(), ...fields, parent: this.host.instanceId, parentExecution: this.host.executionId };
  }
}
