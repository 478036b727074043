// 单位（红黄榜）: units ranked by average rate, the best and worst few, and a
// chart of every unit against the expected rate.
import { request } from "../api";
import { barChart } from "../charts";
import { day, fill, h, link, pct } from "../dom";
import type { FiguresFragment } from "../generated";
import { tr } from "../i18n";
import type { Ctx } from "../main";
import { UNITS } from "../queries";
import { countOf, downloads, noReport, title, withToken } from "./common";

/** A unit's 督办单 (Word), when it has projects lit red or yellow. */
function notice(u: FiguresFragment, notices: string | null | undefined): HTMLElement | null {
  if (!notices || countOf(u.byLight, "RED") + countOf(u.byLight, "YELLOW") === 0) return null;
  const href = `${notices}&unit=${encodeURIComponent(u.unit.name)}`;
  return h("a", { href, download: "", class: "download notice", onclick: withToken, title: tr(`${u.unit.name}的督办单`, `Notice to ${u.unit.name}`) }, tr("督办单", "Notice"));
}

function table(ctx: Ctx, rows: FiguresFragment[], caption: string, cls = "", notices?: string | null): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: `units ${cls}` },
      h("caption", null, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { class: "num" }, tr("名次", "Rank")),
          h("th", null, tr("单位", "Unit")),
          h("th", { class: "num" }, tr("项目", "Projects")),
          h("th", { class: "num" }, tr("已完成", "Done")),
          h("th", { class: "num" }, tr("平均完成率", "Average")),
          h("th", { class: "num light-col" }, tr("绿", "G")),
          h("th", { class: "num light-col" }, tr("黄", "Y")),
          h("th", { class: "num light-col" }, tr("红", "R")),
          notices ? h("th", { class: "no-print" }, tr("督办", "Notice")) : null,
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((u) =>
          h(
            "tr",
            null,
            h("td", { class: "num" }, u.rank),
            h("td", null, link(ctx.href("/projects", { unit: u.unit.name }), u.unit.name)),
            h("td", { class: "num" }, u.projectCount),
            h("td", { class: "num" }, u.completedCount),
            h("td", { class: "num rate" }, pct(u.averageRate)),
            h("td", { class: "num light-col green" }, countOf(u.byLight, "GREEN")),
            h("td", { class: "num light-col yellow" }, countOf(u.byLight, "YELLOW")),
            h("td", { class: "num light-col red" }, countOf(u.byLight, "RED")),
            notices ? h("td", { class: "no-print" }, notice(u, notices)) : null,
          ),
        ),
      ),
    ),
  );
}

export async function units(ctx: Ctx): Promise<void> {
  if (ctx.year === null) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const data = await request(UNITS, { year: ctx.year, issuer: ctx.issuer });
  const r = data.unitRanking;
  document.title = tr(`红黄榜 · ${ctx.year}年民生实事`, `Units · ${ctx.year}`);
  if (!r.asOf) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const expected = data.summary.expectedRate;
  const kind = (v: number | null) => {
    if (v === null || expected === null) return "red";
    if (v >= 100 || expected - v < 10) return "green";
    return expected - v <= 30 ? "yellow" : "red";
  };
  fill(ctx.main, 
    title(tr(`${ctx.year}年责任单位红黄榜`, `Units ranked, ${ctx.year}`), tr(`${data.summary.report?.period ?? ""}（截至${day(r.asOf)}），按平均完成率排名`, `${data.summary.report?.period ?? ""} (as of ${day(r.asOf)}), by average rate`)),
    downloads([
      [tr("全年进展历史（含红黄榜）", "History with the ranking (xlsx)"), data.exports?.historyXlsxUrl],
      [tr("全部督办单（Word）", "Every notice (Word)"), data.exports?.noticesUrl],
    ]),
    h(
      "div",
      { class: "boards" },
      h("section", { class: "card board best" }, h("h2", null, tr("红榜（前 5 名）", "Best 5")), table(ctx, r.best, tr("平均完成率最高的单位", "Highest average rate"))),
      h("section", { class: "card board worst" }, h("h2", null, tr("黄榜（后 5 名）", "Worst 5")), table(ctx, r.worst, tr("平均完成率最低的单位", "Lowest average rate"))),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", null, tr("各单位平均完成率", "Average rate per unit")),
      h("p", { class: "hint" }, tr(`竖线为序时进度 ${pct(expected)}`, `The line marks the expected rate, ${pct(expected)}`)),
      barChart(
        r.units.map((u) => ({ label: u.unit.name, value: u.averageRate, kind: kind(u.averageRate) })),
        expected,
        tr("各单位平均完成率", "Average rate per unit"),
      ),
    ),
    h("section", { class: "card" }, h("h2", null, tr("全部单位", "Every unit")), table(ctx, r.units, tr(`共 ${r.units.length} 个单位`, `${r.units.length} units`), "all", data.exports?.noticesUrl)),
  );
}
