// Entity messages and state as DurableTask.Core writes them (Json.NET over its [DataContract] classes, members in
// declaration order, EmitDefaultValue=false members left out when default), so .NET and dtfx can message each
// other's entities: RequestMessage (CO`Entities/EventFormat/RequestMessage.cs:30-117`), ResponseMessage
// (…/ResponseMessage.cs:23-30), SchedulerState (CO`Entities/StateFormat/SchedulerState.cs:33-58`) and EntityStatus
// (…/EntityStatus.cs:43-56). Readers also take what older dtfx versions wrote (lockset as ids, camelCase failures).
import { EntityId } from "./entity-id.js";
import { formatJsonNetUtc } from "./entity-send-order.js";
import type { EntityRelease, EntityRequest, EntityResponse } from "./entity-messages.js";
import type { EntitySchedulerState, EntityStatus } from "./entity-scheduler-state.js";
import type { DistributedTraceContext, FailureDetails } from "./history-events.js";

/** .NET's default DateTime as Json.NET writes it (Unspecified kind): what a client's request carries. */
const DOTNET_DEFAULT_DATE = "0001-01-01T00:00:00";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A request as the plain object whose JSON.stringify is RequestMessage's wire form (no key is integer-like). */
export function entityRequestToJson(request: EntityRequest): Json {
  const json: Json = { op: request.op ?? null };
  if (request.signal) json.signal = true;
  if (request.input !== undefined) json.input = request.input;
  json.id = request.id;
  if (request.parent !== undefined) json.parent = request.parent;
  if (request.parentExecution !== undefined) json.parentExecution = request.parentExecution;
  json.Timestamp = request.timestamp ?? DOTNET_DEFAULT_DATE;
  json.Predecessor = request.predecessor ?? DOTNET_DEFAULT_DATE;
  if (request.lockset) json.lockset = request.lockset.map(lockMemberToJson);
  if (request.pos) json.pos = request.pos;
  json.IsLockRequest = request.lockset !== undefined;
  // Omitted when null, as the original's [DataMember(EmitDefaultValue = false)]; its members are all written.
  if (request.parentTraceContext) json.parentTraceContext = traceContextToJson(request.parentTraceContext);
  json.createTrace = false;
  return json;
}

export function encodeEntityRequest(request: EntityRequest): string {
  return JSON.stringify(entityRequestToJson(request));
}

/** DistributedTraceContext as Json.NET writes it inside an entity payload (no `$type`). */
function traceContextToJson(context: DistributedTraceContext): Json {
  return {
    TraceParent: context.traceParent,
    TraceState: context.traceState ?? null,
    Id: context.id ?? null,
    SpanId: context.spanId ?? null,
    // A DateTimeOffset: Json.NET writes its offset rather than "Z".
    ActivityStartTime: context.activityStartTime ? formatJsonNetUtc(context.activityStartTime).replace(/Z$/, "+00:00") : null,
  };
}

function traceContextFromJson(value: unknown): DistributedTraceContext | undefined {
  if (!isObject(value) || typeof value.TraceParent !== "string") return undefined;
  return {
    traceParent: value.TraceParent,
    ...(typeof value.TraceState === "string" && { traceState: value.TraceState }),
    ...(typeof value.Id === "string" && { id: value.Id }),
    ...(typeof value.SpanId === "string" && { spanId: value.SpanId }),
  };
}

function lockMemberToJson(instanceId: string): Json {
  const id = EntityId.fromInstanceId(instanceId);
  if (!id) throw new TypeError(`Not an entity id in a lock set: ${JSON.stringify(instanceId)}`);
  return { name: id.name, key: id.key };
}

/** A request from its parsed JSON (the original's form or an older dtfx one); throws a TypeError when it is none. */
export function entityRequestFromJson(value: unknown): EntityRequest {
  if (!isObject(value) || typeof value.id !== "string") throw new TypeError("an entity request needs an id");
  const request: EntityRequest = { id: value.id };
  if (typeof value.op === "string") request.op = value.op;
  if (value.signal === true) request.signal = true;
  if (typeof value.input === "string") request.input = value.input;
  if (typeof value.parent === "string") request.parent = value.parent;
  if (typeof value.parentExecution === "string") request.parentExecution = value.parentExecution;
  if (Array.isArray(value.lockset)) request.lockset = value.lockset.map(lockMemberFromJson);
  if (typeof value.pos === "number" && value.pos !== 0) request.pos = value.pos;
  if (typeof value.Timestamp === "string" && !value.Timestamp.startsWith("0001-01-01")) request.timestamp = value.Timestamp;
  if (typeof value.Predecessor === "string" && !value.Predecessor.startsWith("0001-01-01")) request.predecessor = value.Predecessor;
  const traceContext = traceContextFromJson(value.parentTraceContext);
  if (traceContext) request.parentTraceContext = traceContext;
  return request;
}

function lockMemberFromJson(member: unknown): string {
  if (typeof member === "string") return member;
  if (isObject(member) && typeof member.name === "string" && typeof member.key === "string") {
    return new EntityId(member.name, member.key).toString();
  }
  throw new TypeError("a lock set member is neither an entity id nor {name, key}");
}

/** ResponseMessage: `result` always (null when none), exceptionType and failureDetails only on failure. */
export function entityResponseToJson(response: EntityResponse): Json {
  const json: Json = { result: response.result ?? null };
  if (response.exceptionType !== undefined) json.exceptionType = response.exceptionType;
  if (response.failureDetails) json.failureDetails = failureDetailsToJson(response.failureDetails);
  return json;
}

export function entityResponseFromJson(value: unknown): EntityResponse {
  if (!isObject(value)) return {};
  const response: EntityResponse = {};
  if (typeof value.result === "string") response.result = value.result;
  if (typeof value.exceptionType === "string") response.exceptionType = value.exceptionType;
  const details = failureDetailsFromJson(value.failureDetails);
  if (details) response.failureDetails = details;
  // A failure reported with only exceptionType (older Durable Functions) is a failure too.
  else if (response.exceptionType !== undefined) response.failureDetails = { errorType: "Error", message: response.exceptionType };
  return response;
}

export function entityReleaseFromJson(value: unknown): EntityRelease {
  if (!isObject(value) || typeof value.id !== "string") throw new TypeError("an entity release needs an id");
  return { parent: typeof value.parent === "string" ? value.parent : "", id: value.id };
}

/** DurableTask.Core.FailureDetails as its default Json.NET form (CO`FailureDetails.cs:140-165`). */
function failureDetailsToJson(details: FailureDetails): Json {
  return {
    ErrorType: details.errorType,
    ErrorMessage: details.message,
    StackTrace: details.stackTrace ?? null,
    InnerFailure: details.innerFailure ? failureDetailsToJson(details.innerFailure) : null,
    IsNonRetriable: details.isNonRetriable ?? false,
    Properties: null,
  };
}

function failureDetailsFromJson(value: unknown): FailureDetails | undefined {
  if (!isObject(value)) return undefined;
  const errorType = value.ErrorType ?? value.errorType;
  if (typeof errorType !== "string") return undefined;
  const message = value.ErrorMessage ?? value.message;
  const details: FailureDetails = { errorType, message: typeof message === "string" ? message : "" };
  const stackTrace = value.StackTrace ?? value.stackTrace;
  if (typeof stackTrace === "string") details.stackTrace = stackTrace;
  const inner = failureDetailsFromJson(value.InnerFailure ?? value.innerFailure);
  if (inner) details.innerFailure = inner;
  if ((value.IsNonRetriable ?? value.isNonRetriable) === true) details.isNonRetriable = true;
  return details;
}

/**
 * SchedulerState, the entity's execution Input: state, queue, lockedBy, suspended, sorter (empty), then what only
 * dtfx keeps (lockId, recent; .NET ignores unknown members). Existence is `state` being present, as there.
 */
export function encodeSchedulerState(s: EntitySchedulerState): string {
  const json: Json = {};
  if (s.exists && s.state !== undefined) json.state = s.state;
  if (s.queue && s.queue.length > 0) json.queue = s.queue.map(entityRequestToJson);
  if (s.lockedBy !== undefined) json.lockedBy = s.lockedBy;
  json.sorter = {};
  if (s.lockId !== undefined) json.lockId = s.lockId;
  if (s.recent && s.recent.length > 0) json.recent = s.recent;
  return JSON.stringify(json);
}

export function decodeSchedulerState(text: string | undefined): EntitySchedulerState {
  if (!text) return { exists: false };
  const parsed = JSON.parse(text) as unknown;
  if (!isObject(parsed)) return { exists: false };
  const state = typeof parsed.state === "string" ? parsed.state : undefined;
  const s: EntitySchedulerState = { exists: typeof parsed.exists === "boolean" ? parsed.exists && state !== undefined : state !== undefined };
  if (s.exists) s.state = state;
  if (Array.isArray(parsed.queue)) s.queue = parsed.queue.map(entityRequestFromJson);
  if (typeof parsed.lockedBy === "string") s.lockedBy = parsed.lockedBy;
  if (typeof parsed.lockId === "string") s.lockId = parsed.lockId;
  if (Array.isArray(parsed.recent)) s.recent = parsed.recent as EntitySchedulerState["recent"];
  return s;
}

/** EntityStatus, the entity's CustomStatus: each member only when not its default. */
export function encodeEntityStatus(status: EntityStatus): string {
  const json: Json = {};
  if (status.entityExists) json.entityExists = true;
  if (status.queueSize) json.queueSize = status.queueSize;
  if (status.lockedBy) json.lockedBy = status.lockedBy;
  return JSON.stringify(json);
}
