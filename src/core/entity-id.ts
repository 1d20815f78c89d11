// An entity's address: its name (matched case-insensitively, so kept lower-cased) and key. As an instance id it
// is `@name@key`, the form Durable Functions uses, so entities share the instance tables and partitioning.
export class EntityId {
  readonly name: string;

  constructor(
    name: string,
    readonly key: string,
  ) {
    if (!name || name.includes("@")) throw new TypeError(`An entity name must be non-empty and without '@': ${JSON.stringify(name)}`);
    if (typeof key !== "string") throw new TypeError("An entity key must be a string");
    this.name = name.toLowerCase();
  }

  toString(): string {
    return `@${this.name}@${this.key}`;
  }

  /** The entity of an instance id `@name@key`, or undefined for an orchestration's id. */
  static fromInstanceId(instanceId: string): EntityId | undefined {
    const match = /^@([^@]+)@([\s\S]*)$/.exec(instanceId);
    return match ? new EntityId(match[1]!, match[2]!) : undefined;
  }

  equals(other: EntityId): boolean {
    return this.name === other.name && this.key === other.key;
  }
}
