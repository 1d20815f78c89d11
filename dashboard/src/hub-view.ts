// The Hub view: partitions with their lease owners and approximate control-queue depths, the work-item
// queue's depth, the workers seen (lease owners) and the names this server's worker hosts.
import { api, DASHBOARD_API } from "./api.js";
import { errorBox, h, replaceChildren } from "./dom.js";
import type { View } from "./view.js";

export interface HubInfo {
  taskHub: string;
  partitionCount: number;
  partitions: { partition: number; controlQueue: string; owner?: string; leased: boolean; approximateMessageCount?: number }[];
  workItemQueue: { name: string; approximateMessageCount?: number };
  workers: string[];
  orchestrators: string[];
  entities: string[];
}

const REFRESH_MS = 5000;
const depth = (n: number | undefined) => (n === undefined ? "?" : String(n));

export function hubView(): View {
  const body = h("div", { "data-testid": "hub" }, h("p", { className: "muted" }, "Loading…"));
  const load = async () => {
    try {
      const { data } = await api<HubInfo>("GET", `${DASHBOARD_API}/hub`);
      replaceChildren(body,
        h("p", {}, `Task hub `, h("strong", {}, data.taskHub), `, ${data.partitionCount} partitions. Queue depths are Azure's approximate counts.`),
        h("table", {},
          h("thead", {}, h("tr", {}, h("th", {}, "Partition"), h("th", {}, "Control queue"), h("th", {}, "Lease owner"), h("th", {}, "Leased"), h("th", {}, "Messages"))),
          h("tbody", {}, ...data.partitions.map((p) => h("tr", { "data-partition": p.partition },
            h("td", {}, p.partition), h("td", { className: "mono" }, p.controlQueue), h("td", { className: "mono" }, p.owner ?? "—"),
            h("td", {}, p.leased ? "yes" : "no"), h("td", {}, depth(p.approximateMessageCount)))),
            h("tr", {}, h("td", {}, "—"), h("td", { className: "mono" }, data.workItemQueue.name), h("td", {}, "(work items)"), h("td", {}, ""), h("td", {}, depth(data.workItemQueue.approximateMessageCount))))),
        h("h3", {}, "Workers seen"),
        h("ul", { "data-testid": "workers" }, ...data.workers.map((w) => h("li", { className: "mono" }, w))),
        h("h3", {}, "Hosted by this server's worker"),
        h("p", {}, "Orchestrators: ", data.orchestrators.join(", ") || "—"),
        h("p", {}, "Entities: ", data.entities.join(", ") || "—"));
    } catch (error) {
      replaceChildren(body, errorBox(error));
    }
  };
  void load();
  const timer = setInterval(() => {
    if (!document.hidden) void load();
  }, REFRESH_MS);
  return { element: h("section", {}, h("h2", {}, "Hub"), body), dispose: () => clearInterval(timer) };
}
