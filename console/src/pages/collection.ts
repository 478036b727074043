// 报送情况: which units have returned the period's form and which have not,
// each missing unit's form to download, and the deadline.
import { request } from "../api";
import { day, fill, h, link } from "../dom";
import { tr } from "../i18n";
import type { Ctx } from "../main";
import { COLLECTION } from "../queries";
import { downloads, noReport, title, withToken } from "./common";

function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function collection(ctx: Ctx): Promise<void> {
  if (ctx.year === null) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const data = await request(COLLECTION, { year: ctx.year, issuer: ctx.issuer });
  const c = data.collection;
  document.title = tr(`报送情况 · ${ctx.year}年民生实事`, `Returns · ${ctx.year}`);
  if (!c) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const form = data.exports?.nextPeriodUrl;
  const formOf = (unit: string) => (form ? `${form}${form.includes("?") ? "&" : "?"}unit=${encodeURIComponent(unit)}` : null);
  const overdue = c.deadline !== null && c.deadline !== undefined && new Date(c.deadline).getTime() < Date.now();
  const missing = c.units.filter((u) => !u.returned);
  const returned = c.units.filter((u) => u.returned);
  const table = (rows: typeof c.units, done: boolean) =>
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: `returns ${done ? "returned" : "missing"}` },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", null, tr("单位", "Unit")),
            h("th", { class: "num" }, tr("牵头项目", "Projects led")),
            done ? h("th", null, tr("报送时间", "Returned at")) : h("th", { class: "no-print" }, tr("填报表", "Form")),
            done ? h("th", null, tr("来源", "Source")) : null,
          ),
        ),
        h(
          "tbody",
          null,
          rows.map((u) =>
            h(
              "tr",
              null,
              h("td", null, link(ctx.href("/projects", { unit: u.unit.name }), u.unit.name)),
              h("td", { class: "num" }, u.projectCount),
              done
                ? h("td", null, when(u.returnedAt))
                : h("td", { class: "no-print" }, formOf(u.unit.name) ? h("a", { href: formOf(u.unit.name), download: "", class: "download", onclick: withToken }, tr("下载填报表", "Download the form")) : "—"),
              done ? h("td", { class: "source" }, u.run?.source ?? "—") : null,
            ),
          ),
        ),
      ),
    );
  fill(
    ctx.main,
    title(
      tr(`${c.year}年${c.period}报送情况`, `Returns for ${c.period} ${c.year}`),
      tr(`截至${day(c.asOf)}；已报 ${c.returnedCount}/${c.units.length}`, `as of ${day(c.asOf)}; ${c.returnedCount} of ${c.units.length} returned`),
    ),
    h(
      "section",
      { class: `card deadline${overdue && missing.length ? " overdue" : ""}` },
      h("strong", null, tr("报送截止时间：", "Deadline: ")),
      c.deadline ? when(c.deadline) : tr("未设置", "not set"),
      overdue && missing.length ? h("span", { class: "tag" }, tr(`已逾期，${missing.length} 个单位未报`, `overdue, ${missing.length} missing`)) : null,
    ),
    downloads([[tr("全部单位填报表", "Every unit's form"), form]]),
    h("section", { class: "card" }, h("h2", null, tr(`未报（${missing.length}）`, `Missing (${missing.length})`)), missing.length ? table(missing, false) : h("p", { class: "notice" }, tr("全部单位已报送。", "Every unit has returned its form."))),
    h("section", { class: "card" }, h("h2", null, tr(`已报（${returned.length}）`, `Returned (${returned.length})`)), returned.length ? table(returned, true) : h("p", { class: "notice" }, tr("还没有单位报送。", "No unit has returned its form yet."))),
  );
}
