// One project: goal, units, a chart of its rate against the expected rate,
// and each period's progress text with its light and change.
import { ApiError, request } from "../api";
import type { ProjectQuery } from "../generated";
import { lineChart } from "../charts";
import { day, fill, h, lamp, link, pct, points } from "../dom";
import { statusName, tr } from "../i18n";
import type { Ctx } from "../main";
import { PROJECT } from "../queries";
import { title } from "./common";

export async function project(ctx: Ctx): Promise<void> {
  let p: ProjectQuery["project"] = null;
  try {
    p = (await request(PROJECT, { id: ctx.id })).project;
  } catch (e) {
    // An id that is no id (a mistyped link) is a project not found.
    if (!(e instanceof ApiError && e.code === "BAD_USER_INPUT")) throw e;
  }
  if (!p) {
    fill(ctx.main, h("h1", null, tr("找不到这个项目", "No such project")), link(ctx.href("/projects"), tr("返回项目列表", "Back to the projects")));
    return;
  }
  document.title = `${p.name} · shishi`;
  const latest = p.history[p.history.length - 1];
  const chart = lineChart(
    p.history.map((e) => e.report.period),
    [
      { name: tr("完成率", "Rate"), kind: "actual", values: p.history.map((e) => e.completionRate) },
      { name: tr("序时进度", "Expected"), kind: "expected", values: p.history.map((e) => e.expectedRate), dashed: true },
    ],
    tr("完成率与序时进度", "Rate and expected rate"),
  );
  fill(ctx.main, 
    h("p", { class: "crumbs no-print" }, link(ctx.href("/projects"), tr("← 项目列表", "← Projects"))),
    title(`${p.serialNo ? `${p.serialNo}${p.serialMark ?? ""}. ` : ""}${p.name}`, tr(`${p.year}年民生实事项目`, `Livelihood project ${p.year}`)),
    h(
      "section",
      { class: "card facts" },
      h(
        "dl",
        null,
        p.category ? [h("dt", null, tr("类别", "Category")), h("dd", { class: "category" }, link(ctx.href("/projects", { category: p.category }), p.category))] : null,
        h("dt", null, tr("任务目标", "Goal")),
        h("dd", { class: "goal" }, p.goal),
        h("dt", null, tr("责任单位", "Units")),
        h("dd", null, p.units.map((u, i) => [i ? "、" : "", link(ctx.href("/projects", { unit: u.name }), u.name)])),
        latest
          ? [
              h("dt", null, tr("最新完成率", "Latest rate")),
              h(
                "dd",
                { class: "latest" },
                h("strong", null, pct(latest.completionRate)),
                " ",
                lamp(latest.light),
                " ",
                statusName(latest.status),
                tr(`（${latest.report.period}，序时进度 ${pct(latest.expectedRate)}）`, ` (${latest.report.period}, expected ${pct(latest.expectedRate)})`),
                latest.rateSource === "ITEMS" ? h("span", { class: "rate-source" }, tr("表中未填项目完成率，为各子项目完成率的平均", "the table gives no rate for the project: the mean of its sub-items'")) : null,
              ),
            ]
          : null,
      ),
    ),
    latest && latest.items.length ? items(latest) : null,
    h("section", { class: "card" }, h("h2", null, tr("完成率走势", "Rate over the year")), chart),
    h(
      "section",
      { class: "card" },
      h("h2", null, tr("各期进展", "Progress by period")),
      h(
        "ol",
        { class: "timeline" },
        [...p.history].reverse().map((e) =>
          h(
            "li",
            null,
            h(
              "div",
              { class: "when" },
              h("strong", null, e.report.period),
              h("span", null, day(e.report.asOf)),
              h("span", { class: "rate" }, pct(e.completionRate)),
              h("span", { class: "delta" }, tr("较上期 ", "change "), points(e.delta)),
              lamp(e.light),
              e.stalled ? h("span", { class: "tag" }, tr("停滞", "stalled")) : null,
            ),
            e.items.length
              ? h("p", { class: "item-rates" }, e.items.map((it, i) => [i ? "；" : "", `${it.name} ${pct(it.completionRate)}`]))
              : null,
            h("p", { class: "detail" }, e.detail || tr("（未填写进展）", "(no progress text)")),
            e.remarks ? h("p", { class: "remarks" }, tr("备注：", "Remarks: "), e.remarks) : null,
          ),
        ),
      ),
    ),
  );
}

type Entry = NonNullable<ProjectQuery["project"]>["history"][number];

/** The latest period's sub-items (子项目, 考核指标) as the table lists them. */
function items(e: Entry): HTMLElement {
  const figure = (v: string | null | undefined, m: string | null | undefined) => (v ? `${v}${m ?? ""}` : "—");
  return h(
    "section",
    { class: "card" },
    h("h2", null, tr(`子项目（${e.report.period}）`, `Sub-items (${e.report.period})`)),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "items" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { class: "num" }, tr("序号", "No.")),
            h("th", null, tr("子项目", "Sub-item")),
            h("th", { class: "units-col" }, tr("责任单位", "Units")),
            h("th", { class: "num" }, tr("目标", "Target")),
            h("th", { class: "num" }, tr("已完成", "Done")),
            h("th", { class: "num" }, tr("完成率", "Rate")),
          ),
        ),
        h(
          "tbody",
          null,
          e.items.map((it, i) =>
            h(
              "tr",
              null,
              h("td", { class: "num" }, it.serial ?? String(i + 1)),
              h("td", { class: "name" }, it.name),
              h("td", { class: "units-col" }, it.units.map((u) => u.name).join("、") || "—"),
              h("td", { class: "num" }, figure(it.target, it.measure)),
              h("td", { class: "num" }, figure(it.done, it.measure)),
              h("td", { class: "num rate" }, it.completionRate === null || it.completionRate === undefined ? it.rawRate || "—" : pct(it.completionRate)),
            ),
          ),
        ),
      ),
    ),
  );
}
