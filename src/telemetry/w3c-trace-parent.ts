// W3C traceparent text (https://www.w3.org/TR/trace-context/#traceparent-header), the form the original keeps in
// its ParentTraceContext fields: `00-{trace id}-{span id}-{flags}`.
import { TraceFlags, createTraceState, isSpanContextValid, type SpanContext } from "@opentelemetry/api";

const TRACE_PARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function formatTraceParent(context: Pick<SpanContext, "traceId" | "spanId" | "traceFlags">): string {
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, "0")}`;
}

/** The remote span context a traceparent names, or undefined when it is missing or malformed. */
export function parseTraceParent(traceParent: string | undefined, traceState?: string): SpanContext | undefined {
  const match = traceParent ? TRACE_PARENT.exec(traceParent.trim().toLowerCase()) : null;
  if (!match || match[1] === "ff") return undefined;
  const context: SpanContext = {
    traceId: match[2]!,
    spanId: match[3]!,
    traceFlags: Number.parseInt(match[4]!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  if (traceState) context.traceState = createTraceState(traceState);
  return isSpanContextValid(context) ? context : undefined;
}
