// A small element builder: text always goes in as text (never as HTML), so payloads cannot inject markup.
type Child = Node | string | number | undefined | null | false;
type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (name === "className") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function formatTime(value: unknown): string {
  if (typeof value !== "string" && !(value instanceof Date)) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().replace("T", " ").replace("Z", "");
}

export function statusBadge(status: string): HTMLElement {
  return h("span", { className: `status status-${status.toLowerCase()}` }, status);
}

export function jsonBlock(value: unknown): HTMLElement {
  return h("pre", { className: "json" }, JSON.stringify(value, null, 2) ?? "undefined");
}

export function errorBox(error: unknown): HTMLElement {
  return h("p", { className: "error", role: "alert" }, error instanceof Error ? error.message : String(error));
}

export function instanceLink(instanceId: string, label = instanceId): HTMLElement {
  return h("a", { href: `#/instance/${encodeURIComponent(instanceId)}` }, label);
}
