// Chinese first, English on request: every text is written in both where
// it is used (tr("总览", "Overview")), and the codes the API answers with
// (enums, error codes) are translated here. The choice is kept in
// localStorage.
import type { Light, ProgressStatus, SyncStatus, SyncTrigger } from "./generated";

export type Lang = "zh" | "en";
const KEY = "shishi.lang";

function stored(): Lang {
  try {
    return localStorage.getItem(KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

let current: Lang = stored();

export function lang(): Lang {
  return current;
}

export function setLang(value: Lang): void {
  current = value;
  try {
    localStorage.setItem(KEY, value);
  } catch {
    // Not kept: this page only.
  }
  document.documentElement.lang = value === "zh" ? "zh-CN" : "en";
}

/** The text in the language chosen. */
export function tr(zh: string, en: string): string {
  return current === "zh" ? zh : en;
}

const LIGHTS: Record<Light, [string, string]> = {
  GREEN: ["绿灯", "Green"],
  YELLOW: ["黄灯", "Yellow"],
  RED: ["红灯", "Red"],
};
const STATUSES: Record<ProgressStatus, [string, string]> = {
  NOT_STARTED: ["未开工", "Not started"],
  IN_PROGRESS: ["推进中", "In progress"],
  COMPLETED: ["已完成", "Completed"],
};
const RUN_STATUSES: Record<SyncStatus, [string, string]> = {
  RUNNING: ["进行中", "Running"],
  SUCCEEDED: ["已导入", "Imported"],
  UNCHANGED: ["未变化（已导入过）", "Unchanged (imported before)"],
  FAILED: ["失败", "Failed"],
  DRY_RUN: ["预检", "Dry run"],
};
const TRIGGERS: Record<SyncTrigger, [string, string]> = {
  UPLOAD: ["上传", "Upload"],
  SCHEDULE: ["定时同步", "Schedule"],
  MANUAL: ["手动同步", "Manual sync"],
  CLI: ["命令行", "Command line"],
  EXAMPLE: ["内置示例", "Bundled example"],
};

export const lightName = (l: Light) => tr(...LIGHTS[l]);
export const statusName = (s: ProgressStatus) => tr(...STATUSES[s]);
export const runStatusName = (s: SyncStatus) => tr(...RUN_STATUSES[s]);
export const triggerName = (t: SyncTrigger) => tr(...TRIGGERS[t]);

/** What a FAILED run's code means and what to do, in plain words. */
const RUN_ERRORS: Record<string, [string, string]> = {
  EMPTY_FILE: ["文件是空的（0 字节）。请重新导出表格后上传保存好的文件。", "The file is empty. Export the table again and upload the saved file."],
  NOT_A_SPREADSHEET: ["这不是可读取的表格文件。请上传 .xlsx、.xls、.ods、.docx 或网页（.html）格式的调度表。", "Not a table shishi reads. Upload it as .xlsx, .xls, .ods, .docx or an .html page."],
  OUTSIDE_UNIT: ["单位令牌只能上传本单位牵头或参与的项目，表中有其他单位的项目，未导入。", "A unit's token uploads only its own projects; the table holds another unit's, so nothing was imported."],
  UNSUPPORTED_FORMAT: ["不支持 .doc、.wps、.et 格式。请在 Word、WPS 或 Excel 中另存为 .docx 或 .xlsx 后再上传。", "The .doc, .wps and .et formats are not read. Save the file as .docx or .xlsx and upload that."],
  UNREADABLE_FILE: ["文件无法读取，可能已损坏或不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。", "The file cannot be read; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload that copy."],
  PASSWORD_PROTECTED: ["文件设有密码。请取消密码保护后再上传。", "The file is password protected. Remove the password and upload it again."],
  TOO_LARGE: ["文件或工作表过大，超出服务器的限制。", "The file or a sheet is larger than the server accepts."],
  ARCHIVE_TOO_LARGE: ["文件解压后过大，超出服务器的限制。", "The file unpacks to more than the server accepts."],
  NO_HEADER: ["找不到表头：表格前 30 行里应有“任务目标”以及“序号、责任单位、进展情况、完成率”中的至少两列。请检查表头文字。", "No header row: the first 30 rows need 任务目标 and two of 序号, 责任单位, 进展情况, 完成率."],
  NO_PROJECT_ROWS: ["表头下面没有项目行。", "The header has no project rows under it."],
  NO_YEAR: ["标题和文件名里都没有年份。请在标题写明年份（如“2025年…”），或在下方填写报告日期。", "No year in the title or file name. Put it in the title, or give the reporting date below."],
  NO_PERIOD: ["标题和文件名里都没有期次。请在标题写明期次（如“二季度”“1-6月”），或在下方填写期次和报告日期。", "No period in the title or file name. Put it in the title, or give the period and date below."],
  BAD_ISSUER: ["填写的发文单位不是一个名称，请写表头上的单位名，如“章丘区”（不超过64字）。", "The issuer given is not a name; write the issuing body as its tables print it, e.g. 章丘区."],
  BAD_MAPPING: ["指定的表头行或列对不上任何工作表，请对照表格核对行号、列字母或表头文字。", "The header row or columns given fit no sheet; check them against the table."],
  BAD_PERIOD: ["填写的期次无法识别，请写“二季度”“1-6月”“上半年”这样的期次。", "The period given names no period; write e.g. 二季度, 1-6月, 上半年."],
  DUPLICATE_PROJECT: ["有两行是同一个项目。请合并或删除重复的行。", "Two rows name the same project. Merge or remove the repeated row."],
  SOURCE_UNREADABLE: ["同步来源无法读取（文件或文件夹不存在或无权限）。", "The sync source cannot be read."],
  HTTP_STATUS: ["同步地址返回了错误状态。", "The sync URL answered with an error status."],
  HTTP_TIMEOUT: ["同步地址没有及时响应。", "The sync URL did not answer in time."],
  HTTP_ERROR: ["无法从同步地址获取文件。", "The file could not be fetched from the sync URL."],
  INTERRUPTED: ["导入过程中服务器停止了，没有写入任何内容。请重新上传。", "The server stopped during the import; nothing was written. Upload again."],
  INTERNAL: ["数据库拒绝了这次导入，没有写入任何内容。请联系管理员查看服务器日志。", "The database refused the import; nothing was written. The server log has the details."],
};

/** What an API refusal means for the person at the page. */
const API_ERRORS: Record<string, [string, string]> = {
  UNAUTHENTICATED: ["需要 API 令牌。", "An API token is needed."],
  FORBIDDEN: ["API 令牌不正确。请向管理员确认服务器使用的令牌。", "The API token is not valid."],
  TOO_LARGE: ["文件超过服务器允许的大小。", "The file is larger than the server accepts."],
  BUSY: ["服务器正忙，请稍后再试。", "The server is busy; try again shortly."],
  NETWORK: ["无法连接服务器，请检查网络后重试。", "The server cannot be reached."],
  REQUEST_TIMEOUT: ["上传超时，请重试。", "The upload timed out; try again."],
};

export function runErrorText(code: string): string {
  const known = RUN_ERRORS[code];
  return known ? tr(...known) : tr(`导入失败（${code}）。`, `The import failed (${code}).`);
}

export function apiErrorText(code: string, message: string): string {
  const known = API_ERRORS[code];
  return known ? tr(...known) : tr(`请求失败（${code}）。`, `The request failed (${code}): ${message}`);
}

/** What a reader's warning says, in plain words (the API's message in English). */
const WARNINGS: Record<string, string> = {
  SERIAL_REPEATED: "序号与前面某一行重复；两行都已导入，按项目名称区分。",
  SERIAL_OUT_OF_SEQUENCE: "序号不连续（可能填错）；该行照常导入。",
  NO_GOAL: "这一行有序号但没有任务目标，已跳过。",
  STRAY_ROW: "这一行没有序号和任务目标，上面也没有可接续的项目，已跳过。",
  RATE_APPROXIMATE: "完成率不是确切数字（约数或文字），已按近似值读取。",
  RATE_EMPTY: "完成率为空，按“无完成率”保存。",
  RATE_OUT_OF_RANGE: "完成率超出 0～100%，按“无完成率”保存，原文保留。",
  RATE_UNREADABLE: "完成率无法识别为数字，按“无完成率”保存，原文保留。",
  SHEET_SKIPPED: "这个工作表也有一张表，但期次不同，未并入本次导入；请单独导入。",
  PROJECT_MERGED: "该项目在多个工作表中出现，已合并为一个项目（责任单位与进展合并，保留第一个完成率）。",
  OUTSIDE_FORM: "这一行不是该单位填报表中的项目，已照常导入，请核对。",
  FORM_MARK_UNREADABLE: "表中有名为 shishi 的工作表，但不是可识别的填报表标记，已按完整表格导入。",
  ISSUER_UNNAMED: "表格标题没有写明区县，而本年度已有多个区县的表格：这张表单独保存，未并入任何区县；请指定区县后再导入一次。",
};

export function warningText(code: string | null, message: string): string {
  if (lang() === "en") return message;
  return (code && WARNINGS[code]) || "读取时发现需要注意的地方（详见英文说明）。";
}
