// Starts Azurite's blob, queue and table servers inside this process (no child process, no global install),
// on free ports and in memory unless told otherwise.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { azurite, type AzuriteServer } from "./azurite-modules.js";
import { fixAzuriteQueueStore } from "./queue-store-fix.js";

/** Azurite's well-known development account; it is public, not a secret. */
export const DEV_ACCOUNT_NAME = "devstoreaccount1";
export const DEV_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface StartAzuriteOptions {
  /** 0 (the default) picks a free port. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  host?: string;
  /** A folder for disk persistence; without it everything lives in memory and is gone at stop(). */
  location?: string;
  /** Azurite's own debug log: a file path, or undefined for none. */
  debugLogPath?: string;
  loose?: boolean;
  skipApiVersionCheck?: boolean;
  /**
   * false: Azurite's queue store as shipped, whose every operation re-sorts its indices of all stored messages
   * (see queue-store-fix.ts), for comparing figures. The fix is made once per process: after one Azurite of this
   * process started with it, every later one has it too.
   */
  fixQueueStore?: boolean;
}

export interface RunningAzurite {
  connectionString: string;
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  /** The emulator's own process, when it runs in a child process (startAzuriteInChildProcess). */
  processId?: number;
  stop(): Promise<void>;
}

export async function startAzurite(options: StartAzuriteOptions = {}): Promise<RunningAzurite> {
  if (options.fixQueueStore !== false) fixAzuriteQueueStore();
  const host = options.host ?? "127.0.0.1";
  const loose = options.loose ?? true;
  const skipApiVersionCheck = options.skipApiVersionCheck ?? true;
  const location = options.location === undefined ? undefined : resolve(options.location);
  const inMemory = location === undefined;
  if (location) mkdirSync(location, { recursive: true });
  if (options.debugLogPath) azurite.configLogger()(true, options.debugLogPath);
  const at = (file: string) => (location ? join(location, file) : file);
  // Each in-memory instance gets its own chunk store: Azurite's default one is shared by the whole process.
  const chunkStore = () => (inMemory ? new (azurite.MemoryExtentChunkStore())() : undefined);
  const persistence = (name: string) => [{ locationId: "Default", locationPath: at(name), maxConcurrency: 10 }];
  const debug = options.debugLogPath !== undefined;

  const blobConfig = new (azurite.BlobConfiguration())(
    host, options.blobPort ?? 0, 0, at("__azurite_db_blob__.json"), at("__azurite_db_blob_extent__.json"),
    persistence("__blobstorage__"), false, undefined, debug, options.debugLogPath, loose, skipApiVersionCheck,
    "", "", "", undefined, false, inMemory, chunkStore(),
  );
  const queueConfig = new (azurite.QueueConfiguration())(
    host, options.queuePort ?? 0, 0, at("__azurite_db_queue__.json"), at("__azurite_db_queue_extent__.json"),
    persistence("__queuestorage__"), false, undefined, debug, options.debugLogPath, loose, skipApiVersionCheck,
    "", "", "", undefined, false, inMemory, chunkStore(),
  );
  const tableConfig = new (azurite.TableConfiguration())(
    host, options.tablePort ?? 0, 0, at("__azurite_db_table__.json"), debug, false, undefined,
    options.debugLogPath, loose, skipApiVersionCheck, "", "", "", undefined, false, inMemory,
  );

  const servers: AzuriteServer[] = [
    new (azurite.BlobServer())(blobConfig),
    new (azurite.QueueServer())(queueConfig),
    new (azurite.TableServer())(tableConfig),
  ];
  try {
    await Promise.all(servers.map((s) => s.start()));
  } catch (error) {
    await Promise.allSettled(servers.map((s) => s.close()));
    throw error;
  }
  const [blobEndpoint, queueEndpoint, tableEndpoint] = servers.map(
    (s) => `${s.getHttpServerAddress()}/${DEV_ACCOUNT_NAME}`,
  ) as [string, string, string];
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};` +
    `BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`;

  let stopped: Promise<void> | undefined;
  return {
    connectionString,
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    stop: () => (stopped ??= Promise.all(servers.map((s) => s.close())).then(() => undefined)),
  };
}
