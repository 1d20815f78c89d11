// `--otel`: the benchmarks with an OpenTelemetry SDK registered (batching into an in-memory exporter), to measure
// what tracing costs when someone records it; without the flag nothing is registered (the default's cost).
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";

export function registerInMemoryTracing(): { spanCount(): number } {
  const exporter = new InMemorySpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] }));
  return { spanCount: () => exporter.getFinishedSpans().length };
}
