// Client-side spans (TaskHubClient.cs:671, 777 at 5217032): creating an orchestration is a producer span whose
// context becomes the new execution's ParentTraceContext; raising an event is a producer span of its own.
import type { ExecutionStartedEvent } from "../core/index.js";
import { ATTR, SPAN_TYPE, spanName } from "./trace-schema.js";
import { formatTraceParent } from "./w3c-trace-parent.js";
import { SpanKind, recordError, recordedContext, startSpan } from "./spans.js";
import type { Span } from "@opentelemetry/api";

export function traceNewOrchestration<T>(start: ExecutionStartedEvent, send: () => Promise<T>): Promise<T> {
  const span = startSpan({
    name: spanName("create_orchestration", start.name, start.version),
    kind: SpanKind.PRODUCER,
    startTime: start.timestamp,
    attributes: {
      [ATTR.type]: SPAN_TYPE.orchestration,
      [ATTR.name]: start.name,
      [ATTR.instanceId]: start.orchestrationInstance.instanceId,
      [ATTR.executionId]: start.orchestrationInstance.executionId,
      [ATTR.version]: start.version,
    },
  });
  const recorded = recordedContext(span);
  if (recorded) start.parentTraceContext = { traceParent: formatTraceParent(recorded), traceState: recorded.traceState?.serialize() || undefined };
  return endAfter(span, send);
}

export function traceRaisedEvent<T>(targetInstanceId: string, eventName: string, send: () => Promise<T>): Promise<T> {
  const span = startSpan({
    name: spanName("orchestration_event", eventName),
    kind: SpanKind.PRODUCER,
    attributes: { [ATTR.type]: SPAN_TYPE.event, [ATTR.name]: eventName, [ATTR.eventTargetInstanceId]: targetInstanceId },
  });
  return endAfter(span, send);
}

async function endAfter<T>(span: Span, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
