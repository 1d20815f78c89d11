// Reads the query parameters the DF HTTP API takes; anything malformed is a 400 before any work is done.
import { ORCHESTRATION_STATUSES, type OrchestrationRuntimeStatus } from "../core/index.js";
import type { OrchestrationQuery } from "../backend/orchestration-service.js";
import { badRequest } from "./http-errors.js";

export function booleanParam(query: URLSearchParams, name: string, defaultValue: boolean): boolean {
  const text = query.get(name);
  if (text === null || text === "") return defaultValue;
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  throw badRequest("InvalidParameter", `'${name}' must be true or false, not '${text}'`);
}

export function dateParam(query: URLSearchParams, name: string): Date | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw badRequest("InvalidParameter", `'${name}' must be an ISO 8601 time, not '${text}'`);
  return date;
}

export function positiveIntegerParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw badRequest("InvalidParameter", `'${name}' must be a whole number from 1 to 1000, not '${text}'`);
  }
  return value;
}

/**
 * `runtimeStatus=Running,Pending` (DF also repeats the parameter); names match case-insensitively. Repeats count
 * once, so a filter never has more clauses than there are statuses.
 */
export function statusListParam(query: URLSearchParams): OrchestrationRuntimeStatus[] | undefined {
  const names = query.getAll("runtimeStatus").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  if (names.length === 0) return undefined;
  const statuses = names.map((name) => {
    const status = ORCHESTRATION_STATUSES.find((s) => s.toLowerCase() === name.toLowerCase());
    if (!status) throw badRequest("InvalidParameter", `Unknown runtimeStatus '${name.slice(0, 100)}'; use ${ORCHESTRATION_STATUSES.join(", ")}`);
    return status;
  });
  return [...new Set(statuses)];
}

/** The instance filter shared by list and bulk purge. */
export function instanceFilter(query: URLSearchParams): OrchestrationQuery {
  const filter: OrchestrationQuery = {};
  const runtimeStatus = statusListParam(query);
  const createdFrom = dateParam(query, "createdTimeFrom");
  const createdTo = dateParam(query, "createdTimeTo");
  const instanceIdPrefix = query.get("instanceIdPrefix");
  if (runtimeStatus) filter.runtimeStatus = runtimeStatus;
  if (createdFrom) filter.createdFrom = createdFrom;
  if (createdTo) filter.createdTo = createdTo;
  if (instanceIdPrefix) filter.instanceIdPrefix = instanceIdPrefix;
  return filter;
}
