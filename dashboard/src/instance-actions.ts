// The actions on one instance, each confirmed first: raise event, terminate, suspend, resume, restart, rewind,
// purge. They go through the management API (the same routes curl and the CLI's users know).
import { api, instancePath } from "./api.js";
import { confirmAction } from "./confirm-dialog.js";
import { h } from "./dom.js";

export interface ActionHost {
  instanceId: string;
  runtimeStatus: string;
  /** Shows the outcome and reloads the page's data. */
  done(message: string): void;
  failed(error: unknown): void;
}

type Action = { label: string; enabled(status: string): boolean; run(host: ActionHost): Promise<string | undefined> };

const RUNNING = new Set(["Pending", "Running", "Suspended", "ContinuedAsNew"]);
const FINISHED = new Set(["Completed", "Failed", "Terminated"]);

async function withReason(host: ActionHost, verb: string, text: string): Promise<string | undefined> {
  const answer = await confirmAction(`${verb} ${host.instanceId}?`, text, [{ name: "reason", label: "Reason (optional)" }]);
  if (!answer) return undefined;
  await api("POST", instancePath(host.instanceId, verb.toLowerCase()), { query: { reason: answer.reason || undefined } });
  return `${verb} requested`;
}

const ACTIONS: Action[] = [
  {
    label: "Raise event",
    enabled: (s) => RUNNING.has(s),
    async run(host) {
      const answer = await confirmAction(`Raise an event on ${host.instanceId}?`, "The orchestrator receives it through waitForExternalEvent(name).", [
        { name: "eventName", label: "Event name", required: true, value: "Approval" },
        { name: "data", label: "Data (JSON, optional)", multiline: true },
      ]);
      if (!answer) return undefined;
      const body = answer.data?.trim() ? (JSON.parse(answer.data) as unknown) : undefined;
      await api("POST", instancePath(host.instanceId, "raiseEvent", answer.eventName ?? ""), { body });
      return `Event '${answer.eventName}' raised`;
    },
  },
  { label: "Terminate", enabled: (s) => RUNNING.has(s), run: (host) => withReason(host, "Terminate", "It ends as Terminated; its activities still running finish unobserved.") },
  { label: "Suspend", enabled: (s) => s === "Running" || s === "Pending", run: (host) => withReason(host, "Suspend", "It stops processing events until resumed.") },
  { label: "Resume", enabled: (s) => s === "Suspended", run: (host) => withReason(host, "Resume", "It processes the events that waited meanwhile.") },
  {
    label: "Restart",
    enabled: (s) => FINISHED.has(s),
    async run(host) {
      if (!(await confirmAction(`Restart ${host.instanceId}?`, "It runs again from the start with its original input, under the same id."))) return undefined;
      await api("POST", instancePath(host.instanceId, "restart"));
      return "Restarted";
    },
  },
  { label: "Rewind", enabled: (s) => s === "Failed", run: (host) => withReason(host, "Rewind", "Its failed activities and sub-orchestrations run again; what succeeded is kept.") },
  {
    label: "Purge",
    enabled: () => true,
    async run(host) {
      if (!(await confirmAction(`Purge ${host.instanceId}?`, "Its status, history and payloads are deleted for good."))) return undefined;
      await api("DELETE", instancePath(host.instanceId));
      location.hash = "#/";
      return "Purged";
    },
  },
];

export function actionBar(host: ActionHost): HTMLElement {
  return h("div", { className: "actions", "data-testid": "actions" }, ...ACTIONS.map((action) =>
    h("button", {
      type: "button",
      className: action.label === "Purge" || action.label === "Terminate" ? "danger" : "",
      disabled: !action.enabled(host.runtimeStatus),
      "data-action": action.label.toLowerCase().replace(/ /g, "-"),
      onclick: () => {
        action.run(host).then((message) => message && host.done(message), (error: unknown) => host.failed(error));
      },
    }, action.label)));
}
