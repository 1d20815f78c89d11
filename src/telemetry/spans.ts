// Starting and emitting spans through @opentelemetry/api only: with no SDK registered every call is a no-op.
// Some spans must carry an id decided earlier (an orchestration's span spans many episodes and processes, and its
// children name it as parent before it ends): as durabletask-go does, the id is set on the SDK's span before it
// ends. Spans of an SDK that keeps its context elsewhere keep the SDK's id; their parent links still hold.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Span,
  type SpanContext,
} from "@opentelemetry/api";
import { TRACER_NAME } from "./trace-schema.js";

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  /** The remote parent; without one, the active context's span (if any). */
  parent?: SpanContext;
  startTime?: Date;
  attributes?: Attributes;
  /** A span id decided before the span exists (16 hex). */
  spanId?: string;
}

export const tracer = () => trace.getTracer(TRACER_NAME);

export function startSpan(spec: SpanSpec): Span {
  const parentContext = spec.parent ? trace.setSpanContext(ROOT_CONTEXT, spec.parent) : context.active();
  const span = tracer().startSpan(
    spec.name,
    { kind: spec.kind, startTime: spec.startTime, attributes: withoutUndefined(spec.attributes) },
    parentContext,
  );
  if (spec.spanId && span.isRecording()) adoptSpanId(span, spec.spanId);
  return span;
}

/** A span that is over as soon as it is known: a scheduled task that completed, a timer that fired. */
export function emitSpan(spec: SpanSpec & { endTime?: Date; error?: string }): void {
  const span = startSpan(spec);
  if (spec.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
  span.end(spec.endTime);
}

export function recordError(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The span context to write into a message or history row, or undefined when nothing records. */
export function recordedContext(span: Span): SpanContext | undefined {
  const ctx = span.spanContext();
  return span.isRecording() && trace.isSpanContextValid(ctx) ? ctx : undefined;
}

function adoptSpanId(span: Span, spanId: string): void {
  const sdkSpan = span as unknown as { _spanContext?: SpanContext };
  if (sdkSpan._spanContext && typeof sdkSpan._spanContext === "object") {
    sdkSpan._spanContext = { ...sdkSpan._spanContext, spanId };
  }
}

function withoutUndefined(attributes: Attributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined && value !== ""));
}

export { SpanKind };
