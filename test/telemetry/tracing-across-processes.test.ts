// The trace of one orchestration holds across processes and a crash: a worker process dies right after its first
// history write, another finishes the orchestration, and every span still hangs under the client's span, with
// the orchestration's own span emitted once (by the process that ended it), under the id the first one chose.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SpanKind, context, trace } from "@opentelemetry/api";
import { AzureStorageOrchestrationService } from "../../src/azure/azure-storage-orchestration-service.js";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { runUntilFaultPoint, startCrashWorker } from "../support/crash-worker-process.js";
import { uniqueHubName } from "../support/test-hub.js";
import { recordSpans, type SpanRecorder } from "../support/span-recorder.js";
import type { RecordedSpan } from "../../scripts/span-file-exporter.js";

let azurite: RunningAzurite;
let recorder: SpanRecorder;
let service: AzureStorageOrchestrationService;
const hub = uniqueHubName("Traced");
const dir = mkdtempSync(join(tmpdir(), "dtfx-spans-"));

beforeAll(async () => {
  recorder = recordSpans();
  azurite = await startAzurite();
  service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: hub, partitionCount: 2 });
});

afterAll(async () => {
  await service?.close();
  await azurite?.stop();
  await recorder?.stop();
});

const readSpans = (file: string): RecordedSpan[] =>
  existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as RecordedSpan) : [];

describe("tracing across processes", () => {
  it("keeps one trace and one orchestration span when a worker dies mid-orchestration", async () => {
    const client = new TaskHubClient(service);
    const request = trace.getTracer("test").startSpan("request");
    const id = await context.with(trace.setSpan(context.active(), request), () => client.scheduleNewOrchestration("Chain", 1));
    request.end();
    const [fileA, fileB] = [join(dir, "a.jsonl"), join(dir, "b.jsonl")];
    const args = (file: string) => ["--queued-activities", "--span-file", file];
    expect(await runUntilFaultPoint(azurite.connectionString, hub, "episode.afterHistoryAppended", args(fileA))).toBe("SIGKILL");
    const survivor = startCrashWorker(azurite.connectionString, hub, undefined, args(fileB));
    try {
      const state = await client.waitForOrchestrationCompletion(id, { timeoutInMs: 45_000 });
      expect(state.output).toBe(4);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      survivor.kill("SIGTERM");
      await survivor.exited;
    }

    const traceId = request.spanContext().traceId;
    const create = recorder.spans().find((s) => s.name === "create_orchestration:Chain")!;
    const spans = [...readSpans(fileA), ...readSpans(fileB)].filter((s) => s.traceId === traceId);
    const orchestration = spans.filter((s) => s.name === "orchestration:Chain" && s.kind === SpanKind.SERVER);
    expect(orchestration).toHaveLength(1);
    expect(orchestration[0]!.parentSpanId).toBe(create.spanContext().spanId);
    const clients = spans.filter((s) => s.name === "activity:Add" && s.kind === SpanKind.CLIENT);
    expect(clients.map((s) => s.attributes["durabletask.task.task_id"]).sort()).toEqual([0, 1, 2]);
    for (const span of clients) expect(span.parentSpanId).toBe(orchestration[0]!.spanId);
    const servers = spans.filter((s) => s.name === "activity:Add" && s.kind === SpanKind.SERVER);
    for (const taskId of [0, 1, 2]) {
      const clientSpan = clients.find((s) => s.attributes["durabletask.task.task_id"] === taskId)!;
      expect(servers.filter((s) => s.parentSpanId === clientSpan.spanId).length).toBeGreaterThanOrEqual(1);
    }
  }, 90_000);
});
