// The instance's timeline (a Gantt chart): one bar per activity, timer and sub-orchestration from its scheduling
// to its answer, a tick per event, failures marked. spansOf is pure; renderTimeline draws it with plain elements.
import { formatTime, h, instanceLink } from "./dom.js";

export type HistoryRow = Record<string, unknown> & { eventType: string; eventId: number; timestamp: string };
export type SpanKind = "orchestration" | "activity" | "timer" | "suborchestration" | "event";

export interface Span {
  kind: SpanKind;
  label: string;
  start: number;
  /** Undefined while it has not finished (the bar runs to the last event). */
  end?: number;
  failed: boolean;
  instanceId?: string;
}

const STARTS: Record<string, SpanKind> = { TaskScheduled: "activity", TimerCreated: "timer", SubOrchestrationInstanceCreated: "suborchestration" };
const ENDS = new Set(["TaskCompleted", "TaskFailed", "SubOrchestrationInstanceCompleted", "SubOrchestrationInstanceFailed", "TimerFired"]);
const POINTS = new Set(["EventRaised", "EventSent", "ExecutionSuspended", "ExecutionResumed", "ExecutionTerminated", "GenericEvent"]);

export function spansOf(history: HistoryRow[]): Span[] {
  const spans: Span[] = [];
  const open = new Map<number, Span>();
  for (const event of history) {
    const time = Date.parse(event.timestamp);
    const kind = STARTS[event.eventType];
    if (event.eventType === "ExecutionStarted") {
      spans.push({ kind: "orchestration", label: String(event.name ?? "orchestration"), start: time, failed: false });
    } else if (event.eventType === "ExecutionCompleted") {
      const run = spans.find((s) => s.kind === "orchestration");
      if (run) Object.assign(run, { end: time, failed: event.orchestrationStatus === "Failed" });
    } else if (kind) {
      const label = kind === "timer" ? `timer until ${formatTime(event.fireAt)}` : String(event.name ?? kind);
      const span: Span = { kind, label, start: time, failed: false, instanceId: kind === "suborchestration" ? String(event.instanceId) : undefined };
      spans.push(span);
      open.set(event.eventId, span);
    } else if (ENDS.has(event.eventType)) {
      const id = Number(event.eventType === "TimerFired" ? event.timerId : event.taskScheduledId);
      const span = open.get(id);
      if (span) Object.assign(span, { end: time, failed: event.eventType.endsWith("Failed") });
      open.delete(id);
    } else if (POINTS.has(event.eventType)) {
      const label = event.eventType === "EventRaised" || event.eventType === "EventSent" ? `${event.eventType} ${String(event.name ?? "")}` : event.eventType;
      spans.push({ kind: "event", label, start: time, end: time, failed: false });
    }
  }
  return spans;
}

export function renderTimeline(history: HistoryRow[]): HTMLElement {
  const spans = spansOf(history);
  if (spans.length === 0) return h("p", { className: "muted" }, "No events yet.");
  const first = Math.min(...spans.map((s) => s.start));
  const last = Math.max(...history.map((e) => Date.parse(e.timestamp)), ...spans.map((s) => s.end ?? s.start));
  const width = Math.max(last - first, 1);
  const percent = (t: number) => ((t - first) / width) * 100;
  const rows = spans.map((span) => {
    const end = span.end ?? last;
    const duration = span.end === undefined ? "running" : `${end - span.start} ms`;
    const bar = h("div", {
      className: `bar bar-${span.kind}${span.failed ? " failed" : ""}${span.end === undefined ? " open" : ""}`,
      title: `${span.label}: ${duration}${span.failed ? " (failed)" : ""}`,
    });
    // Through CSSOM: the page's Content-Security-Policy allows no inline style attributes.
    bar.style.left = `${percent(span.start)}%`;
    bar.style.width = `${Math.max(percent(end) - percent(span.start), 0.4)}%`;
    const label = span.instanceId ? instanceLink(span.instanceId, span.label) : span.label;
    return h("div", { className: `timeline-row${span.failed ? " failed" : ""}`, "data-kind": span.kind },
      h("div", { className: "timeline-label" }, label, span.failed ? h("span", { className: "failed-mark" }, " ✕ failed") : null),
      h("div", { className: "timeline-track" }, bar),
      h("div", { className: "timeline-duration" }, duration));
  });
  return h("div", { className: "timeline", "data-testid": "timeline" },
    ...rows,
    h("div", { className: "timeline-axis muted" }, `${formatTime(new Date(first).toISOString())} → ${formatTime(new Date(last).toISOString())} (${last - first} ms)`));
}
