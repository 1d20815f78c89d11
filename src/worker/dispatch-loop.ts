// The loop both dispatchers run: take a slot, ask the backend for one work item, process it in the
// background, repeat until stopped; `drain` waits for what is still being processed.
import type { Logger } from "../logging/logger.js";
import { Slots } from "./slots.js";

export interface DispatchLoopOptions<T> {
  name: string;
  capacity: number;
  receive(stopSignal: AbortSignal): Promise<T | undefined>;
  process(item: T): Promise<void>;
  log: Logger;
}

export class DispatchLoop<T> {
  private readonly slots: Slots;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: DispatchLoopOptions<T>) {
    this.slots = new Slots(options.capacity);
  }

  async run(stopSignal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!stopSignal.aborted) {
      await this.slots.acquire();
      let item: T | undefined;
      try {
        item = await this.options.receive(stopSignal);
        failures = 0;
      } catch (error) {
        if (!stopSignal.aborted && failures++ === 0) this.options.log.error(`${this.options.name}ReceiveFailed`, error);
        // A backend that keeps failing is asked again after a growing pause, not in a tight loop.
        await pause(Math.min(30_000, 100 * 2 ** failures), stopSignal);
      }
      if (item === undefined) {
        this.slots.release();
        continue;
      }
      const done: Promise<void> = this.options.process(item).finally(() => {
        this.slots.release();
        this.running.delete(done);
      });
      this.running.add(done);
    }
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
