// A few helpers to build the DOM without a framework: h() makes an element
// with attributes and children; text is always set as text, never as HTML.
import type { Light } from "./generated";
import { lang, lightName, tr } from "./i18n";

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/** A link inside the console: followed without reloading the page. */
export function link(href: string, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href, "data-nav": true }, ...children);
}

/** A rate in percent: "52%", "52.5%", or a dash. */
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return `${Math.round(v * 10) / 10}%`;
}

/** A change of rate in points: "+12", "−3.5", "0", or a dash. */
export function points(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const r = Math.round(v * 10) / 10;
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : "0";
}

/** A date as people write it: 2025年6月30日, or Jun 30, 2025. */
export function day(iso: string | null | undefined): string {
  if (!iso) return "—";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (lang() === "zh") return `${y}年${m}月${d}日`;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

/** A moment in local time, to the minute. */
export function moment(iso: string | null | undefined): string {
  if (!iso) return "—";
  const t = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}`;
}

/** A light as a coloured dot with its name. */
export function lamp(light: Light): HTMLElement {
  return h("span", { class: `lamp lamp-${light.toLowerCase()}` }, lightName(light));
}

/** A notice while a page loads, or when it failed. */
export function notice(kind: "loading" | "error" | "empty", text?: string): HTMLElement {
  const words = {
    loading: tr("正在加载…", "Loading…"),
    error: tr("加载失败。", "Could not load."),
    empty: tr("没有数据。", "Nothing here."),
  };
  return h("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, text ?? words[kind]);
}

/** Replaces an element's children (nulls and falses left out). */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
