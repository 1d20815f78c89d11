// Finds the embedded Azurite of a running `npm start` (`dtfx start`): when a command names no account, the
// emulator that azurite.json describes is used if its three ports answer, and the command says so on stderr.
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readAzuriteConfig } from "../azurite/azurite-config.js";
import { DEV_ACCOUNT_KEY, DEV_ACCOUNT_NAME } from "../azurite/start-azurite.js";

/** A port that takes this long to accept is not a local emulator. */
const PROBE_TIMEOUT_MS = 500;

/** azurite.json in the working directory, else the package's own (as `dtfx start` reads it). */
export function azuriteConfigPath(): string | undefined {
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  return [resolve("azurite.json"), join(packageRoot, "azurite.json")].find((p) => existsSync(p));
}

export interface RunningEmulator {
  connectionString: string;
  description: string;
}

/** The dev-storage connection string for azurite.json's emulator when all its ports accept connections. */
export async function findRunningAzurite(path = azuriteConfigPath()): Promise<RunningEmulator | undefined> {
  if (!path) return undefined;
  const config = readAzuriteConfig(path);
  const host = config.host && config.host !== "0.0.0.0" ? config.host : "127.0.0.1";
  const ports = { blob: config.blobPort ?? 10000, queue: config.queuePort ?? 10001, table: config.tablePort ?? 10002 };
  const answers = await Promise.all(Object.values(ports).map((port) => accepts(host, port)));
  if (!answers.every(Boolean)) return undefined;
  const endpoint = (port: number) => `http://${host}:${port}/${DEV_ACCOUNT_NAME}`;
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};` +
      `BlobEndpoint=${endpoint(ports.blob)};QueueEndpoint=${endpoint(ports.queue)};TableEndpoint=${endpoint(ports.table)};`,
    description: `${host}:${ports.blob}/${ports.queue}/${ports.table} (from ${path})`,
  };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}
