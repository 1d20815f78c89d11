// Watches for storage pauses (Azurite's garbage collection stalls every caller) while a scenario runs: a cheap
// request every 250 ms on a client of its own; any that takes over 1 s marks the result, so a slow figure can
// be told apart from a slow dtfx.
import { QueueServiceClient } from "@azure/storage-queue";

export interface PauseReport {
  /** "none", or how many probes took over 1 s and the slowest. */
  storagePause: string;
}

export function startPauseProbe(connectionString: string): { stop(): Promise<PauseReport> } {
  const client = QueueServiceClient.fromConnectionString(connectionString);
  const slow: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await client.getProperties().catch(() => undefined);
      const ms = performance.now() - t0;
      if (ms > 1000) slow.push(ms);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const storagePause = slow.length === 0 ? "none" : `${slow.length} probe(s) over 1 s, slowest ${Math.round(Math.max(...slow))} ms`;
      return { storagePause };
    },
  };
}
