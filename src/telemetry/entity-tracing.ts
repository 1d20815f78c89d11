// Entity operations in a trace, as DurableTask.Core draws them (TraceHelper.StartActivityForCallingOrSignalingEntity
// and StartActivityForProcessingEntityInvocation at 5217032): a call or signal sent by an orchestration or a client is
// a client (call) or producer (signal) span `entity:{name}:{op}`, whose context travels in the request's
// parentTraceContext; the entity's run of the operation is a server (call) or consumer (signal) span under it.
import type { SpanContext } from "@opentelemetry/api";
import {
  ENTITY_REQUEST_EVENT,
  EntityId,
  encodeEntityRequest,
  entityRequestsInput,
  entityRequestsOf,
  type EntityRequest,
  type TaskMessage,
} from "../core/index.js";
import { ATTR, SPAN_TYPE, entitySpanName } from "./trace-schema.js";
import { formatTraceParent, parseTraceParent } from "./w3c-trace-parent.js";
import { derivedSpanId } from "./span-ids.js";
import { SpanKind, emitSpan, recordedContext, startSpan } from "./spans.js";

const isRequestMessage = (message: TaskMessage) =>
  message.event.eventType === "EventRaised" && message.event.name === ENTITY_REQUEST_EVENT && message.orchestrationInstance.instanceId.startsWith("@");

/** Names each operation an orchestration sends a span of its own under `self` (ids derive from the request id). */
export function stampEntityRequests(message: TaskMessage, self: SpanContext, executionId: string, traceState?: string): void {
  if (!isRequestMessage(message) || message.event.eventType !== "EventRaised") return;
  const requests = requestsOf(message);
  let changed = false;
  for (const request of requests) {
    if (request.parentTraceContext || request.op === undefined) continue;
    const spanId = derivedSpanId(executionId, `entity ${request.id}`);
    request.parentTraceContext = { traceParent: formatTraceParent({ ...self, spanId }), ...(traceState && { traceState }) };
    changed = true;
  }
  if (changed) message.event.input = entityRequestsInput(requests.map(encodeEntityRequest));
}

/** After the commit: the client and producer spans of the operations the episode sent. */
export function emitEntityRequestSpans(messages: TaskMessage[], self: SpanContext, senderInstanceId: string, now: Date): void {
  for (const message of messages.filter(isRequestMessage)) {
    const target = message.orchestrationInstance.instanceId;
    for (const request of requestsOf(message)) {
      const spanId = parseTraceParent(request.parentTraceContext?.traceParent)?.spanId;
      if (!spanId || request.op === undefined || request.parent !== senderInstanceId) continue;
      emitSpan({
        name: entitySpanName(entityNameOf(target), request.op),
        kind: request.signal ? SpanKind.PRODUCER : SpanKind.CLIENT,
        parent: self,
        spanId,
        startTime: now,
        endTime: now,
        attributes: requestAttributes(request, target, senderInstanceId),
      });
    }
  }
}

/** After an entity's batch committed: a server (call) or consumer (signal) span per traced operation it ran. */
export function emitEntityOperationSpans(entityInstanceId: string, messages: TaskMessage[], now: Date): void {
  for (const message of messages.filter(isRequestMessage)) {
    for (const request of requestsOf(message)) {
      const parent = parseTraceParent(request.parentTraceContext?.traceParent, request.parentTraceContext?.traceState);
      if (!parent || request.op === undefined) continue;
      emitSpan({
        name: entitySpanName(entityNameOf(entityInstanceId), request.op),
        kind: request.signal ? SpanKind.CONSUMER : SpanKind.SERVER,
        parent,
        startTime: now,
        endTime: now,
        attributes: {
          [ATTR.type]: SPAN_TYPE.entity,
          [ATTR.operation]: request.signal ? "signal_entity" : "call_entity",
          [ATTR.instanceId]: entityInstanceId,
        },
      });
    }
  }
}

/** A client's signal: a producer span under the caller's active span, its context in the request. */
export function traceClientSignal<T>(entityInstanceId: string, request: EntityRequest, send: () => Promise<T>): Promise<T> {
  const span = startSpan({
    name: entitySpanName(entityNameOf(entityInstanceId), request.op ?? ""),
    kind: SpanKind.PRODUCER,
    attributes: requestAttributes(request, entityInstanceId),
  });
  const recorded = recordedContext(span);
  if (recorded) request.parentTraceContext = { traceParent: formatTraceParent(recorded), ...(recorded.traceState && { traceState: recorded.traceState.serialize() }) };
  return send().finally(() => span.end());
}

function requestAttributes(request: EntityRequest, target: string, senderInstanceId?: string) {
  return {
    [ATTR.type]: SPAN_TYPE.entity,
    [ATTR.operation]: request.signal ? "signal_entity" : "call_entity",
    [ATTR.eventTargetInstanceId]: target,
    [ATTR.instanceId]: senderInstanceId,
  };
}

function requestsOf(message: TaskMessage): EntityRequest[] {
  try {
    return message.event.eventType === "EventRaised" ? entityRequestsOf(message.event.input) : [];
  } catch {
    return []; // a malformed request is the entity's to refuse, not the tracer's
  }
}

const entityNameOf = (instanceId: string) => EntityId.fromInstanceId(instanceId)?.name ?? instanceId;
