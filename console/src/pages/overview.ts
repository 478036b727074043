// 总览: the latest report's figures, the trend, and the projects to look at
// first (RED, then stalled).
import { lineChart } from "../charts";
import { day, fill, h, link, pct } from "../dom";
import { lightName, tr } from "../i18n";
import type { Ctx } from "../main";
import { request } from "../api";
import { OVERVIEW } from "../queries";
import { countOf, downloads, figure, noReport, projectTable, title } from "./common";

export async function overview(ctx: Ctx): Promise<void> {
  if (ctx.year === null) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const year = ctx.year;
  const data = await request(OVERVIEW, { year, issuer: ctx.issuer });
  const s = data.summary;
  document.title = tr(`总览 · ${year}年民生实事`, `Overview · ${year}`);
  if (!s.report) {
    fill(ctx.main, noReport(ctx));
    return;
  }
  const figures = h(
    "section",
    { class: "figures", "aria-label": tr("主要指标", "Figures") },
    figure("period", tr("报告期", "Period"), s.report.period, { sub: day(s.asOf) }),
    figure("expectedRate", tr("序时进度", "Expected by now"), pct(s.expectedRate)),
    figure("projectCount", tr("项目总数", "Projects"), String(s.projectCount), { href: ctx.href("/projects") }),
    figure("completedCount", tr("已完成", "Completed"), String(s.completedCount), { href: ctx.href("/projects", { status: "COMPLETED" }), kind: "done" }),
    figure("averageRate", tr("平均完成率", "Average rate"), pct(s.averageRate)),
    data.collection
      ? figure("returns", tr("报送情况", "Returns"), `${data.collection.returnedCount}/${data.collection.units.length}`, {
          href: ctx.href("/collection"),
          sub: tr(`${data.collection.period}已报`, `returned for ${data.collection.period}`),
        })
      : null,
  );
  const lights = h(
    "section",
    { class: "figures lights", "aria-label": tr("亮灯情况", "Lights") },
    (["GREEN", "YELLOW", "RED"] as const).map((l) =>
      figure(l, lightName(l), String(countOf(s.byLight, l)), {
        kind: l.toLowerCase(),
        href: ctx.href("/projects", { light: l }),
        sub: tr("个项目", "projects"),
      }),
    ),
  );
  const labels = data.trend.map((p) => p.report.period);
  const chart = h(
    "section",
    { class: "card" },
    h("h2", null, tr("完成率走势", "Rate over the year")),
    data.trend.length
      ? lineChart(
          labels,
          [
            { name: tr("平均完成率", "Average rate"), kind: "actual", values: data.trend.map((p) => p.averageRate) },
            { name: tr("序时进度", "Expected"), kind: "expected", values: data.trend.map((p) => p.expectedRate), dashed: true },
          ],
          tr("平均完成率与序时进度", "Average rate and expected rate"),
        )
      : null,
    h(
      "table",
      { class: "compact trend" },
      h("thead", null, h("tr", null, h("th", null, tr("报告期", "Period")), h("th", { class: "date-col" }, tr("日期", "Date")), h("th", { class: "num" }, tr("平均完成率", "Average")), h("th", { class: "num" }, tr("序时进度", "Expected")), h("th", { class: "num" }, tr("已完成", "Completed")))),
      h(
        "tbody",
        null,
        data.trend.map((p) =>
          h("tr", null, h("td", null, p.report.period), h("td", { class: "date-col nowrap" }, day(p.asOf)), h("td", { class: "num" }, pct(p.averageRate)), h("td", { class: "num" }, pct(p.expectedRate)), h("td", { class: "num" }, `${p.completedCount}/${p.projectCount}`)),
        ),
      ),
    ),
  );
  const red = h(
    "section",
    { class: "card", id: "red" },
    h("h2", null, tr(`红灯项目（${data.red.totalCount}）`, `Red projects (${data.red.totalCount})`)),
    data.red.totalCount
      ? projectTable(ctx, data.red.edges, tr("落后序时进度 30 个百分点以上，或完成率无法读取", "More than 30 points behind, or no readable rate"))
      : h("p", { class: "ok" }, tr("没有红灯项目。", "No red projects.")),
    data.red.totalCount > data.red.edges.length ? link(ctx.href("/projects", { light: "RED" }), tr("查看全部红灯项目", "All red projects")) : null,
  );
  const stalled = h(
    "section",
    { class: "card", id: "stalled" },
    h("h2", null, tr(`停滞项目（${data.stalled.totalCount}）`, `Stalled projects (${data.stalled.totalCount})`)),
    data.stalled.totalCount
      ? projectTable(ctx, data.stalled.edges, tr("未完成，且完成率与上期相同", "Not completed, and the rate has not moved since the last report"))
      : h("p", { class: "ok" }, tr("没有停滞项目。", "No stalled projects.")),
    data.stalled.totalCount > data.stalled.edges.length ? link(ctx.href("/projects", { stalled: "true" }), tr("查看全部停滞项目", "All stalled projects")) : null,
  );
  // The city view: every issuer of the year ranked, when there are several.
  const city =
    data.city.issuers.length > 1
      ? h(
          "section",
          { class: "card", id: "city" },
          h("h2", null, tr(`各地区排名（${data.city.issuers.length} 个发文单位）`, `Issuers ranked (${data.city.issuers.length})`)),
          h(
            "table",
            { class: "compact" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", { class: "num" }, tr("名次", "Rank")),
                h("th", null, tr("发文单位", "Issuer")),
                h("th", { class: "date-col" }, tr("报告期", "Period")),
                h("th", { class: "num" }, tr("平均完成率", "Average")),
                h("th", { class: "num" }, tr("已完成", "Completed")),
                h("th", { class: "num" }, tr("红灯", "Red")),
              ),
            ),
            h(
              "tbody",
              null,
              data.city.issuers.map((i) =>
                h(
                  "tr",
                  { "aria-current": (i.issuer ?? "") === ctx.issuer ? "true" : null },
                  h("td", { class: "num" }, String(i.rank)),
                  h("td", null, h("a", { href: `/?year=${year}&issuer=${encodeURIComponent(i.issuer ?? "")}`, "data-nav": true }, i.issuer ?? tr("（未注明）", "(unnamed)"))),
                  h("td", { class: "nowrap date-col" }, `${i.report.period}（${day(i.asOf)}）`),
                  h("td", { class: "num" }, pct(i.averageRate)),
                  h("td", { class: "num" }, `${i.completedCount}/${i.projectCount}`),
                  h("td", { class: "num" }, String(countOf(i.byLight, "RED"))),
                ),
              ),
            ),
            h(
              "tfoot",
              null,
              h(
                "tr",
                null,
                h("td", null, ""),
                h("th", null, tr("合计", "All")),
                h("td", { class: "date-col" }, ""),
                h("td", { class: "num" }, pct(data.city.total.averageRate)),
                h("td", { class: "num" }, `${data.city.total.completedCount}/${data.city.total.projectCount}`),
                h("td", null, ""),
              ),
            ),
          ),
        )
      : null;
  const who = ctx.issuer ?? "";
  fill(ctx.main,
    title(tr(`${who}${year}年民生实事项目总览`, `Livelihood projects ${year}${who ? ` · ${who}` : ""}`), s.report.title),
    city,
    downloads([
      [tr("本期调度表", "This report (xlsx)"), s.report.exportUrl],
      [tr("本期通报（Word）", "This period's bulletin (Word)"), data.exports?.bulletinUrl],
      [tr("督办单（Word）", "Notices to units behind pace (Word)"), data.exports?.noticesUrl],
      [tr("下期填报表", "Next period's form"), data.exports?.nextPeriodUrl],
      [tr("全年进展历史", "History (xlsx)"), data.exports?.historyXlsxUrl],
      [tr("历史 CSV", "History (CSV)"), data.exports?.historyCsvUrl],
    ]),
    figures,
    lights,
    red,
    stalled,
    chart,
  );
}
