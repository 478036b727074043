// 上传: pick or drop a table; a dry run shows what was read (year, period,
// projects new and updated, every warning with its row and column) before
// the import is confirmed; below, every sync run as it finishes, whatever
// started it (the subscription).
import { ApiError, request, subscribe, token, upload } from "../api";
import { day, fill, h, moment } from "../dom";
import type { RunFragment } from "../generated";
import { apiErrorText, runErrorText, runStatusName, tr, triggerName, warningText } from "../i18n";
import { failure, tokenForm, type Ctx } from "../main";
import { RUN_FINISHED, SYNC_RUNS, UPLOAD } from "../queries";
import { title } from "./common";

const ACCEPT = ".xlsx,.xls,.ods,.docx,.html,.htm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html";

function warnings(run: RunFragment): HTMLElement | null {
  if (!run.warnings.length) return null;
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "warnings" },
      h("caption", null, tr(`读取时发现 ${run.warnings.length} 处需要注意`, `${run.warnings.length} things noticed while reading`)),
      h("thead", null, h("tr", null, h("th", null, tr("工作表", "Sheet")), h("th", { class: "num" }, tr("行", "Row")), h("th", null, tr("列", "Column")), h("th", null, tr("说明", "What was noticed")))),
      h(
        "tbody",
        null,
        run.warnings.map((w) => h("tr", null, h("td", null, w.sheet ?? "—"), h("td", { class: "num" }, w.row ?? "—"), h("td", null, w.column ?? "—"), h("td", { title: w.message }, warningText(w.code, w.message)))),
      ),
    ),
  );
}

/** What a run read and did, as a card. */
function runCard(run: RunFragment, dry: boolean): HTMLElement {
  const failed = run.status === "FAILED";
  const facts: [string, string][] = [
    [tr("标题", "Title"), run.title ?? "—"],
    [tr("发文单位", "Issuer"), run.issuer || "—"],
    [tr("年度", "Year"), run.year ? String(run.year) : "—"],
    [tr("期次", "Period"), run.period ?? "—"],
    [tr("报告日期", "Reporting date"), day(run.asOf)],
    [tr("读取项目行", "Project rows read"), String(run.rowsRead)],
    [dry ? tr("将新增项目", "Projects to create") : tr("新增项目", "Projects created"), String(run.projectsCreated)],
    [dry ? tr("将更新项目", "Projects to update") : tr("更新项目", "Projects updated"), String(run.projectsUpdated)],
  ];
  return h(
    "section",
    { class: `card run run-${run.status.toLowerCase()}`, "data-status": run.status, "aria-live": "polite" },
    h("h2", null, `${runStatusName(run.status)} · ${run.source}`),
    failed && run.error ? h("p", { class: "error", role: "alert" }, runErrorText(run.error.code)) : null,
    failed && run.error ? h("details", null, h("summary", null, tr("技术细节", "Details")), h("p", { lang: "en" }, `${run.error.code}: ${run.error.message}`)) : null,
    failed ? null : h("dl", { class: "facts-grid" }, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    dry && run.outcome === "UNCHANGED"
      ? h("p", { class: "unchanged" }, tr("这份表格与已有报告相同，导入后不会有任何变化。", "This table is the one already held: importing it would change nothing."))
      : null,
    dry && run.replaces && run.outcome !== "UNCHANGED"
      ? h(
          "p",
          { class: "replaces" },
          tr(
            `已有 ${day(run.replaces.asOf)}（${run.replaces.period}）的报告，导入后将以这份表为准，原报告保留为修订版本。`,
            `A report for ${day(run.replaces.asOf)} (${run.replaces.period}) is held; importing makes this table the current one and keeps the old one as a revision.`,
          ),
        )
      : null,
    run.status === "UNCHANGED" ? h("p", null, tr("这份文件之前已经导入过，没有写入新内容。", "This file was imported before; nothing new was written.")) : null,
    warnings(run),
  );
}

function runsList(runs: RunFragment[]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "runs" },
      h("caption", null, tr("最近 20 次，最新在前", "The latest 20, newest first")),
      h(
        "thead",
        null,
        h("tr", null, h("th", null, tr("时间", "When")), h("th", { class: "wide-only" }, tr("来源", "Started by")), h("th", null, tr("文件", "File")), h("th", null, tr("结果", "Result")), h("th", null, tr("报告期", "Period")), h("th", { class: "num wide-only" }, tr("新增/更新", "New/updated")), h("th", { class: "num wide-only" }, tr("提示", "Notes"))),
      ),
      h(
        "tbody",
        null,
        runs.map((r) =>
          h(
            "tr",
            { "data-run": r.id, class: `run-${r.status.toLowerCase()}` },
            h("td", null, moment(r.finishedAt ?? r.startedAt)),
            h(
              "td",
              { class: "wide-only" },
              triggerName(r.trigger),
              r.uploadedBy ? h("span", { class: "who" }, r.uploadedBy) : null,
              r.clientAddress ? h("span", { class: "who" }, r.clientAddress) : null,
            ),
            h("td", { class: "source" }, r.source),
            h(
              "td",
              { class: "result" },
              runStatusName(r.status),
              r.merged ? h("span", { class: "why" }, r.formUnit ? tr(`${r.formUnit}报送，已合并`, `${r.formUnit}'s return, merged`) : tr("已合并", "merged")) : null,
              r.error ? h("span", { class: "why" }, runErrorText(r.error.code)) : null,
            ),
            h("td", null, r.period ? `${r.year ?? ""} ${r.period}` : "—"),
            h("td", { class: "num wide-only" }, `${r.projectsCreated}/${r.projectsUpdated}`),
            h("td", { class: "num wide-only" }, r.warnings.length || ""),
          ),
        ),
      ),
    ),
  );
}

export async function uploadPage(ctx: Ctx): Promise<void> {
  document.title = tr("上传调度表 · shishi", "Upload · shishi");
  if (!token()) {
    fill(ctx.main, 
      title(tr("上传调度表", "Upload a table"), null, false),
      tokenForm(tr("上传需要 API 令牌。", "Uploading needs the API token."), () => ctx.go(ctx.href("/upload"), true)),
    );
    return;
  }
  const runs = await request(SYNC_RUNS, {});
  let list = runs.syncRuns.nodes;
  const listBox = h("div", null, runsList(list));
  const liveState = h("span", { class: "live off" }, tr("连接中…", "Connecting…"));
  const live = subscribe(
    RUN_FINISHED,
    (data) => {
      const run = data.syncRunFinished;
      list = [run, ...list.filter((r) => r.id !== run.id)].slice(0, 20);
      fill(listBox, runsList(list));
    },
    (on) => {
      liveState.className = `live ${on ? "on" : "off"}`;
      liveState.textContent = on ? tr("实时更新中", "Live") : tr("连接已断开，正在重连…", "Disconnected; reconnecting…");
    },
  );
  ctx.onLeave(() => live.close());

  let chosen: File | null = null;
  const result = h("div", { class: "result" });
  const asOf = h("input", { type: "date", name: "asOf" });
  const period = h("input", { type: "text", name: "period", placeholder: tr("如：三季度、1-9月", "e.g. 三季度, 1-9月") });
  const issuer = h("input", { type: "text", name: "issuer", placeholder: tr("如：章丘区", "e.g. 章丘区") });
  const headerRow = h("input", { type: "number", name: "headerRow", min: "1", placeholder: tr("如：3", "e.g. 3") });
  const columns = h("input", {
    type: "text",
    name: "columns",
    placeholder: tr("如：goal=B, units=C, progress=D, rate=E", "e.g. goal=B, units=C, progress=D, rate=E"),
  });
  const overrides = () => ({
    asOf: asOf.value || undefined,
    period: period.value.trim() || undefined,
    issuer: issuer.value.trim() || undefined,
    headerRow: headerRow.value ? Number(headerRow.value) : undefined,
    columns: columns.value.trim() || undefined,
  });
  const busy = (text: string) => fill(result, h("p", { class: "notice notice-loading", role: "status" }, text));
  const refused = (e: unknown) => {
    if (e instanceof ApiError && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) {
      fill(result, tokenForm(apiErrorText(e.code, e.message), () => ctx.go(ctx.href("/upload"), true)));
    } else {
      fill(result, failure(e));
    }
  };
  const confirm = async (file: File) => {
    busy(tr("正在导入…", "Importing…"));
    try {
      const run = (await upload(UPLOAD, { file, dryRun: false, ...overrides() })).uploadSpreadsheet;
      fill(result, 
        runCard(run, false),
        run.status === "SUCCEEDED" && run.report && run.year
          ? h("p", null, h("a", { href: ctx.href("/", { year: run.year }), "data-nav": true, class: "button primary" }, tr("查看总览", "See the overview")))
          : null,
      );
    } catch (e) {
      refused(e);
    }
  };
  const check = async (file: File) => {
    chosen = file;
    busy(tr(`正在预检 ${file.name}…`, `Checking ${file.name}…`));
    try {
      const run = (await upload(UPLOAD, { file, dryRun: true, ...overrides() })).uploadSpreadsheet;
      const ok = run.status === "DRY_RUN" && run.outcome !== "UNCHANGED";
      fill(result, 
        runCard(run, true),
        ok
          ? h(
              "div",
              { class: "actions" },
              h("button", { type: "button", class: "primary", id: "confirm", onclick: () => void confirm(file) }, tr("确认导入", "Import it")),
              h("button", { type: "button", onclick: () => fill(result) }, tr("取消", "Cancel")),
            )
          : run.status === "DRY_RUN"
            ? h("div", { class: "actions" }, h("button", { type: "button", onclick: () => fill(result) }, tr("关闭", "Close")))
            : h("p", { class: "hint" }, tr("请修改表格后重新选择文件。", "Fix the table and choose the file again.")),
      );
    } catch (e) {
      refused(e);
    }
  };
  const input = h("input", {
    type: "file",
    accept: ACCEPT,
    id: "file",
    onchange: (e: Event) => {
      const f = (e.target as HTMLInputElement).files?.[0];
      if (f) void check(f);
    },
  });
  const zone = h(
    "label",
    {
      class: "drop",
      for: "file",
      ondragover: (e: Event) => {
        e.preventDefault();
        zone.classList.add("over");
      },
      ondragleave: () => zone.classList.remove("over"),
      ondrop: (e: Event) => {
        e.preventDefault();
        zone.classList.remove("over");
        const f = (e as DragEvent).dataTransfer?.files?.[0];
        if (f) void check(f);
      },
    },
    h("strong", null, tr("把调度表拖到这里，或点击选择文件", "Drop the table here, or click to choose it")),
    h("span", null, tr("支持 .xlsx、.xls、.ods、.docx 和网页 .html；先预检，确认后才导入", ".xlsx, .xls, .ods, .docx or an .html page; checked first, imported when you confirm")),
  );
  fill(ctx.main, 
    title(tr("上传调度表", "Upload a table"), tr("每期收到的民生实事项目进展情况调度表", "Each period's tracking table"), false),
    h(
      "section",
      { class: "card" },
      zone,
      input,
      h(
        "details",
        { class: "overrides" },
        h("summary", null, tr("标题里没有期次、年份或发文单位，或表头认不出时填写", "When the title names no period, year or issuer, or the header is not recognized")),
        h("label", null, h("span", null, tr("报告日期", "Reporting date")), asOf),
        h("label", null, h("span", null, tr("期次", "Period")), period),
        h("label", null, h("span", null, tr("发文单位", "Issuer")), issuer),
        h("label", null, h("span", null, tr("表头所在行", "Header row")), headerRow),
        h("label", null, h("span", null, tr("各列对应（出错提示里会给出建议）", "Columns (a refusal suggests them)")), columns),
        h("button", { type: "button", onclick: () => chosen && void check(chosen) }, tr("用这些重新预检", "Check again with these")),
      ),
      result,
    ),
    h("section", { class: "card" }, h("h2", null, tr("同步记录", "Sync runs"), " ", liveState), listBox),
  );
}
