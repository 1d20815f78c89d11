// Registers an OpenTelemetry SDK whose finished spans are appended to a file as JSON lines, written synchronously
// so a process killed right after a span ends has still recorded it. For tests that trace across processes.
import { appendFileSync } from "node:fs";
import { trace, context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";

export interface RecordedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status: number;
  attributes: Record<string, unknown>;
  pid: number;
}

export function recordSpansToFile(path: string): void {
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done) {
      for (const span of spans) appendFileSync(path, `${JSON.stringify(toRecorded(span))}\n`);
      done({ code: 0 });
    },
    shutdown: async () => undefined,
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
}

function toRecorded(span: ReadableSpan): RecordedSpan {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    status: span.status.code,
    attributes: { ...span.attributes },
    pid: process.pid,
  };
}
