// Pieces several pages share: the projects table, figure cards, export links.
import type { Light, RowFragment } from "../generated";
import { token } from "../api";
import { h, lamp, link, pct, points } from "../dom";
import { statusName, tr } from "../i18n";
import type { Ctx } from "../main";

/** A big figure with its label. */
export function figure(key: string, label: string, value: string, extra?: { kind?: string; href?: string; sub?: string }): HTMLElement {
  const body = [h("span", { class: "label" }, label), h("strong", { class: "value" }, value), extra?.sub ? h("span", { class: "sub" }, extra.sub) : null];
  const cls = `figure${extra?.kind ? ` figure-${extra.kind}` : ""}`;
  return extra?.href ? h("a", { class: cls, href: extra.href, "data-nav": true, "data-figure": key }, body) : h("div", { class: cls, "data-figure": key }, body);
}

/** The count of a light in a byLight list. */
export function countOf(byLight: { light: Light; count: number }[], light: Light): number {
  return byLight.find((l) => l.light === light)?.count ?? 0;
}

/** A table of projects: 序号, name and units, rate, change, light, status. */
export function projectTable(ctx: Ctx, rows: RowFragment[], caption: string): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "projects" },
      h("caption", null, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { class: "num" }, tr("序号", "No.")),
          h("th", null, tr("项目", "Project")),
          h("th", { class: "units-col" }, tr("责任单位", "Units")),
          h("th", { class: "num" }, tr("完成率", "Rate")),
          h("th", { class: "num" }, tr("较上期", "Change")),
          h("th", null, tr("亮灯", "Light")),
          h("th", { class: "status-col" }, tr("状态", "Status")),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((r, i) => [
          // A category row where the table had one: the group the office's
          // 通报 uses, a link to its projects alone.
          r.node.category && r.node.category !== rows[i - 1]?.node.category
            ? h("tr", { class: "category" }, h("th", { colspan: 7, scope: "rowgroup" }, link(ctx.href("/projects", { category: r.node.category }), r.node.category)))
            : null,
          h(
            "tr",
            { "data-id": r.node.id },
            h("td", { class: "num" }, r.node.serialNo === null || r.node.serialNo === undefined ? "—" : `${r.node.serialNo}${r.node.serialMark ?? ""}`),
            h(
              "td",
              { class: "name" },
              link(ctx.href(`/projects/${encodeURIComponent(r.node.id)}`), r.node.name),
              r.progress?.summary ? h("span", { class: "summary" }, r.progress.summary) : null,
            ),
            h("td", { class: "units-col" }, r.node.units.map((u) => u.name).join("、")),
            h(
              "td",
              { class: "num rate" },
              r.progress ? pct(r.progress.completionRate) : "—",
              r.progress?.rateSource === "ITEMS" ? h("span", { class: "rate-source", title: tr("表中未填项目完成率，按各子项目完成率平均", "The table gives no rate for the project: the mean of its sub-items'") }, tr("子项平均", "items' mean")) : null,
            ),
            h("td", { class: `num delta${r.progress?.stalled ? " stalled" : ""}` }, r.progress ? points(r.progress.delta) : "—", r.progress?.stalled ? h("span", { class: "tag" }, tr("停滞", "stalled")) : null),
            h("td", null, r.progress ? lamp(r.progress.light) : "—"),
            h("td", { class: "status-col" }, r.progress ? statusName(r.progress.status) : "—"),
          ),
        ]),
      ),
    ),
  );
}

/**
 * Follows a download link as is, or, when a token is kept (a server whose
 * reads need one), fetches it with the token and saves what came.
 */
export function withToken(e: Event): void {
  const t = token();
  if (!t) return;
  e.preventDefault();
  const a = e.currentTarget as HTMLAnchorElement;
  void (async () => {
    const response = await fetch(a.href, { headers: { authorization: `Bearer ${t}` } });
    if (!response.ok) {
      alert(tr(`下载失败（HTTP ${response.status}）`, `Download failed (HTTP ${response.status})`));
      return;
    }
    const name = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get("content-disposition") ?? "")?.[1];
    const url = URL.createObjectURL(await response.blob());
    const save = h("a", { href: url, download: name ? decodeURIComponent(name) : "" });
    document.body.appendChild(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  })();
}

/** A row of download links. */
export function downloads(items: [string, string | null | undefined][]): HTMLElement | null {
  const present = items.filter((i): i is [string, string] => !!i[1]);
  if (!present.length) return null;
  return h(
    "div",
    { class: "downloads no-print" },
    h("span", null, tr("下载：", "Download: ")),
    present.map(([label, href]) => h("a", { href, download: "", class: "download", onclick: withToken }, label)),
  );
}

/** A page title with the print button. */
export function title(text: string, sub?: string | null, printable = true): HTMLElement {
  return h(
    "div",
    { class: "page-title" },
    h("div", null, h("h1", null, text), sub ? h("p", { class: "sub" }, sub) : null),
    printable ? h("button", { type: "button", class: "no-print", onclick: () => window.print() }, tr("打印", "Print")) : null,
  );
}

/** What a page with no report yet shows. */
export function noReport(ctx: Ctx): HTMLElement {
  return h(
    "div",
    { class: "card empty" },
    h("h1", null, tr("还没有导入任何调度表", "No table has been imported yet")),
    h("p", null, tr("上传一份民生实事项目进展情况调度表后，这里会显示总览。", "Upload a tracking table and the overview appears here.")),
    link(ctx.href("/upload"), tr("去上传", "Upload a table")),
  );
}
