// durable-functions' entity types: EntityId (`@name@key` with the name lower-cased, as the package writes it),
// the lock state of a critical section, and the answer of readEntityState.
export class EntityId {
  constructor(
    readonly name: string,
    readonly key: string,
  ) {
    for (const [value, field] of [[name, "name"], [key, "key"]] as const) {
      if (typeof value !== "string") throw new TypeError(`${field}: Expected non-empty, non-whitespace string but got ${typeof value}`);
      if (value.trim() === "") throw new Error(`${field}: Expected non-empty, non-whitespace string but got empty string`);
    }
  }

  static getEntityIdFromSchedulerId(schedulerId: string): EntityId {
    const at = schedulerId.indexOf("@", 1);
    return new EntityId(schedulerId.substring(1, at), schedulerId.substring(at + 1));
  }

  static getSchedulerIdFromEntityId(entityId: EntityId): string {
    return `@${entityId.name.toLowerCase()}@${entityId.key}`;
  }

  toString(): string {
    return EntityId.getSchedulerIdFromEntityId(this);
  }
}

/** The entity's instance id, from an EntityId of either build (read by shape) or an `@name@key` string. */
export function schedulerIdOf(entityId: unknown): string {
  if (typeof entityId === "string" && /^@[^@]+@/.test(entityId)) return entityId;
  const { name, key } = (entityId ?? {}) as { name?: unknown; key?: unknown };
  if (typeof name !== "string" || typeof key !== "string") {
    throw new TypeError("entityId: Expected an EntityId (new df.EntityId(name, key))");
  }
  return `@${name.toLowerCase()}@${key}`;
}

export class EntityStateResponse<T> {
  constructor(
    public entityExists: boolean,
    public entityState?: T,
  ) {}
}

export class LockState {
  constructor(
    readonly isLocked: boolean,
    readonly ownedLocks: EntityId[],
  ) {}
}

/** A held critical section: `release()` (idempotent) or `using` ends it. */
export class DurableLock {
  constructor(
    readonly ownedLocks: ReadonlyArray<EntityId>,
    private readonly onRelease: () => void,
  ) {}

  release(): void {
    this.onRelease();
  }

  [Symbol.dispose](): void {
    this.release();
  }
}
