// Which storage account a `dtfx` command talks to: a connection string (flag or environment), an account
// name signed in through DefaultAzureCredential, or neither (the caller then starts embedded Azurite).
import { DefaultAzureCredential } from "@azure/identity";
import { AzureStorageOrchestrationService } from "../azure/azure-storage-orchestration-service.js";
import type { Logger } from "../logging/logger.js";
import { UsageError } from "./cli-args.js";

export interface ConnectionFlags {
  connectionString?: string;
  accountName?: string;
  taskHub: string;
  partitions: number;
}

/** True when the flags (or AZURE_STORAGE_CONNECTION_STRING) name an account; false means "use embedded Azurite". */
export function namesAnAccount(flags: Pick<ConnectionFlags, "connectionString" | "accountName">): boolean {
  return Boolean(flags.connectionString ?? process.env.AZURE_STORAGE_CONNECTION_STRING ?? flags.accountName);
}

export function openService(flags: ConnectionFlags, log?: Logger): AzureStorageOrchestrationService {
  const common = { taskHubName: flags.taskHub, partitionCount: flags.partitions, log };
  const connectionString = flags.connectionString ?? process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (connectionString) {
    checkConnectionString(connectionString);
    try {
      return new AzureStorageOrchestrationService({ ...common, connectionString });
    } catch (error) {
      // The SDKs parse it further and say only "Invalid URL": name what was wrong instead.
      if (error instanceof TypeError) throw new UsageError(`The storage connection string cannot be used: ${error.message}`);
      throw error;
    }
  }
  if (flags.accountName) {
    return new AzureStorageOrchestrationService({
      ...common,
      accountName: flags.accountName,
      credential: new DefaultAzureCredential(),
    });
  }
  throw new Error(
    "No storage account: pass --connection-string, set AZURE_STORAGE_CONNECTION_STRING, or pass --account-name. " +
      "To reach the embedded Azurite of 'npm start', keep it running (commands then find it through azurite.json) " +
      "or pass --connection-string UseDevelopmentStorage=true",
  );
}

const ENDPOINT_KEYS = ["BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint"];

/**
 * A usage error naming what is wrong with a connection string (`Key=Value;…`), before an SDK fails on it with a
 * bare "Invalid URL". Only the shape is checked; whether the account answers is for the first request to say.
 */
export function checkConnectionString(text: string): void {
  const fail = (why: string) => {
    throw new UsageError(`The storage connection string is malformed: ${why} (expected e.g. ` +
      `"DefaultEndpointsProtocol=https;AccountName=NAME;AccountKey=KEY;EndpointSuffix=core.windows.net" or "UseDevelopmentStorage=true")`);
  };
  const settings = new Map<string, string>();
  for (const part of text.split(";").map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf("=");
    if (at <= 0) fail(`'${part.slice(0, 40)}' is not Key=Value`);
    settings.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (settings.get("usedevelopmentstorage")?.toLowerCase() === "true") return;
  for (const key of ENDPOINT_KEYS) {
    const value = settings.get(key.toLowerCase());
    if (value !== undefined && !/^https?:\/\/[^/\s]+/i.test(value)) fail(`${key} is not an http(s) URL`);
  }
  const protocol = settings.get("defaultendpointsprotocol");
  if (protocol !== undefined && !/^https?$/i.test(protocol)) fail("DefaultEndpointsProtocol must be http or https");
  const hasEndpoint = ENDPOINT_KEYS.some((key) => settings.has(key.toLowerCase()));
  if (!settings.get("accountname") && !hasEndpoint) fail("it names no AccountName and no endpoint");
  if (!settings.get("accountkey") && !settings.get("sharedaccesssignature")) fail("it holds no AccountKey and no SharedAccessSignature");
}
