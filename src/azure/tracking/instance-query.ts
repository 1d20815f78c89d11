// Status queries on the Instances table as OData, the way the original builds them: an id prefix is a
// PartitionKey range on the sanitized key (escaping keeps prefixes), then status and created-time bounds.
import { odata } from "@azure/data-tables";
import type { OrchestrationRuntimeStatus } from "../../core/index.js";
import { sanitizeKey } from "../key-sanitation.js";

export interface InstanceQuery {
  runtimeStatus?: OrchestrationRuntimeStatus[];
  /** Inclusive lower bound on CreatedTime. */
  createdTimeFrom?: Date;
  /** Inclusive upper bound on CreatedTime. */
  createdTimeTo?: Date;
  instanceIdPrefix?: string;
}

/** The OData filter of a query; undefined when it selects every instance. */
export function instanceQueryFilter(query: InstanceQuery): string | undefined {
  const conditions: string[] = [];
  if (query.createdTimeFrom) conditions.push(odata`CreatedTime ge ${query.createdTimeFrom}`);
  if (query.createdTimeTo) conditions.push(odata`CreatedTime le ${query.createdTimeTo}`);
  if (query.runtimeStatus?.length) {
    conditions.push(query.runtimeStatus.map((status) => odata`RuntimeStatus eq ${status}`).join(" or "));
  }
  if (query.instanceIdPrefix) conditions.push(...prefixRange(sanitizeKey(query.instanceIdPrefix)));
  if (conditions.length <= 1) return conditions[0];
  return conditions.map((condition) => `(${condition})`).join(" and ");
}

/** `ge prefix and lt prefix-with-its-last-character-incremented`; no upper bound past U+FFFF. */
function prefixRange(prefix: string): string[] {
  const lower = odata`PartitionKey ge ${prefix}`;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last === 0xffff) return [lower];
  const upper = prefix.slice(0, -1) + String.fromCharCode(last + 1);
  return [lower, odata`PartitionKey lt ${upper}`];
}

const TOKEN_PREFIX = "dtfx1.";

/** Wraps the SDK's continuation token so callers hold one opaque, versioned string. */
export function encodeInstanceQueryToken(sdkToken: string): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify({ sdk: sdkToken }), "utf8").toString("base64url");
}

export function decodeInstanceQueryToken(token: string): string {
  try {
    if (!token.startsWith(TOKEN_PREFIX)) throw new Error("no prefix");
    const decoded = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString("utf8")) as { sdk?: unknown };
    if (typeof decoded.sdk !== "string") throw new Error("no SDK token");
    assertTableToken(decoded.sdk);
    return decoded.sdk;
  } catch (error) {
    throw new TypeError(`Not a continuation token of an instance query: ${JSON.stringify(token)}`, { cause: error });
  }
}

/**
 * The inner token is the tables SDK's: base64 of `{ nextPartitionKey, nextRowKey? }`, both strings. Anything else
 * would reach the SDK or the service and come back as a server error instead of a bad token.
 */
function assertTableToken(sdkToken: string): void {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sdkToken)) throw new Error("the inner token is not base64");
  // The SDK reads the bytes one character each (see @azure/data-tables utils/continuationToken), so do we.
  const inner = JSON.parse(Buffer.from(sdkToken, "base64").toString("latin1")) as Record<string, unknown> | null;
  if (typeof inner !== "object" || inner === null || Array.isArray(inner)) throw new Error("the inner token is not an object");
  if (typeof inner.nextPartitionKey !== "string" || inner.nextPartitionKey === "") throw new Error("nextPartitionKey is not a string");
  if (inner.nextRowKey !== undefined && typeof inner.nextRowKey !== "string") throw new Error("nextRowKey is not a string");
}
