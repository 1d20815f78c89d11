// An orchestration's trace, as DurableTask.Core's dispatcher draws it (TaskOrchestrationDispatcher.cs:340-372,
// 955-1000, 1140-1230, 1295-1330 at 5217032): the orchestration's own span (server) under the span that created
// it, spanning every episode and ending with the execution; under it a client span per scheduled activity or
// sub-orchestration, emitted when its answer arrives, and a span per timer that fired. Only events new in a
// committed episode emit spans, so replays never duplicate them. Untraced orchestrations cost one field check.
import type { SpanContext } from "@opentelemetry/api";
import type {
  ExecutionStartedEvent,
  HistoryEvent,
  HistoryEventOf,
  TaskMessage,
} from "../core/index.js";
import type { OrchestrationEpisodeCommit } from "../backend/orchestration-service.js";
import { ATTR, SPAN_TYPE, spanName, timerSpanName } from "./trace-schema.js";
import { formatTraceParent, parseTraceParent } from "./w3c-trace-parent.js";
import { derivedSpanId } from "./span-ids.js";
import { SpanKind, emitSpan } from "./spans.js";
import { emitEntityRequestSpans, stampEntityRequests } from "./entity-tracing.js";

/**
 * Writes the trace context the original writes into what an episode is about to commit: the orchestration's span
 * id and start on its ExecutionStarted, a client span per TaskScheduled and SubOrchestrationInstanceCreated, the
 * parent of each child's ExecutionStarted and of each event sent. Idempotent: ids derive from the execution.
 */
export function stampEpisodeTraceContext(commit: OrchestrationEpisodeCommit | undefined, history: HistoryEvent[], now: Date): void {
  if (!commit) return;
  const started = currentStart(commit, history);
  if (!started) return;
  inheritTraceAcrossContinueAsNew(started, commit, history);
  const self = orchestrationSpanContext(started, now);
  if (!self) return;
  const executionId = started.orchestrationInstance.executionId ?? commit.executionId;
  const traceState = started.parentTraceContext?.traceState;
  const child = (purpose: string, taskId: number) => ({
    traceParent: formatTraceParent({ ...self, spanId: derivedSpanId(executionId, purpose, taskId) }),
    traceState,
  });
  for (const event of [...commit.newEvents, ...commit.activityMessages.map((m) => m.event)]) {
    if (event.eventType === "TaskScheduled") event.parentTraceContext ??= child("task", event.eventId);
    if (event.eventType === "SubOrchestrationInstanceCreated") event.clientSpanId ??= derivedSpanId(executionId, "suborchestration", event.eventId);
  }
  for (const message of commit.orchestratorMessages) {
    stampOutgoing(message, started, self, child);
    stampEntityRequests(message, self, executionId, traceState);
  }
}

/** Emits the spans an episode completed; call after its commit succeeded. */
export function emitEpisodeSpans(commit: OrchestrationEpisodeCommit | undefined, history: HistoryEvent[], now: Date): void {
  if (!commit) return;
  const started = currentStart(commit, history);
  const self = started && orchestrationSpanContext(started);
  if (!started || !self) return;
  const all = commit.isNewExecution ? commit.newEvents : [...history, ...commit.newEvents];
  for (const event of commit.newEvents) emitAnswerSpan(event, all, started, self, now);
  emitEntityRequestSpans(commit.orchestratorMessages, self, started.orchestrationInstance.instanceId, now);
  const status = commit.state.runtimeStatus;
  if (status === "Completed" || status === "Failed" || status === "Terminated" || status === "ContinuedAsNew") {
    const error = status === "Failed" ? commit.state.failureDetails?.message ?? "Failed" : status === "Terminated" ? "Terminated" : undefined;
    emitOrchestrationSpan(started, status, now, error);
  }
  const previous = history.find(isStart);
  if (commit.isNewExecution && previous && previous !== started && !history.some((e) => e.eventType === "ExecutionCompleted")) {
    emitOrchestrationSpan(previous, "ContinuedAsNew", now); // the generation this episode ended by continuing as new
  }
}

function emitAnswerSpan(event: HistoryEvent, all: HistoryEvent[], started: ExecutionStartedEvent, self: SpanContext, now: Date): void {
  const base = { parent: self, endTime: now, kind: SpanKind.CLIENT };
  const instanceId = started.orchestrationInstance.instanceId;
  if (event.eventType === "TaskCompleted" || event.eventType === "TaskFailed") {
    const scheduled = all.findLast((e): e is HistoryEventOf<"TaskScheduled"> => e.eventType === "TaskScheduled" && e.eventId === event.taskScheduledId);
    if (!scheduled) return;
    emitSpan({
      ...base,
      name: spanName(SPAN_TYPE.activity, scheduled.name, scheduled.version),
      startTime: scheduled.timestamp,
      spanId: parseTraceParent(scheduled.parentTraceContext?.traceParent)?.spanId,
      attributes: { [ATTR.type]: SPAN_TYPE.activity, [ATTR.name]: scheduled.name, [ATTR.instanceId]: instanceId, [ATTR.taskId]: scheduled.eventId, [ATTR.version]: scheduled.version },
      error: event.eventType === "TaskFailed" ? event.reason ?? "Unspecified task activity failure" : undefined,
    });
  } else if (event.eventType === "SubOrchestrationInstanceCompleted" || event.eventType === "SubOrchestrationInstanceFailed") {
    const created = all.find((e): e is HistoryEventOf<"SubOrchestrationInstanceCreated"> => e.eventType === "SubOrchestrationInstanceCreated" && e.eventId === event.taskScheduledId);
    if (!created) return;
    emitSpan({
      ...base,
      name: spanName(SPAN_TYPE.orchestration, created.name, created.version),
      startTime: created.timestamp,
      spanId: created.clientSpanId,
      attributes: { [ATTR.type]: SPAN_TYPE.orchestration, [ATTR.name]: created.name, [ATTR.instanceId]: instanceId, [ATTR.version]: created.version },
      error: event.eventType === "SubOrchestrationInstanceFailed" ? event.reason ?? "Unspecified sub-orchestration failure" : undefined,
    });
  } else if (event.eventType === "TimerFired") {
    const created = all.find((e) => e.eventType === "TimerCreated" && e.eventId === event.timerId);
    emitSpan({
      ...base,
      kind: SpanKind.INTERNAL,
      name: timerSpanName(started.name),
      startTime: created?.timestamp ?? event.timestamp,
      attributes: { [ATTR.type]: SPAN_TYPE.timer, [ATTR.name]: started.name, [ATTR.instanceId]: instanceId, [ATTR.fireAt]: event.fireAt.toISOString(), [ATTR.taskId]: event.timerId },
    });
  }
}

function emitOrchestrationSpan(started: ExecutionStartedEvent, status: string, now: Date, error?: string): void {
  const traceContext = started.parentTraceContext;
  const parent = parseTraceParent(traceContext?.traceParent, traceContext?.traceState);
  if (!parent || !traceContext?.spanId) return;
  emitSpan({
    name: spanName(SPAN_TYPE.orchestration, started.name, started.version),
    kind: SpanKind.SERVER,
    parent,
    spanId: traceContext.spanId,
    startTime: traceContext.activityStartTime,
    endTime: now,
    attributes: {
      [ATTR.type]: SPAN_TYPE.orchestration,
      [ATTR.name]: started.name,
      [ATTR.instanceId]: started.orchestrationInstance.instanceId,
      [ATTR.version]: started.version,
      [ATTR.status]: status,
    },
    error,
  });
}

/** The orchestration's own span: its id is fixed (and written) the first time an episode of it commits. */
function orchestrationSpanContext(started: ExecutionStartedEvent, now?: Date): SpanContext | undefined {
  const traceContext = started.parentTraceContext;
  const parent = parseTraceParent(traceContext?.traceParent, traceContext?.traceState);
  if (!parent || !traceContext) return undefined;
  if (!traceContext.spanId) {
    if (!now) return undefined;
    traceContext.spanId = derivedSpanId(started.orchestrationInstance.executionId ?? "", "orchestration");
    traceContext.id = formatTraceParent({ ...parent, spanId: traceContext.spanId });
    traceContext.activityStartTime = now;
  }
  return { ...parent, spanId: traceContext.spanId };
}

function stampOutgoing(
  message: TaskMessage,
  started: ExecutionStartedEvent,
  self: SpanContext,
  child: (purpose: string, taskId: number) => { traceParent: string; traceState?: string },
): void {
  const event = message.event;
  const selfId = started.orchestrationInstance.instanceId;
  if (event.eventType === "ExecutionStarted" && event.parentInstance?.orchestrationInstance.instanceId === selfId) {
    event.parentTraceContext ??= child("suborchestration", event.parentInstance.taskScheduleId);
  } else if (event.eventType === "EventRaised" && !message.orchestrationInstance.instanceId.startsWith("@")) {
    event.parentTraceContext ??= { traceParent: formatTraceParent(self), traceState: started.parentTraceContext?.traceState };
  }
}

/** Continue-as-new keeps the trace: the next generation's start has the same parent (TOD:640-650). */
function inheritTraceAcrossContinueAsNew(started: ExecutionStartedEvent, commit: OrchestrationEpisodeCommit, history: HistoryEvent[]): void {
  if (started.parentTraceContext || !commit.isNewExecution) return;
  const previous = [...history, ...commit.orchestratorMessages.map((m) => m.event)].find(
    (e): e is ExecutionStartedEvent => isStart(e) && e !== started && e.orchestrationInstance.instanceId === started.orchestrationInstance.instanceId,
  );
  const inherited = previous?.parentTraceContext;
  if (inherited && !history.some((e) => e.eventType === "ExecutionCompleted")) {
    started.parentTraceContext = { traceParent: inherited.traceParent, traceState: inherited.traceState };
  }
}

function currentStart(commit: OrchestrationEpisodeCommit, history: HistoryEvent[]): ExecutionStartedEvent | undefined {
  return (commit.isNewExecution ? commit.newEvents : history).find(isStart);
}

const isStart = (e: HistoryEvent): e is ExecutionStartedEvent => e.eventType === "ExecutionStarted";
