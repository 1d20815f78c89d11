// Reads azurite.json, the embedded Azurite's settings for `npm start` (tests always use free ports in memory).
import { readFileSync } from "node:fs";
import type { StartAzuriteOptions } from "./start-azurite.js";

interface AzuriteJson {
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  host?: string;
  location?: string;
  inMemoryPersistence?: boolean;
  loose?: boolean;
  skipApiVersionCheck?: boolean;
}

export function readAzuriteConfig(path: string): StartAzuriteOptions {
  const json = JSON.parse(readFileSync(path, "utf8")) as AzuriteJson;
  return {
    blobPort: json.blobPort,
    queuePort: json.queuePort,
    tablePort: json.tablePort,
    host: json.host,
    location: json.inMemoryPersistence ? undefined : json.location,
    loose: json.loose,
    skipApiVersionCheck: json.skipApiVersionCheck,
  };
}
