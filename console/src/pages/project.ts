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
    title(`${p.serialNo ? `${p.serialNo}. ` : ""}${p.name}`, tr(`${p.year}年民生实事项目`, `Livelihood project ${p.year}`)),
    h(
      "section",
      { class: "card facts" },
      h(
        "dl",
        null,
        h("dt", null, tr("任务目标", "Goal")),
        h("dd", { class: "goal" }, p.goal),
        h("dt", null, tr("责任单位", "Units")),
        h("dd", null, p.units.map((u, i) => [i ? "、" : "", link(ctx.href("/projects", { unit: u.name }), u.name)])),
        latest
          ? [
              h("dt", null, tr("最新完成率", "Latest rate")),
              h("dd", { class: "latest" }, h("strong", null, pct(latest.completionRate)), " ", lamp(latest.light), " ", statusName(latest.status), tr(`（${latest.report.period}，序时进度 ${pct(latest.expectedRate)}）`, ` (${latest.report.period}, expected ${pct(latest.expectedRate)})`)),
            ]
          : null,
      ),
    ),
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
            h("p", { class: "detail" }, e.detail || tr("（未填写进展）", "(no progress text)")),
            e.remarks ? h("p", { class: "remarks" }, tr("备注：", "Remarks: "), e.remarks) : null,
          ),
        ),
      ),
    ),
  );
}
