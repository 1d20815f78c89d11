// The dashboard's entry: a hash router over the views (#/, #/instance/{id}, #/entities, #/poison, #/hub),
// so the page loads once and the key it was opened with stays in its URL.
import { api, DASHBOARD_API } from "./api.js";
import { entitiesView } from "./entities-view.js";
import type { HubInfo } from "./hub-view.js";
import { hubView } from "./hub-view.js";
import { instanceView } from "./instance-view.js";
import { instancesView } from "./instances-view.js";
import { poisonView } from "./poison-view.js";
import type { View } from "./view.js";

let current: View | undefined;

function route(): void {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path = "/", query = ""] = hash.split("?");
  const params = new URLSearchParams(query);
  current?.dispose?.();
  let name = "instances";
  if (path.startsWith("/instance/")) current = instanceView(decodeURIComponent(path.slice("/instance/".length)));
  else if (path === "/entities") [current, name] = [entitiesView(), "entities"];
  else if (path === "/poison") [current, name] = [poisonView(), "poison"];
  else if (path === "/hub") [current, name] = [hubView(), "hub"];
  else current = instancesView(params);
  document.getElementById("view")!.replaceChildren(current.element);
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a")) link.classList.toggle("active", link.dataset.view === name);
}

window.addEventListener("hashchange", route);
route();
api<HubInfo>("GET", `${DASHBOARD_API}/hub`).then(
  ({ data }) => (document.getElementById("hub-name")!.textContent = `task hub ${data.taskHub}`),
  () => undefined,
);
