// The functions a worker hosts, by name. Lookups fall back to a case-insensitive match, since hosts and
// clients in Durable Functions treat function names case-insensitively.
export class NameRegistry<T> {
  private readonly exact = new Map<string, T>();
  private readonly folded = new Map<string, T>();

  constructor(private readonly kind: string) {}

  add(name: string, value: T): void {
    if (!name) throw new TypeError(`A ${this.kind} needs a name`);
    if (this.exact.has(name)) throw new Error(`A ${this.kind} named '${name}' is already registered`);
    this.exact.set(name, value);
    this.folded.set(name.toLowerCase(), value);
  }

  get(name: string): T | undefined {
    return this.exact.get(name) ?? this.folded.get(name.toLowerCase());
  }

  get names(): string[] {
    return [...this.exact.keys()];
  }
}
