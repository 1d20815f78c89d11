// What entity code sees for one operation. State changes and messages are kept here and only take effect if
// the operation returns normally: an operation that throws changes nothing.
import { EntityId } from "./entity-id.js";
import { parsePayload, stringifyPayload } from "./payload.js";
import { assertNewOrchestrationId } from "./instance-id-rules.js";

export interface EntityContext<S = any> {
  readonly entityId: EntityId;
  readonly operationName: string;
  getInput<T = any>(): T;
  /** The current state; without one, the initializer's value becomes the state (undefined without initializer). */
  getState(initializer?: () => S): S | undefined;
  setState(state: S): void;
  /** The entity no longer exists once the operation ends (a later operation may create it again). */
  deleteState(): void;
  /** The value a caller of `callEntity` receives. */
  return(value: unknown): void;
  signalEntity(entityId: EntityId | string, operationName: string, input?: unknown): void;
  /** Starts an orchestration (with a fresh id unless one is given) and returns its instance id. */
  startNewOrchestration(name: string, input?: unknown, instanceId?: string): string;
}

/** An entity function: switches on `ctx.operationName`; may be async. */
export type EntityFunction<S = any> = (ctx: EntityContext<S>) => void | Promise<void>;

/** A message an operation sends, carried out only if the operation succeeds. */
export type EntityOutbound =
  | { kind: "signal"; target: string; operationName: string; input?: string }
  | { kind: "start"; name: string; instanceId: string; input?: string };

export class OperationContext<S> implements EntityContext<S> {
  exists: boolean;
  /** The state as a live value: objects the code mutates in place are saved too. */
  private value: S | undefined;
  returned?: string;
  readonly outbound: EntityOutbound[] = [];

  constructor(
    readonly entityId: EntityId,
    readonly operationName: string,
    private readonly inputText: string | undefined,
    stateText: string | undefined,
    exists: boolean,
    private readonly newId: () => string,
  ) {
    this.exists = exists;
    this.value = exists ? (parsePayload(stateText) as S) : undefined;
  }

  getInput<T>(): T {
    return parsePayload(this.inputText) as T;
  }

  getState(initializer?: () => S): S | undefined {
    if (!this.exists && initializer) this.setState(initializer());
    return this.value;
  }

  setState(state: S): void {
    stringifyPayload(state); // refuse what cannot be stored, inside the operation that tried
    this.value = state;
    this.exists = true;
  }

  deleteState(): void {
    this.value = undefined;
    this.exists = false;
  }

  return(value: unknown): void {
    this.returned = stringifyPayload(value);
  }

  signalEntity(entityId: EntityId | string, operationName: string, input?: unknown): void {
    const target = typeof entityId === "string" ? entityId : entityId.toString();
    if (!EntityId.fromInstanceId(target)) throw new TypeError(`Not an entity id: ${JSON.stringify(target)}`);
    this.outbound.push({ kind: "signal", target, operationName, input: stringifyPayload(input) });
  }

  startNewOrchestration(name: string, input?: unknown, instanceId?: string): string {
    const id = instanceId ?? this.newId();
    // The operation fails (and is rolled back) rather than send a start that could not be stored.
    assertNewOrchestrationId(id);
    this.outbound.push({ kind: "start", name, instanceId: id, input: stringifyPayload(input) });
    return id;
  }

  /** The state as JSON text after the operation (undefined when it does not exist). */
  stateText(): string | undefined {
    return this.exists ? (stringifyPayload(this.value) ?? "null") : undefined;
  }
}
