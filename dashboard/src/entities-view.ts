// The Entities view: each entity with its state and last change, a page at a time.
import { api, MANAGEMENT } from "./api.js";
import { errorBox, formatTime, h, jsonBlock, replaceChildren } from "./dom.js";
import { renderPager } from "./instances-view.js";
import type { View } from "./view.js";

interface EntityItem {
  entityId: string;
  name: string;
  key: string;
  state: unknown;
  lastModifiedAt: string;
}

export function entitiesView(): View {
  const table = h("div", { "data-testid": "entity-table" });
  const pager = h("div", { className: "pager" });
  const tokens: (string | undefined)[] = [undefined];
  let pageIndex = 0;
  const load = async () => {
    try {
      const page = await api<EntityItem[]>("GET", `${MANAGEMENT}/entities`, { query: { top: "25" }, continuationToken: tokens[pageIndex] });
      tokens[pageIndex + 1] = page.continuationToken;
      replaceChildren(table, page.data.length === 0 ? h("p", { className: "muted" }, "No entities.") : h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Entity"), h("th", {}, "Name"), h("th", {}, "Key"), h("th", {}, "Last modified"), h("th", {}, "State"))),
        h("tbody", {}, ...page.data.map((entity) => h("tr", { "data-entity-id": entity.entityId },
          h("td", { className: "mono" }, entity.entityId), h("td", {}, entity.name), h("td", {}, entity.key),
          h("td", {}, formatTime(entity.lastModifiedAt)), h("td", {}, jsonBlock(entity.state)))))));
      renderPager(pager, pageIndex > 0, page.continuationToken !== undefined, (step) => {
        pageIndex += step;
        void load();
      }, pageIndex);
    } catch (error) {
      replaceChildren(table, errorBox(error));
    }
  };
  void load();
  return { element: h("section", {}, h("h2", {}, "Entities"), table, pager) };
}
