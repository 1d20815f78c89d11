// One instance: its status and times, input/output/custom status as formatted JSON (a large one loads when
// asked), links to its parent and children, the actions, a timeline and the history table. Refreshes while
// the instance has not finished.
import { api, DASHBOARD_API } from "./api.js";
import { errorBox, formatTime, h, instanceLink, jsonBlock, replaceChildren, statusBadge } from "./dom.js";
import { actionBar } from "./instance-actions.js";
import { renderTimeline, type HistoryRow } from "./timeline.js";
import type { View } from "./view.js";

type Preview = { value: unknown } | { truncated: true; chars: number } | undefined;

interface InstanceDetails {
  instanceId: string;
  executionId: string;
  name: string;
  version?: string;
  runtimeStatus: string;
  createdAt: string;
  lastUpdatedAt: string;
  completedAt?: string;
  scheduledStartAt?: string;
  failureDetails?: unknown;
  tags?: Record<string, string>;
  input: Preview;
  output: Preview;
  customStatus: Preview;
  parent?: { instanceId: string };
  children: { instanceId: string; name: string }[];
  history: HistoryRow[];
}

const REFRESH_MS = 2000;
/** Right after an action the page looks again quickly, so its effect shows as soon as the worker commits it. */
const AFTER_ACTION_REFRESH_MS = 250;
const AFTER_ACTION_WINDOW_MS = 5000;
const FINISHED = new Set(["Completed", "Failed", "Terminated"]);

export function instanceView(instanceId: string): View {
  const notice = h("div", { className: "notice", "data-testid": "notice" });
  const body = h("div", {});
  const root = h("section", { className: "instance" }, h("p", {}, h("a", { href: "#/" }, "← Instances")), notice, body);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let quickUntil = 0;

  const load = async () => {
    clearTimeout(timer);
    try {
      const { data } = await api<InstanceDetails>("GET", `${DASHBOARD_API}/instances/${encodeURIComponent(instanceId)}`);
      if (disposed) return;
      replaceChildren(body, ...render(data, {
        instanceId,
        runtimeStatus: data.runtimeStatus,
        done: (message) => {
          replaceChildren(notice, h("p", { className: "ok", role: "status" }, message));
          quickUntil = Date.now() + AFTER_ACTION_WINDOW_MS;
          void load();
        },
        failed: (error) => replaceChildren(notice, errorBox(error)),
      }));
      const quick = Date.now() < quickUntil;
      if (quick || !FINISHED.has(data.runtimeStatus)) timer = setTimeout(() => void load(), quick ? AFTER_ACTION_REFRESH_MS : REFRESH_MS);
    } catch (error) {
      if (!disposed) replaceChildren(body, errorBox(error));
    }
  };
  void load();
  return { element: root, dispose: () => { disposed = true; clearTimeout(timer); } };
}

function render(data: InstanceDetails, host: Parameters<typeof actionBar>[0]): HTMLElement[] {
  const fact = (label: string, value: unknown) => (value ? h("tr", {}, h("th", {}, label), h("td", {}, value as Node | string)) : null);
  const facts = h("table", { className: "facts" },
    fact("Name", data.name), fact("Version", data.version), fact("Execution id", data.executionId),
    fact("Created", formatTime(data.createdAt)), fact("Last updated", formatTime(data.lastUpdatedAt)),
    fact("Completed", formatTime(data.completedAt)), fact("Scheduled start", formatTime(data.scheduledStartAt)),
    fact("Parent", data.parent ? instanceLink(data.parent.instanceId) : undefined),
    fact("Children", data.children.length ? h("span", { "data-testid": "children" }, ...data.children.flatMap((c) => [instanceLink(c.instanceId, `${c.name} (${c.instanceId})`), " "])) : undefined),
    fact("Tags", data.tags ? JSON.stringify(data.tags) : undefined));
  return [
    h("h2", {}, h("span", { className: "mono", "data-testid": "instance-id" }, data.instanceId), " ", statusBadge(data.runtimeStatus)),
    actionBar(host),
    facts,
    data.failureDetails ? failure(data.failureDetails as FailureDetails) : h("span", {}),
    h("h3", {}, "Timeline"),
    renderTimeline(data.history),
    h("div", { className: "payloads" },
      payload(data.instanceId, "input", "Input", data.input),
      payload(data.instanceId, "output", "Output", data.output),
      payload(data.instanceId, "customStatus", "Custom status", data.customStatus)),
    h("h3", {}, "History"),
    historyTable(data.history),
  ];
}

interface FailureDetails {
  errorType?: string;
  message?: string;
  stackTrace?: string;
  innerFailure?: FailureDetails;
}

/** The error type and message up front; stack traces and inner failures folded away until opened. */
function failure(details: FailureDetails): HTMLElement {
  const chain: FailureDetails[] = [];
  for (let f: FailureDetails | undefined = details; f && chain.length < 10; f = f.innerFailure) chain.push(f);
  return h("div", { className: "failure", "data-testid": "failure" },
    h("h3", {}, "Failure"),
    ...chain.map((f, i) => h("div", { className: i === 0 ? "failure-main" : "failure-inner" },
      h("p", {}, h("strong", {}, f.errorType ?? "Error"), ": ", f.message ?? ""),
      f.stackTrace ? h("details", {}, h("summary", {}, "Stack trace"), h("pre", { className: "json" }, f.stackTrace)) : null)));
}

function payload(instanceId: string, field: string, title: string, preview: Preview): HTMLElement {
  const box = h("div", { className: "payload", "data-payload": field }, h("h3", {}, title));
  if (preview === undefined) box.append(h("p", { className: "muted" }, "none"));
  else if ("value" in preview) box.append(jsonBlock(preview.value));
  else {
    const button = h("button", { type: "button", className: "secondary" }, `Load (${preview.chars.toLocaleString()} characters)`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const { data } = await api<{ value: unknown }>("GET", `${DASHBOARD_API}/instances/${encodeURIComponent(instanceId)}/payload/${field}`);
        button.replaceWith(jsonBlock(data.value));
      } catch (error) {
        button.replaceWith(errorBox(error));
      }
    });
    box.append(button);
  }
  return box;
}

const SHOWN = new Set(["eventType", "eventId", "timestamp", "isPlayed"]);

function historyTable(history: HistoryRow[]): HTMLElement {
  return h("table", { className: "history", "data-testid": "history" },
    h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Event"), h("th", {}, "Id"), h("th", {}, "Time"), h("th", {}, "Details"))),
    h("tbody", {}, ...history.map((event, index) => {
      const details = Object.fromEntries(Object.entries(event).filter(([k]) => !SHOWN.has(k)));
      const failed = event.eventType.endsWith("Failed") || (event.eventType === "ExecutionCompleted" && event.orchestrationStatus === "Failed");
      return h("tr", { className: failed ? "failed" : "", "data-event-type": event.eventType },
        h("td", {}, index), h("td", {}, event.eventType), h("td", {}, event.eventId >= 0 ? event.eventId : ""),
        h("td", {}, formatTime(event.timestamp)),
        h("td", { className: "mono details" }, Object.keys(details).length ? JSON.stringify(details) : ""));
    })));
}
