// Azurite ships no exports map and no types: its servers are CommonJS classes under dist/src/. We load them
// through createRequire and describe only the few members we use.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

type ServerClass = new (configuration: unknown) => AzuriteServer;
type ConfigurationClass = new (...args: unknown[]) => unknown;
type ChunkStoreClass = new (sizeLimit?: number) => unknown;

function load<T>(path: string): T {
  return (require(`azurite/dist/src/${path}`) as { default: T }).default;
}

export const azurite = {
  BlobServer: () => load<ServerClass>("blob/BlobServer"),
  BlobConfiguration: () => load<ConfigurationClass>("blob/BlobConfiguration"),
  QueueServer: () => load<ServerClass>("queue/QueueServer"),
  QueueConfiguration: () => load<ConfigurationClass>("queue/QueueConfiguration"),
  TableServer: () => load<ServerClass>("table/TableServer"),
  TableConfiguration: () => load<ConfigurationClass>("table/TableConfiguration"),
  MemoryExtentChunkStore: () =>
    (require("azurite/dist/src/common/persistence/MemoryExtentStore") as { MemoryExtentChunkStore: ChunkStoreClass })
      .MemoryExtentChunkStore,
  configLogger: () =>
    (require("azurite/dist/src/common/Logger") as { configLogger: (enable: boolean, file?: string) => void }).configLogger,
};
