// 项目: the year's projects, filtered (unit, light, status, stalled, search),
// sorted and paged; every choice is in the URL.
import { request } from "../api";
import { fill, h } from "../dom";
import type { Light, ProgressStatus, ProjectOrderField } from "../generated";
import { lightName, statusName, tr } from "../i18n";
import type { Ctx } from "../main";
import { PROJECTS } from "../queries";
import { downloads, noReport, projectTable, title } from "./common";

const SIZES = [10, 20, 50, 100];
const LIGHTS: Light[] = ["GREEN", "YELLOW", "RED"];
const STATUSES: ProgressStatus[] = ["NOT_STARTED", "IN_PROGRESS", "COMPLETED"];
const SORTS: [ProjectOrderField, string, string][] = [
  ["SERIAL", "序号", "No."],
  ["RATE", "完成率", "Rate"],
  ["RATE_CHANGE", "较上期变化", "Change"],
  ["LIGHT", "亮灯", "Light"],
  ["NAME", "名称", "Name"],
];

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export async function projects(ctx: Ctx): Promise<void> {
  if (ctx.year === null) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const p = ctx.params;
  const unit = p.get("unit") || undefined;
  const light = pick(p.get("light"), LIGHTS);
  const status = pick(p.get("status"), STATUSES);
  const stalled = p.get("stalled") === "true" ? true : undefined;
  const search = p.get("q")?.trim() || undefined;
  const category = p.get("category") || undefined;
  const sort = pick(p.get("sort"), SORTS.map((s) => s[0])) ?? "SERIAL";
  const desc = p.get("dir") === "desc";
  const page = Math.max(1, Math.floor(Number(p.get("page")) || 1));
  const size = SIZES.find((s) => s === Number(p.get("size"))) ?? 20;
  const data = await request(PROJECTS, {
    year: ctx.year,
    issuer: ctx.issuer,
    unit,
    light,
    status,
    stalled,
    search,
    category,
    orderBy: { field: sort, direction: desc ? "DESC" : "ASC" },
    first: size,
    offset: (page - 1) * size,
  });
  document.title = tr(`项目 · ${ctx.year}年民生实事`, `Projects · ${ctx.year}`);
  const current = { unit, light, status, stalled: stalled ? "true" : undefined, q: search, category, sort: sort === "SERIAL" ? undefined : sort, dir: desc ? "desc" : undefined, size: size === 20 ? undefined : String(size) };
  const to = (changes: Record<string, string | number | undefined>) => ctx.href("/projects", { ...current, ...changes });

  const select = (name: string, label: string, options: [string, string][], value: string | undefined) =>
    h(
      "label",
      null,
      h("span", null, label),
      h("select", { name }, h("option", { value: "" }, tr("全部", "All")), options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))),
    );
  const form = h(
    "form",
    {
      class: "filters no-print",
      role: "search",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = new FormData(e.target as HTMLFormElement);
        const get = (k: string) => (f.get(k) as string | null) || undefined;
        ctx.go(to({ unit: get("unit"), light: get("light"), status: get("status"), stalled: get("stalled"), q: get("q")?.trim() || undefined, sort: get("sort") === "SERIAL" ? undefined : get("sort"), dir: get("dir"), size: get("size") === "20" ? undefined : get("size"), page: undefined }));
      },
      onchange: (e: Event) => {
        if ((e.target as HTMLElement).tagName === "SELECT") (e.currentTarget as HTMLFormElement).requestSubmit();
      },
    },
    h("label", { class: "search" }, h("span", null, tr("搜索", "Search")), h("input", { type: "search", name: "q", value: search ?? "", placeholder: tr("项目名称、目标或进展", "Name, goal or progress") })),
    select("unit", tr("责任单位", "Unit"), data.units.map((u) => [u.name, u.name]), unit),
    select("light", tr("亮灯", "Light"), LIGHTS.map((l) => [l, lightName(l)]), light),
    select("status", tr("状态", "Status"), STATUSES.map((s) => [s, statusName(s)]), status),
    select("stalled", tr("停滞", "Stalled"), [["true", tr("仅停滞项目", "Stalled only")]], stalled ? "true" : undefined),
    h(
      "label",
      null,
      h("span", null, tr("排序", "Sort by")),
      h("select", { name: "sort" }, SORTS.map(([v, zh, en]) => h("option", { value: v, selected: v === sort }, tr(zh, en)))),
    ),
    h(
      "label",
      null,
      h("span", null, tr("顺序", "Order")),
      h("select", { name: "dir" }, h("option", { value: "" }, tr("升序", "Ascending")), h("option", { value: "desc", selected: desc }, tr("降序", "Descending"))),
    ),
    h(
      "label",
      null,
      h("span", null, tr("每页", "Per page")),
      h("select", { name: "size" }, SIZES.map((n) => h("option", { value: n, selected: n === size }, String(n)))),
    ),
    h("button", { type: "submit", class: "primary" }, tr("查询", "Apply")),
    h("a", { href: ctx.href("/projects"), "data-nav": true, class: "reset" }, tr("清除条件", "Clear")),
  );

  const total = data.projects.totalCount;
  const pages = Math.max(1, Math.ceil(total / size));
  if (page > pages) {
    // A shared link to a page that no longer exists: its last page.
    ctx.go(to({ page: pages > 1 ? pages : undefined }), true);
    return;
  }
  const pager = h(
    "nav",
    { class: "pager no-print", "aria-label": tr("分页", "Pages") },
    page > 1 ? h("a", { href: to({ page: page - 1 }), "data-nav": true, rel: "prev" }, tr("上一页", "Previous")) : h("span", { class: "disabled" }, tr("上一页", "Previous")),
    h("span", { class: "where" }, tr(`第 ${page} / ${pages} 页，共 ${total} 个项目`, `Page ${page} of ${pages}, ${total} projects`)),
    page < pages ? h("a", { href: to({ page: page + 1 }), "data-nav": true, rel: "next" }, tr("下一页", "Next")) : h("span", { class: "disabled" }, tr("下一页", "Next")),
  );
  const chosen = [category, unit, light && lightName(light), status && statusName(status), stalled && tr("停滞", "stalled"), search && `“${search}”`].filter(Boolean).join(" · ");
  fill(ctx.main, 
    title(tr(`${ctx.year}年项目`, `Projects ${ctx.year}`), chosen || null),
    form,
    downloads([[unit ? tr(`${unit}的下期填报表`, `Next period's form for ${unit}`) : tr("下期填报表", "Next period's form"), data.exports?.nextPeriodUrl]]),
    total
      ? projectTable(ctx, data.projects.edges, tr(`符合条件的项目 ${total} 个`, `${total} projects match`))
      : h("p", { class: "notice notice-empty" }, tr("没有符合条件的项目。", "No project matches.")),
    pager,
  );
}
