// With no OpenTelemetry SDK registered, tracing writes nothing and stamps nothing (the cost is a field check).
import { describe, expect, it } from "vitest";
import type { ExecutionStartedEvent } from "../../src/core/index.js";
import type { OrchestrationEpisodeCommit } from "../../src/backend/orchestration-service.js";
import { traceNewOrchestration } from "../../src/telemetry/client-tracing.js";
import { emitEpisodeSpans, stampEpisodeTraceContext } from "../../src/telemetry/orchestration-tracing.js";
import { formatTraceParent, parseTraceParent } from "../../src/telemetry/w3c-trace-parent.js";

const start = (): ExecutionStartedEvent => ({
  eventType: "ExecutionStarted", eventId: -1, timestamp: new Date(0), name: "Hello",
  orchestrationInstance: { instanceId: "i", executionId: "e" },
});

const commitOf = (started: ExecutionStartedEvent): OrchestrationEpisodeCommit => ({
  newEvents: [
    { eventType: "OrchestratorStarted", eventId: -1, timestamp: new Date(0) },
    started,
    { eventType: "TaskScheduled", eventId: 0, timestamp: new Date(0), name: "Say" },
  ],
  isNewExecution: true,
  executionId: "e",
  activityMessages: [],
  timerMessages: [],
  orchestratorMessages: [],
  state: { name: "Hello", executionId: "e", runtimeStatus: "Running", createdTime: new Date(0), lastUpdatedTime: new Date(0) },
});

describe("tracing without an SDK", () => {
  it("leaves the start without trace context", async () => {
    const started = start();
    await traceNewOrchestration(started, async () => undefined);
    expect(started.parentTraceContext).toBeUndefined();
  });

  it("stamps nothing on an untraced episode", () => {
    const commit = commitOf(start());
    stampEpisodeTraceContext(commit, [], new Date(1));
    emitEpisodeSpans(commit, [], new Date(2));
    expect(commit.newEvents.some((e) => "parentTraceContext" in e)).toBe(false);
  });

  it("stamps a traced episode deterministically: the same ids on every run", () => {
    const traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const stamped = () => {
      const started = { ...start(), parentTraceContext: { traceParent } };
      const commit = commitOf(started);
      stampEpisodeTraceContext(commit, [], new Date(1));
      return commit;
    };
    const [a, b] = [stamped(), stamped()];
    const startedA = a.newEvents[1] as ExecutionStartedEvent;
    expect(startedA.parentTraceContext).toMatchObject({ traceParent, activityStartTime: new Date(1) });
    expect(startedA.parentTraceContext!.id).toBe(`00-0af7651916cd43dd8448eb211c80319c-${startedA.parentTraceContext!.spanId}-01`);
    expect(a.newEvents[2]).toEqual(b.newEvents[2]);
    expect((a.newEvents[2] as { parentTraceContext?: { traceParent: string } }).parentTraceContext?.traceParent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it("reads and writes W3C traceparents", () => {
    const parsed = parseTraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v");
    expect(parsed).toMatchObject({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1, isRemote: true });
    expect(formatTraceParent(parsed!)).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    expect(parseTraceParent("00-00000000000000000000000000000000-b7ad6b7169203331-01")).toBeUndefined();
    expect(parseTraceParent("garbage")).toBeUndefined();
    expect(parseTraceParent(undefined)).toBeUndefined();
  });
});
