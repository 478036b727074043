//! The office's documents, drafted from what shishi holds, as Word files
//! it edits and sends: the 通报 (a period's bulletin to the units and
//! leaders) and the 督办单 (a notice to each unit behind pace). Laid out as
//! official documents are (GB/T 9704): A4 with the standard margins, the
//! title in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 on a 28-point line,
//! headings 一、 in 黑体 and （一） in 楷体_GB2312, the page number "— 1 —" at
//! the foot. Every figure comes from the service functions that answer
//! `summary`, `unitRanking` and `issuerRanking`; the fixed sentences come
//! from a [`Template`] the office may edit (`--bulletin-template`).

use chrono::{Datelike, NaiveDate};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType,
};
use serde::Deserialize;

use crate::domain::{Light, ProgressStatus};
use crate::service::reports::TableRow as ReportRow;
use crate::service::summary::{Figures, IssuerFigures, UnitFigures};

/// The sentences a bulletin and a notice say every period; `{year}`,
/// `{period}`, `{date}` and `{issuer}` are filled in. Read from a TOML file
/// (`--bulletin-template`); a key it leaves out keeps its default.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Template {
    /// Who the bulletin is addressed to.
    pub addressee: String,
    /// The opening sentence, before 一、总体情况.
    pub opening: String,
    /// The standing demands, one paragraph each.
    pub demands: Vec<String>,
    /// The issuing office, signed under the text.
    pub office: String,
    /// Days a unit has to reply to its 督办单, from the day it is drafted.
    pub reply_days: u32,
    /// Units in each of the 红榜 and the 黄榜.
    pub ranking_size: usize,
}

impl Default for Template {
    fn default() -> Self {
        Self {
            addressee: "各责任单位：".to_owned(),
            opening: "为进一步压实责任、加快推进{year}年民生实事项目，现将截至{date}各项目进展情况通报如下：".to_owned(),
            demands: vec![
                "进度慢于序时的项目责任单位要倒排时间节点，逐项分析滞后原因，制定整改措施，确保按期完成年度任务。".to_owned(),
                "各牵头单位要加强与配合单位的沟通协调，及时解决项目推进中遇到的困难和问题。".to_owned(),
                "各责任单位要按时报送项目进展情况，确保数据真实、准确、完整。".to_owned(),
            ],
            office: "{issuer}民生实事项目推进工作办公室".to_owned(),
            reply_days: 5,
            ranking_size: 5,
        }
    }
}

impl Template {
    /// Reads a template file's text; what it does not name keeps its
    /// default.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t: Self = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        if t.ranking_size == 0 || t.ranking_size > 50 {
            return Err(format!(
                "ranking_size = {} is out of range; give 1 to 50",
                t.ranking_size
            ));
        }
        if t.reply_days > 365 {
            return Err(format!("reply_days = {} is more than a year", t.reply_days));
        }
        Ok(t)
    }

    fn fill(&self, text: &str, p: &Period<'_>) -> String {
        text.replace("{year}", &p.year.to_string())
            .replace("{period}", p.label)
            .replace("{date}", &md(p.as_of))
            .replace("{issuer}", p.issuer)
    }
}

/// Which period a document is of.
pub struct Period<'a> {
    /// The issuer ("" for the tables naming none).
    pub issuer: &'a str,
    /// The year.
    pub year: i32,
    /// The period as the table names it (三季度, 截至9月底).
    pub label: &'a str,
    /// The report's date.
    pub as_of: NaiveDate,
    /// 序时进度 at that date.
    pub expected: f64,
}

/// One project as the documents name it.
#[derive(Clone, Debug)]
pub struct Named {
    /// 序号.
    pub serial: Option<i32>,
    /// The name.
    pub name: String,
    /// Its units, lead first.
    pub units: Vec<String>,
    /// Its rate, when readable.
    pub rate: Option<f64>,
    /// Its light.
    pub light: Light,
    /// COMPLETED.
    pub completed: bool,
    /// The first sentence of its progress text.
    pub said: String,
}

impl Named {
    /// A report's row as the documents name it.
    pub fn of(row: &ReportRow) -> Self {
        let p = &row.entry.progress;
        Self {
            serial: p.serial_no,
            name: row.project.name.clone(),
            units: row.units.clone(),
            rate: p.completion_rate,
            light: row.entry.light(),
            completed: row.entry.status() == ProgressStatus::Completed,
            said: first_sentence(&p.detail),
        }
    }

    /// Slower than 序时进度 and not completed (no readable rate counts as
    /// slower).
    pub fn behind(&self, expected: f64) -> bool {
        !self.completed && self.rate.is_none_or(|r| r < expected)
    }

    fn lead(&self) -> &str {
        self.units.first().map_or("", String::as_str)
    }
}

/// What a bulletin says, gathered before it is written.
pub struct Bulletin<'a> {
    /// The period.
    pub period: Period<'a>,
    /// The report's figures.
    pub figures: &'a Figures,
    /// The previous report's label and figures, for the change.
    pub previous: Option<(&'a str, &'a Figures)>,
    /// The report's projects in table order.
    pub projects: &'a [Named],
    /// The units ranked, best first.
    pub ranking: &'a [UnitFigures],
    /// The issuers ranked (the city view), when the year holds several.
    pub issuers: &'a [IssuerFigures],
}

// Sizes in half-points; lengths in twentieths of a point.
const SIZE_2: usize = 44; // 二号, 22 pt
const SIZE_3: usize = 32; // 三号, 16 pt
const SIZE_4: usize = 28; // 四号, 14 pt
const SIZE_SMALL_4: usize = 24; // 小四, 12 pt
const LINE_28: i32 = 560;
const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn line_28() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_28)
}

/// A body paragraph, its first line indented two characters.
fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_3))
        .line_spacing(line_28())
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(640)),
            None,
            None,
        )
}

/// A paragraph of runs (font, text), first line indented.
fn body_runs(runs: &[(&str, &str)]) -> Paragraph {
    let mut p = Paragraph::new().line_spacing(line_28()).indent(
        None,
        Some(docx_rs::SpecialIndentType::FirstLine(640)),
        None,
        None,
    );
    for (font, text) in runs {
        p = p.add_run(run(text, font, SIZE_3));
    }
    p
}

fn heading(text: &str) -> Paragraph {
    body_runs(&[(HEADING_FONT, text)])
}

fn subheading(text: &str) -> Paragraph {
    body_runs(&[(SUBHEADING_FONT, text)])
}

fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, TITLE_FONT, SIZE_2))
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(360)
                .after(320),
        )
}

fn plain(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, SIZE_3))
        .line_spacing(line_28())
}

fn right(text: &str) -> Paragraph {
    plain(text)
        .align(AlignmentType::Right)
        .indent(None, None, Some(640 * 2), None)
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// A4 with GB/T 9704's margins (top 37 mm, bottom 35 mm, left 28 mm, right
/// 26 mm) and "— 1 —" centered at the foot.
fn document() -> Docx {
    let foot = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run("— ", BODY_FONT, SIZE_4))
        .add_page_num(PageNum::new())
        .add_run(run(" —", BODY_FONT, SIZE_4));
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1587)
                .right(1474)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_3)
        .footer(Footer::new().add_paragraph(foot))
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(
        Paragraph::new()
            .add_run(run(text, BODY_FONT, SIZE_SMALL_4))
            .align(AlignmentType::Center),
    )
}

fn left_cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(run(text, BODY_FONT, SIZE_SMALL_4)))
}

fn header_cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(
        Paragraph::new()
            .add_run(run(text, HEADING_FONT, SIZE_SMALL_4))
            .align(AlignmentType::Center),
    )
}

/// A table of rows of cells, the first row its header, as wide as the
/// text area.
fn table(header: &[&str], rows: Vec<Vec<TableCell>>, widths: &[usize]) -> Table {
    // Each cell carries its width too: LibreOffice lays a table out by its
    // cells' widths, not the grid's.
    let sized = |cells: Vec<TableCell>| {
        TableRow::new(
            cells
                .into_iter()
                .zip(widths)
                .map(|(c, w)| c.width(*w, WidthType::Dxa))
                .collect(),
        )
    };
    let mut all = vec![sized(header.iter().map(|h| header_cell(h)).collect())];
    all.extend(rows.into_iter().map(sized));
    Table::new(all)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// 9月30日.
fn md(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// 2025年10月9日.
fn ymd(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A percent as the documents print it: 52, 52.5, 58.35.
fn num(v: f64) -> String {
    let v = (v * 100.0).round() / 100.0;
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "未填".to_owned(), |v| format!("{}%", num(v)))
}

/// 一 to 九十九, as the documents count (第三项, 一是).
pub fn chinese_number(n: i32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// （第三项）, or nothing without a serial.
fn nth(serial: Option<i32>) -> String {
    serial.map_or_else(String::new, |n| format!("（第{}项）", chinese_number(n)))
}

/// The first sentence of a progress text, with its full stop.
fn first_sentence(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    match line.find(['。', '；']) {
        Some(at) => line[..at + '。'.len_utf8()].replace('；', "。"),
        None if line.is_empty() => String::new(),
        None => format!("{line}。"),
    }
}

/// The bulletin as a .docx, written into `out`.
pub fn write_bulletin(
    b: &Bulletin<'_>,
    template: &Template,
    today: NaiveDate,
    out: &mut (impl std::io::Write + std::io::Seek),
) -> Result<(), zip::result::ZipError> {
    let p = &b.period;
    let f = b.figures;
    let mut doc = document()
        .add_paragraph(title(&format!(
            "关于{}年{}民生实事项目进展情况的通报",
            p.year, p.label
        )))
        .add_paragraph(plain(&template.addressee))
        .add_paragraph(body(&template.fill(&template.opening, p)));

    // 一、总体情况
    doc = doc.add_paragraph(heading("一、总体情况"));
    let share = if f.project_count > 0 {
        f64::from(f.completed_count) * 100.0 / f64::from(f.project_count)
    } else {
        0.0
    };
    let mut overall = format!(
        "截至{}，{}项民生实事已完成{}项，完成率{}%",
        md(p.as_of),
        f.project_count,
        f.completed_count,
        num(share)
    );
    if let Some(avg) = f.average_rate {
        let gap = avg.min(100.0) - p.expected;
        overall.push_str(&format!(
            "；平均完成率{}%，序时进度{}%，{}序时进度{}个百分点",
            num(avg),
            num(p.expected),
            if gap >= 0.0 { "高于" } else { "低于" },
            num(gap.abs())
        ));
        if let Some((label, before)) = b.previous {
            if let Some(was) = before.average_rate {
                let change = avg - was;
                overall.push_str(&format!(
                    "，较{}{}{}个百分点",
                    label,
                    if change >= 0.0 { "提高" } else { "下降" },
                    num(change.abs())
                ));
            }
        }
    }
    let count = |l: Light| {
        f.by_light
            .iter()
            .find(|(x, _)| *x == l)
            .map_or(0, |(_, n)| *n)
    };
    overall.push_str(&format!(
        "。其中，绿灯{}项、黄灯{}项、红灯{}项。",
        count(Light::Green),
        count(Light::Yellow),
        count(Light::Red)
    ));
    doc = doc.add_paragraph(body(&overall));
    let done: Vec<String> = b
        .projects
        .iter()
        .filter(|n| n.completed)
        .map(|n| format!("{}{}", n.name, nth(n.serial)))
        .collect();
    if !done.is_empty() {
        doc = doc.add_paragraph(body(&format!("已完成的项目：{}。", done.join("、"))));
    }

    // 二、滞后项目: RED, then YELLOW under 需关注.
    doc = doc.add_paragraph(heading("二、进度滞后项目"));
    let red: Vec<&Named> = b
        .projects
        .iter()
        .filter(|n| n.light == Light::Red)
        .collect();
    let yellow: Vec<&Named> = b
        .projects
        .iter()
        .filter(|n| n.light == Light::Yellow)
        .collect();
    if red.is_empty() && yellow.is_empty() {
        doc = doc.add_paragraph(body("本期没有亮红灯或黄灯的项目。"));
    }
    let groups = [
        ("进度明显滞后项目（红灯）", &red),
        ("需关注项目（黄灯）", &yellow),
    ];
    for (k, (label, group)) in groups
        .into_iter()
        .filter(|(_, g)| !g.is_empty())
        .enumerate()
    {
        doc = doc.add_paragraph(subheading(&format!(
            "（{}）{label}",
            chinese_number(k as i32 + 1)
        )));
        for (i, n) in group.iter().enumerate() {
            let gap = n.rate.map_or_else(
                || "未填报完成率".to_owned(),
                |r| {
                    format!(
                        "完成率{}%，低于序时进度{}个百分点",
                        num(r),
                        num(p.expected - r)
                    )
                },
            );
            let text = format!(
                "{}是{}{}，牵头单位{}，{}。{}",
                chinese_number(i as i32 + 1),
                n.name,
                nth(n.serial),
                n.lead(),
                gap,
                n.said
            );
            doc = doc.add_paragraph(body(&text));
        }
    }

    // 三、各单位推进情况: 红榜 and 黄榜.
    let mut section = 3;
    if b.ranking.len() >= 2 {
        doc = doc.add_paragraph(heading(&format!(
            "{}、各单位推进情况",
            chinese_number(section)
        )));
        section += 1;
        let top = template.ranking_size.min(b.ranking.len() / 2).max(1);
        let name = |u: &UnitFigures| {
            format!(
                "{}（平均完成率{}）",
                u.unit.name,
                pct(u.figures.average_rate)
            )
        };
        let best: Vec<String> = b.ranking.iter().take(top).map(name).collect();
        let worst: Vec<String> = b.ranking.iter().rev().take(top).map(name).collect();
        doc = doc
            .add_paragraph(body_runs(&[
                (SUBHEADING_FONT, "红榜："),
                (BODY_FONT, &format!("{}。", best.join("、"))),
            ]))
            .add_paragraph(body_runs(&[
                (SUBHEADING_FONT, "黄榜："),
                (BODY_FONT, &format!("{}。", worst.join("、"))),
            ]));
    }
    if b.issuers.len() >= 2 {
        doc = doc.add_paragraph(heading(&format!(
            "{}、各地推进情况",
            chinese_number(section)
        )));
        section += 1;
        let ranked: Vec<String> = b
            .issuers
            .iter()
            .map(|i| {
                format!(
                    "第{}名{}（平均完成率{}）",
                    i.rank,
                    if i.issuer.is_empty() {
                        "（未署名）"
                    } else {
                        &i.issuer
                    },
                    pct(i.figures.average_rate)
                )
            })
            .collect();
        doc = doc.add_paragraph(body(&format!("{}。", ranked.join("；"))));
    }

    // The standing demands.
    doc = doc.add_paragraph(heading(&format!("{}、工作要求", chinese_number(section))));
    for (i, d) in template.demands.iter().enumerate() {
        doc = doc.add_paragraph(body(&format!(
            "（{}）{}",
            chinese_number(i as i32 + 1),
            template.fill(d, p)
        )));
    }
    doc = doc
        .add_paragraph(plain(""))
        .add_paragraph(body("附件：1. 慢序时项目表"))
        .add_paragraph(body("      2. 按序时项目表"))
        .add_paragraph(plain(""))
        .add_paragraph(right(&template.fill(&template.office, p)))
        .add_paragraph(right(&ymd(today)));

    // 附件: the projects slower than 序时进度, then the others.
    let behind: Vec<&Named> = b.projects.iter().filter(|n| n.behind(p.expected)).collect();
    let on_pace: Vec<&Named> = b
        .projects
        .iter()
        .filter(|n| !n.behind(p.expected))
        .collect();
    for (i, (label, group)) in [("慢序时项目表", &behind), ("按序时项目表", &on_pace)]
        .into_iter()
        .enumerate()
    {
        doc = doc
            .add_paragraph(page_break())
            .add_paragraph(plain(&format!("附件{}", i + 1)).add_run(Run::new()))
            .add_paragraph(
                Paragraph::new()
                    .add_run(run(label, TITLE_FONT, SIZE_3 + 4))
                    .align(AlignmentType::Center)
                    .line_spacing(line_28()),
            );
        if group.is_empty() {
            doc = doc.add_paragraph(body("无。"));
            continue;
        }
        let rows = group
            .iter()
            .map(|n| {
                vec![
                    cell(&n.serial.map_or_else(String::new, |s| s.to_string())),
                    left_cell(&n.name),
                    left_cell(n.lead()),
                    cell(&pct(n.rate)),
                    cell(&format!("{}%", num(p.expected))),
                    cell(
                        &n.rate
                            .map_or_else(String::new, |r| num(r.min(100.0) - p.expected)),
                    ),
                ]
            })
            .collect();
        doc = doc.add_table(table(
            &[
                "序号",
                "项目名称",
                "牵头单位",
                "完成率",
                "序时进度",
                "差距（百分点）",
            ],
            rows,
            &[700, 3000, 1700, 1150, 1250, 1045],
        ));
    }
    doc.build().pack(out)
}

/// One unit's 督办单: its projects behind pace.
pub struct Notice<'a> {
    /// The unit.
    pub unit: &'a str,
    /// Its projects lit RED or YELLOW, in table order.
    pub projects: Vec<&'a Named>,
}

/// The units with projects lit RED or YELLOW (lead or co-unit), each
/// with those projects, in the order the units first appear; or only
/// `unit`.
pub fn notices<'a>(projects: &'a [Named], unit: Option<&'a str>) -> Vec<Notice<'a>> {
    let mut out: Vec<Notice<'a>> = Vec::new();
    for n in projects
        .iter()
        .filter(|n| matches!(n.light, Light::Red | Light::Yellow))
    {
        for u in &n.units {
            if unit.is_some_and(|want| want != u) {
                continue;
            }
            match out.iter_mut().find(|x| x.unit == u) {
                Some(x) => x.projects.push(n),
                None => out.push(Notice {
                    unit: u,
                    projects: vec![n],
                }),
            }
        }
    }
    out
}

/// The 督办单, one page per unit, written into `out`.
pub fn write_notices(
    period: &Period<'_>,
    notices: &[Notice<'_>],
    template: &Template,
    today: NaiveDate,
    out: &mut (impl std::io::Write + std::io::Seek),
) -> Result<(), zip::result::ZipError> {
    let reply_by = today + chrono::Days::new(u64::from(template.reply_days));
    let office = template.fill(&template.office, period);
    let mut doc = document();
    for (i, n) in notices.iter().enumerate() {
        if i > 0 {
            doc = doc.add_paragraph(page_break());
        }
        doc = doc
            .add_paragraph(title("督 办 单"))
            .add_paragraph(
                plain(&format!("督办〔{}〕{}号", today.year(), i + 1)).align(AlignmentType::Center),
            )
            .add_paragraph(plain(&format!("{}：", n.unit)))
            .add_paragraph(body_runs(&[
                (HEADING_FONT, "督办事项："),
                (BODY_FONT, &format!("{}年民生实事项目进度滞后", period.year)),
            ]))
            .add_paragraph(body(&format!(
                "截至{}（{}），序时进度为{}%。你单位负责的以下{}个项目进度慢于序时进度，请高度重视，加快推进：",
                md(period.as_of),
                period.label,
                num(period.expected),
                n.projects.len()
            )));
        let rows = n
            .projects
            .iter()
            .map(|p| {
                vec![
                    cell(&p.serial.map_or_else(String::new, |s| s.to_string())),
                    left_cell(&p.name),
                    cell(&pct(p.rate)),
                    cell(
                        &p.rate
                            .map_or_else(String::new, |r| num(period.expected - r)),
                    ),
                    cell(if p.light == Light::Red {
                        "红灯"
                    } else {
                        "黄灯"
                    }),
                ]
            })
            .collect();
        doc = doc
            .add_table(table(
                &["序号", "项目名称", "完成率", "低于序时（百分点）", "亮灯"],
                rows,
                &[700, 4000, 1200, 1800, 1145],
            ))
            .add_paragraph(body(&format!(
                "请于{}前，将滞后原因、整改措施及预计完成时间书面反馈{}。",
                ymd(reply_by),
                office
            )))
            .add_paragraph(right(&office))
            .add_paragraph(right(&ymd(today)))
            .add_paragraph(plain("反馈表").align(AlignmentType::Center));
        let feedback = ["滞后原因", "整改措施", "预计完成时间", "责任人及联系电话"]
            .iter()
            .map(|label| vec![cell(label), TableCell::new().add_paragraph(plain(""))])
            .collect();
        doc = doc.add_table(table(&["事项", "反馈内容"], feedback, &[2200, 6645]));
    }
    if notices.is_empty() {
        doc = doc
            .add_paragraph(title("督 办 单"))
            .add_paragraph(body(&format!(
                "截至{}（{}），没有亮红灯或黄灯的项目，本期无需督办。",
                md(period.as_of),
                period.label
            )));
    }
    doc.build().pack(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_documents_count() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(17), "十七");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(21), "二十一");
        assert_eq!(num(58.35), "58.35");
        assert_eq!(num(50.0), "50");
        assert_eq!(
            first_sentence("目前，已完成年度计划52%。\n其余"),
            "目前，已完成年度计划52%。"
        );
        assert_eq!(first_sentence("在建"), "在建。");
    }

    #[test]
    fn a_template_keeps_what_it_does_not_name() {
        let t = Template::parse("office = \"区委督查室\"\nreply_days = 3\n").unwrap_or_default();
        assert_eq!(t.office, "区委督查室");
        assert_eq!(t.reply_days, 3);
        assert_eq!(t.demands, Template::default().demands);
        assert!(Template::parse("ofice = 1").is_err());
        assert!(Template::parse("ranking_size = 0").is_err());
    }
}
