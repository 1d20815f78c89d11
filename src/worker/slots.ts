// A counting limit on concurrent work: a dispatcher takes a slot before it asks for work, so it never
// holds a message it has no capacity to process.
export class Slots {
  private inUse = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly capacity: number) {}

  async acquire(): Promise<void> {
    if (this.inUse < this.capacity) {
      this.inUse++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inUse--;
  }
}
