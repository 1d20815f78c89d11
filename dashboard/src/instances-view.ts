// The Instances view: filters (status, name, created-time range, id prefix) kept in the URL's hash, counts by
// status, a page of instances with continuation tokens (Next/Previous), refreshed every few seconds while open.
import { api, DASHBOARD_API } from "./api.js";
import { errorBox, formatTime, h, instanceLink, replaceChildren, statusBadge } from "./dom.js";
import type { View } from "./view.js";

const STATUSES = ["Pending", "Running", "Completed", "ContinuedAsNew", "Failed", "Terminated", "Suspended"];
const REFRESH_MS = 3000;
/** Counting reads every Instances row (without payloads): less often than the page itself. */
const COUNTS_REFRESH_MS = 15_000;
const PAGE_SIZE = "25";

interface InstanceItem {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  createdAt: string;
  lastUpdatedAt: string;
}

export function instancesView(params: URLSearchParams): View {
  const root = h("section", { className: "instances" });
  const counts = h("div", { className: "counts", "data-testid": "counts" });
  const table = h("div", { "data-testid": "instance-table" });
  const pager = h("div", { className: "pager" });
  const tokens: (string | undefined)[] = [undefined]; // tokens[i] opens page i
  let pageIndex = 0;
  let countedAt = 0;

  const form = filterForm(params);
  root.append(h("h2", {}, "Instances"), counts, form, table, pager);

  const load = async () => {
    try {
      const query: Record<string, string | undefined> = {
        top: PAGE_SIZE,
        runtimeStatus: params.get("status") ?? undefined,
        name: params.get("name") ?? undefined,
        instanceIdPrefix: params.get("prefix") ?? undefined,
        createdTimeFrom: isoOf(params.get("from")),
        createdTimeTo: isoOf(params.get("to")),
      };
      const countNow = Date.now() - countedAt >= COUNTS_REFRESH_MS;
      const [page, totals] = await Promise.all([
        api<InstanceItem[]>("GET", `${DASHBOARD_API}/instances`, { query, continuationToken: tokens[pageIndex] }),
        countNow ? api<{ counts: Record<string, number>; total: number; capped: boolean }>("GET", `${DASHBOARD_API}/counts`) : undefined,
      ]);
      tokens[pageIndex + 1] = page.continuationToken;
      if (totals) {
        countedAt = Date.now();
        renderCounts(counts, totals.data);
      }
      replaceChildren(table, instanceTable(page.data));
      renderPager(pager, pageIndex > 0, page.continuationToken !== undefined, (step) => {
        pageIndex += step;
        void load();
      }, pageIndex);
    } catch (error) {
      replaceChildren(table, errorBox(error));
    }
  };
  void load();
  const timer = setInterval(() => {
    if (!document.hidden) void load();
  }, REFRESH_MS);
  return { element: root, dispose: () => clearInterval(timer) };
}

function filterForm(params: URLSearchParams): HTMLFormElement {
  const selected = new Set((params.get("status") ?? "").split(",").filter(Boolean));
  const field = (name: string, label: string, type = "text") => {
    const input = h("input", { name, type, placeholder: label });
    input.value = params.get(name) ?? "";
    return h("label", {}, label, input);
  };
  const statuses = STATUSES.map((status) =>
    h("label", { className: "check" }, h("input", { type: "checkbox", name: "status", value: status, checked: selected.has(status) }), status));
  const form = h("form", { className: "filters", "data-testid": "filters" },
    h("fieldset", {}, h("legend", {}, "Status"), ...statuses),
    field("name", "Name"), field("prefix", "Id prefix"), field("from", "Created from", "datetime-local"), field("to", "Created to", "datetime-local"),
    h("button", { type: "submit" }, "Apply"),
    h("button", { type: "button", className: "secondary", onclick: () => (location.hash = "#/") }, "Clear"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams();
    const status = data.getAll("status").join(",");
    if (status) next.set("status", status);
    for (const name of ["name", "prefix", "from", "to"]) {
      const value = String(data.get(name) ?? "").trim();
      if (value) next.set(name, value);
    }
    location.hash = `#/?${next.toString()}`;
  });
  return form;
}

/** datetime-local gives local time without a zone; the API wants an ISO instant. */
function isoOf(local: string | null): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function renderCounts(element: HTMLElement, totals: { counts: Record<string, number>; total: number; capped: boolean }): void {
  const chips = STATUSES.filter((s) => totals.counts[s]).map((status) =>
    h("a", { className: `count status-${status.toLowerCase()}`, href: `#/?status=${status}`, "data-status": status }, `${status} ${totals.counts[status]}`));
  replaceChildren(element, h("span", { className: "count-total" }, `${totals.total}${totals.capped ? "+" : ""} instances`), ...chips);
}

function instanceTable(items: InstanceItem[]): HTMLElement {
  if (items.length === 0) return h("p", { className: "muted" }, "No instances match.");
  return h("table", {},
    h("thead", {}, h("tr", {}, h("th", {}, "Instance id"), h("th", {}, "Name"), h("th", {}, "Status"), h("th", {}, "Created"), h("th", {}, "Last updated"))),
    h("tbody", {}, ...items.map((item) =>
      h("tr", { "data-instance-id": item.instanceId },
        h("td", { className: "mono" }, instanceLink(item.instanceId)),
        h("td", {}, item.name),
        h("td", {}, statusBadge(item.runtimeStatus)),
        h("td", {}, formatTime(item.createdAt)),
        h("td", {}, formatTime(item.lastUpdatedAt))))));
}

export function renderPager(element: HTMLElement, hasPrevious: boolean, hasNext: boolean, go: (step: number) => void, pageIndex: number): void {
  replaceChildren(element,
    h("button", { type: "button", className: "secondary", disabled: !hasPrevious, onclick: () => go(-1) }, "← Previous"),
    h("span", { className: "muted" }, `Page ${pageIndex + 1}`),
    h("button", { type: "button", className: "secondary", disabled: !hasNext, onclick: () => go(1) }, "Next →"));
}
