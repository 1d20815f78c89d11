// Poison messages: what was set aside, why, and two actions (each confirmed): requeue to the queue it came
// from, or delete.
import { api, DASHBOARD_API } from "./api.js";
import { confirmAction } from "./confirm-dialog.js";
import { errorBox, formatTime, h, instanceLink, jsonBlock, replaceChildren } from "./dom.js";
import type { View } from "./view.js";

interface PoisonItem {
  id: string;
  sourceQueue: string;
  reason: string;
  instanceId?: string;
  dequeueCount: number;
  insertedAt: string;
  body: { value: unknown } | { truncated: true; chars: number };
}

export function poisonView(): View {
  const notice = h("div", { className: "notice" });
  const table = h("div", { "data-testid": "poison-table" });
  const act = async (item: PoisonItem, verb: "Requeue" | "Delete") => {
    const text = verb === "Requeue" ? `It goes back to ${item.sourceQueue} and is processed again.` : "It is deleted for good.";
    if (!(await confirmAction(`${verb} poison message ${item.id}?`, text))) return;
    try {
      const path = `${DASHBOARD_API}/poison/${encodeURIComponent(item.id)}`;
      await (verb === "Requeue" ? api("POST", `${path}/requeue`) : api("DELETE", path));
      replaceChildren(notice, h("p", { className: "ok", role: "status" }, `${verb}d ${item.id}`));
    } catch (error) {
      replaceChildren(notice, errorBox(error));
    }
    void load();
  };
  const load = async () => {
    try {
      const { data } = await api<PoisonItem[]>("GET", `${DASHBOARD_API}/poison`, { query: { top: "100" } });
      replaceChildren(table, data.length === 0 ? h("p", { className: "muted" }, "No poison messages.") : h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Id"), h("th", {}, "Queue"), h("th", {}, "Reason"), h("th", {}, "Instance"), h("th", {}, "Set aside"), h("th", {}, "Message"), h("th", {}, ""))),
        h("tbody", {}, ...data.map((item) => h("tr", { "data-poison-id": item.id },
          h("td", { className: "mono" }, item.id), h("td", {}, item.sourceQueue), h("td", {}, item.reason),
          h("td", {}, item.instanceId ? instanceLink(item.instanceId) : ""), h("td", {}, formatTime(item.insertedAt)),
          h("td", {}, "value" in item.body ? jsonBlock(item.body.value) : `${item.body.chars} characters`),
          h("td", {},
            h("button", { type: "button", "data-action": "requeue", onclick: () => void act(item, "Requeue") }, "Requeue"),
            h("button", { type: "button", className: "danger", "data-action": "delete", onclick: () => void act(item, "Delete") }, "Delete")))))));
    } catch (error) {
      replaceChildren(table, errorBox(error));
    }
  };
  void load();
  return { element: h("section", {}, h("h2", {}, "Poison messages"), notice, table) };
}
