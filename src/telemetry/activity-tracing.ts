// The span of one real execution of an activity (server), under the client span its orchestration named in the
// TaskScheduled's ParentTraceContext (TraceHelper.StartTraceActivityForTaskExecution; TaskActivityDispatcher.cs:144).
import { context, trace } from "@opentelemetry/api";
import type { HistoryEvent, TaskMessage, TaskScheduledEvent } from "../core/index.js";
import { ATTR, SPAN_TYPE, spanName } from "./trace-schema.js";
import { parseTraceParent } from "./w3c-trace-parent.js";
import { SpanKind, recordError, startSpan } from "./spans.js";

export async function traceActivityExecution(message: TaskMessage, run: () => Promise<HistoryEvent>): Promise<HistoryEvent> {
  const scheduled = message.event as TaskScheduledEvent;
  const parent = parseTraceParent(scheduled.parentTraceContext?.traceParent, scheduled.parentTraceContext?.traceState);
  if (!parent) return run();
  const span = startSpan({
    name: spanName(SPAN_TYPE.activity, scheduled.name, scheduled.version),
    kind: SpanKind.SERVER,
    parent,
    attributes: {
      [ATTR.type]: SPAN_TYPE.activity,
      [ATTR.name]: scheduled.name,
      [ATTR.instanceId]: message.orchestrationInstance.instanceId,
      [ATTR.taskId]: scheduled.eventId,
      [ATTR.version]: scheduled.version,
    },
  });
  try {
    const outcome = await context.with(trace.setSpan(context.active(), span), run);
    if (outcome.eventType === "TaskFailed") recordError(span, outcome.reason ?? "Unspecified task activity failure");
    return outcome;
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
