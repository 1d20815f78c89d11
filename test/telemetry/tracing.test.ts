// One trace from a client span through an orchestration with activities, a sub-orchestration and a timer, as the
// original nests them (TraceHelper.cs), with no duplicates from replays and trace context in the original's fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanKind, SpanStatusCode, context, metrics, trace } from "@opentelemetry/api";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { TableClient } from "@azure/data-tables";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { EntityId, type EntityContext, type OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { historyTableName } from "../../src/azure/resource-names.js";
import { parentSpanIdOf, recordSpans, type SpanRecorder } from "../support/span-recorder.js";

let hub: TestHub;
let recorder: SpanRecorder;
const metricReader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});

beforeAll(async () => {
  recorder = recordSpans();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Parent", function* (ctx: OrchestrationContext) {
        const a: string = yield ctx.callActivity("Hello", "a");
        yield ctx.createTimer(10);
        const child: string = yield ctx.callSubOrchestrator("Child", "c");
        try {
          yield ctx.callActivity("Boom");
        } catch {
          // the failure is recorded on the activity's spans
        }
        return [a, child];
      })
      .addOrchestrator("Child", function* (ctx: OrchestrationContext, input: string) {
        return yield ctx.callActivity("Hello", input);
      })
      .addOrchestrator("CallsCounter", function* (ctx: OrchestrationContext) {
        ctx.signalEntity(new EntityId("Counter", "t"), "add", 2);
        return yield ctx.callEntity(new EntityId("Counter", "t"), "get");
      })
      .addEntity("Counter", (ctx: EntityContext<number>) => {
        const n = ctx.getState(() => 0)!;
        if (ctx.operationName === "add") ctx.setState(n + ctx.getInput<number>());
        if (ctx.operationName === "get") ctx.return(n);
      })
      .addActivity("Hello", (_ctx, name: string) => `hello ${name}`)
      .addActivity("Boom", () => {
        throw new Error("boom");
      });
  });
});

afterAll(async () => {
  await hub?.stop();
  await recorder?.stop();
  await metricReader.shutdown();
  metrics.disable();
});

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const one = (spans: ReadableSpan[], name: string, kind?: SpanKind) => {
  const found = byName(spans, name).filter((s) => kind === undefined || s.kind === kind);
  expect(found, `${name} (${kind})`).toHaveLength(1);
  return found[0]!;
};

describe("tracing", () => {
  it("nests an orchestration's spans under the client's span, each span once", async () => {
    const tracer = trace.getTracer("test");
    const request = tracer.startSpan("request");
    const id = await context.with(trace.setSpan(context.active(), request), () => hub.client.scheduleNewOrchestration("Parent"));
    request.end();
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Completed");
    await new Promise((r) => setTimeout(r, 100)); // spans are emitted after the last commit returns

    const spans = recorder.spans().filter((s) => s.spanContext().traceId === request.spanContext().traceId);
    const create = one(spans, "create_orchestration:Parent", SpanKind.PRODUCER);
    expect(parentSpanIdOf(create)).toBe(request.spanContext().spanId);
    expect(create.attributes["durabletask.task.instance_id"]).toBe(id);

    const parent = one(spans, "orchestration:Parent", SpanKind.SERVER);
    expect(parentSpanIdOf(parent)).toBe(create.spanContext().spanId);
    expect(parent.attributes["durabletask.type"]).toBe("orchestration");
    expect(parent.attributes["durabletask.task.status"]).toBe("Completed");
    const parentId = parent.spanContext().spanId;

    const helloClients = byName(spans, "activity:Hello").filter((s) => s.kind === SpanKind.CLIENT);
    const helloServers = byName(spans, "activity:Hello").filter((s) => s.kind === SpanKind.SERVER);
    expect(helloClients).toHaveLength(2); // one scheduled by Parent, one by Child
    expect(helloServers).toHaveLength(2);
    const parentHello = helloClients.find((s) => parentSpanIdOf(s) === parentId)!;
    expect(parentHello.attributes["durabletask.task.task_id"]).toBe(0);
    expect(helloServers.some((s) => parentSpanIdOf(s) === parentHello.spanContext().spanId)).toBe(true);

    const timer = one(spans, "orchestration:Parent:timer", SpanKind.INTERNAL);
    expect(parentSpanIdOf(timer)).toBe(parentId);
    expect(timer.attributes["durabletask.fire_at"]).toBeTypeOf("string");

    const childClient = one(spans, "orchestration:Child", SpanKind.CLIENT);
    expect(parentSpanIdOf(childClient)).toBe(parentId);
    const childServer = one(spans, "orchestration:Child", SpanKind.SERVER);
    expect(parentSpanIdOf(childServer)).toBe(childClient.spanContext().spanId);
    const childHello = helloClients.find((s) => parentSpanIdOf(s) === childServer.spanContext().spanId);
    expect(childHello).toBeDefined();

    const boomClient = one(spans, "activity:Boom", SpanKind.CLIENT);
    const boomServer = one(spans, "activity:Boom", SpanKind.SERVER);
    expect(boomClient.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "boom" });
    expect(boomServer.status.code).toBe(SpanStatusCode.ERROR);
    expect(parentSpanIdOf(boomServer)).toBe(boomClient.spanContext().spanId);

    // The orchestration's span started in its first episode and ended with its last.
    expect(parent.startTime[0] * 1e3 + parent.startTime[1] / 1e6).toBeLessThanOrEqual(timer.endTime[0] * 1e3 + timer.endTime[1] / 1e6);
  });

  it("keeps the trace context in the History rows as the original writes it", async () => {
    const request = trace.getTracer("test").startSpan("request-2");
    const id = await context.with(trace.setSpan(context.active(), request), () => hub.client.scheduleNewOrchestration("Child", "x"));
    request.end();
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    const table = TableClient.fromConnectionString(hub.azurite.connectionString, historyTableName(hub.service.options.taskHubName), { allowInsecureConnection: true });
    const rows = [];
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${id}'` } })) rows.push(row);
    const started = rows.find((r) => r.EventType === "ExecutionStarted")!;
    const traceContext = JSON.parse(started.ParentTraceContext as string);
    expect(Object.keys(traceContext)).toEqual(["TraceParent", "TraceState", "Id", "SpanId", "ActivityStartTime"]);
    expect(traceContext.TraceParent).toMatch(new RegExp(`^00-${request.spanContext().traceId}-[0-9a-f]{16}-01$`));
    expect(traceContext.Id).toBe(`00-${request.spanContext().traceId}-${traceContext.SpanId}-01`);
    const scheduled = rows.find((r) => r.EventType === "TaskScheduled")!;
    expect(JSON.parse(scheduled.ParentTraceContext as string).TraceParent).toMatch(new RegExp(`^00-${request.spanContext().traceId}-`));
  });

  it("counts orchestrations by outcome, times episodes and activities, and reports storage requests and backlog", async () => {
    const { resourceMetrics } = await metricReader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const points = (name: string) => all.find((m) => m.descriptor.name === name)?.dataPoints ?? [];
    const sum = (name: string, taskName?: string) =>
      points(name)
        .filter((p) => taskName === undefined || p.attributes["durabletask.task.name"] === taskName)
        .reduce((total, p) => total + (p.value as number), 0);
    expect(sum("dtfx.orchestrations.started", "Parent")).toBe(1);
    expect(sum("dtfx.orchestrations.completed", "Parent")).toBe(1);
    expect(sum("dtfx.orchestrations.completed", "Child")).toBeGreaterThanOrEqual(2);
    expect(points("dtfx.episode.duration").length).toBeGreaterThan(0);
    const boom = points("dtfx.activity.duration").find((p) => p.attributes["durabletask.task.name"] === "Boom");
    expect(boom?.attributes["durabletask.task.status"]).toBe("Failed");
    expect(points("dtfx.storage.requests").find((p) => p.attributes.kind === "table.batch")?.value).toBeGreaterThan(0);
    const backlog = points("dtfx.queue.backlog").map((p) => p.attributes.queue);
    expect(backlog).toContain(`${hub.service.options.taskHubName.toLowerCase()}-workitems`);
  });

  it("nests entity calls and signals: the caller's client or producer span, the entity's server or consumer span under it", async () => {
    const request = trace.getTracer("test").startSpan("request-entities");
    const id = await context.with(trace.setSpan(context.active(), request), async () => {
      await hub.client.signalEntity(new EntityId("Counter", "t"), "add", 1);
      return hub.client.scheduleNewOrchestration("CallsCounter");
    });
    request.end();
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })).runtimeStatus).toBe("Completed");
    await new Promise((r) => setTimeout(r, 300));
    const spans = recorder.spans().filter((s) => s.spanContext().traceId === request.spanContext().traceId);
    const clientSignal = spans.find((s) => s.name === "entity:counter:add" && s.kind === SpanKind.PRODUCER && parentSpanIdOf(s) === request.spanContext().spanId)!;
    expect(clientSignal).toBeDefined();
    expect(spans.some((s) => s.kind === SpanKind.CONSUMER && parentSpanIdOf(s) === clientSignal.spanContext().spanId)).toBe(true);
    const orchestration = one(spans, "orchestration:CallsCounter", SpanKind.SERVER);
    const call = one(spans, "entity:counter:get", SpanKind.CLIENT);
    expect(parentSpanIdOf(call)).toBe(orchestration.spanContext().spanId);
    expect(call.attributes["durabletask.task.operation"]).toBe("call_entity");
    const run = one(spans, "entity:counter:get", SpanKind.SERVER);
    expect(parentSpanIdOf(run)).toBe(call.spanContext().spanId);
    const signal = spans.find((s) => s.name === "entity:counter:add" && s.kind === SpanKind.PRODUCER && parentSpanIdOf(s) === orchestration.spanContext().spanId);
    expect(signal).toBeDefined();
  });
});
