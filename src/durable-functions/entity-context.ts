// `context.df` in an entity: the durable-functions DurableEntityContext over dtfx's EntityContext.
import type { EntityContext } from "../core/index.js";
import { EntityId, schedulerIdOf } from "./entity-id.js";

export interface DurableEntityContext<T> {
  readonly entityName: string;
  readonly entityKey: string;
  readonly entityId: EntityId;
  readonly operationName: string | undefined;
  /** True when the entity did not exist before this operation. */
  readonly isNewlyConstructed: boolean;
  getState(initializer?: () => T): T | undefined;
  setState(state: T): void;
  getInput<TInput = T>(): TInput | undefined;
  return<TResult = T>(result: TResult): void;
  destructOnExit(): void;
  signalEntity(entity: EntityId, operationName: string, operationInput?: unknown): void;
}

export function durableEntityContext<T>(ctx: EntityContext<T>): DurableEntityContext<T> {
  const entityId = new EntityId(ctx.entityId.name, ctx.entityId.key);
  const existed = ctx.getState() !== undefined;
  return {
    entityName: entityId.name,
    entityKey: entityId.key,
    entityId,
    operationName: ctx.operationName,
    isNewlyConstructed: !existed,
    // As the package: the initializer's value is only the answer, it becomes the state once set.
    getState: (initializer) => {
      const state = ctx.getState();
      return state !== undefined ? state : initializer?.();
    },
    setState: (state) => ctx.setState(state),
    getInput: <TInput>() => ctx.getInput<TInput>() ?? undefined,
    return: (result) => ctx.return(result),
    destructOnExit: () => ctx.deleteState(),
    signalEntity: (entity, operationName, operationInput) => ctx.signalEntity(schedulerIdOf(entity), operationName, operationInput),
  };
}

export type EntityHandler<T> = (context: any) => void | Promise<void>;
export type EntityContextFactory = (ctx: EntityContext) => Record<string, any>;

/** A dtfx entity function running a durable-functions entity handler with `context.df`. */
export function adaptEntity<T>(handler: EntityHandler<T>, makeContext: EntityContextFactory): (ctx: EntityContext<T>) => Promise<void> {
  if (typeof handler !== "function") throw new TypeError("An entity must be a function: function (context) { … context.df.operationName … }");
  return async (ctx) => {
    const context = makeContext(ctx as EntityContext);
    context.df = durableEntityContext(ctx);
    await handler(context);
  };
}
