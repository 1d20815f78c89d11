// `dtfx start` exports its traces when the standard OpenTelemetry variables ask for it (OTEL_EXPORTER_OTLP_ENDPOINT
// or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SERVICE_NAME, default "dtfx"; OTEL_TRACES_EXPORTER=none turns it off),
// over OTLP/HTTP to Jaeger, an OpenTelemetry Collector or Azure Monitor's agent, with no code. The SDK packages
// are optional dependencies: without them the worker runs untraced and says so.
import { context, trace } from "@opentelemetry/api";

export interface TraceExport {
  endpoint: string;
  /** Flushes what is buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

export async function startTraceExport(env: NodeJS.ProcessEnv = process.env): Promise<TraceExport | undefined> {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_TRACES_EXPORTER === "none" || env.OTEL_SDK_DISABLED === "true") return undefined;
  let sdk;
  try {
    sdk = await Promise.all([
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/sdk-trace"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/resources"),
    ]);
  } catch {
    console.warn(
      `OTEL_EXPORTER_OTLP_ENDPOINT is set but the OpenTelemetry SDK packages are not installed; running without traces. ` +
        `Install them with: npm install @opentelemetry/exporter-trace-otlp-http @opentelemetry/sdk-trace @opentelemetry/context-async-hooks @opentelemetry/resources`,
    );
    return undefined;
  }
  const [{ OTLPTraceExporter }, { TracerProvider, BatchSpanProcessor }, { AsyncLocalStorageContextManager }, { resourceFromAttributes }] = sdk;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME || "dtfx" }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return { endpoint, shutdown: () => provider.shutdown() };
}
