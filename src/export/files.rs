//! The export files as a client asks for them (which report, which year,
//! which unit). Each is written on a blocking thread into a file on disk,
//! reading its rows through `service` a page at a time, so the memory an
//! export takes does not grow with the year: the file is then streamed
//! (HTTP) or moved into place (`shishi export`), and the HTTP side keeps
//! it until the next import ([`super::cache`]).

use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use entity::report;
use rust_xlsxwriter::{Workbook, XlsxError};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::history::{ranking_sheet, HistoryCsv, RatesSheet};
use super::{
    form_row, next_title, notes_sheet, out_row, report_file_name, sheet_name, Columns, FormOptions,
    Formats, OutRow, TableWriter,
};
use crate::error::ApiError;
use crate::service::projects::ProjectHistory;
use crate::service::reports::{latest_report, TableRow};

/// The media type of xlsx.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of docx.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// The media type of the CSV history.
pub const CSV: &str = "text/csv; charset=utf-8";

/// A file to hand out, written on disk; removed when the last clone of it
/// is dropped (a download under way keeps reading it even then).
#[derive(Clone, Debug)]
pub struct ExportFile {
    /// Where it is written.
    pub path: Arc<tempfile::TempPath>,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type.
    pub media: &'static str,
    /// Its name, in Chinese as the office names its tables.
    pub name: String,
    /// An ASCII name for clients that cannot take the real one.
    pub fallback: String,
}

/// Which report to export.
#[derive(Clone, Debug)]
pub enum ReportChoice {
    /// The report of this id (a revision too).
    Id(i32),
    /// The latest current report of a year and issuer.
    Latest(Scope),
}

/// Which year and issuer an export is of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// The year; the latest held when None.
    pub year: Option<i32>,
    /// The issuer ("" for the tables naming none); needed only when
    /// several issuers hold the year.
    pub issuer: Option<String>,
}

/// The history as a workbook or as flat CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryFormat {
    /// The workbook: rates by date, a sheet per report, the ranking.
    Xlsx,
    /// One line per project and reporting date.
    Csv,
}

/// Where the exports download: paths on this server, the HTTP routes and
/// the URLs the API hands out alike.
pub mod paths {
    /// A report by id, or `latest`: `{REPORTS}/{id}.xlsx`.
    pub const REPORTS: &str = "/api/v1/exports/reports";
    /// The next period's form.
    pub const NEXT_PERIOD: &str = "/api/v1/exports/next-period.xlsx";
    /// The history workbook.
    pub const HISTORY_XLSX: &str = "/api/v1/exports/history.xlsx";
    /// The flat history.
    pub const HISTORY_CSV: &str = "/api/v1/exports/history.csv";
    /// A period's 通报.
    pub const BULLETIN: &str = "/api/v1/exports/bulletin.docx";
    /// The 督办单 of the units behind pace.
    pub const NOTICES: &str = "/api/v1/exports/notices.docx";

    /// `path` with `query` (pairs whose value is None left out), encoded.
    pub fn with_query(path: &str, query: &[(&str, Option<String>)]) -> String {
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
            .collect();
        match serde_urlencoded::to_string(&pairs) {
            Ok(q) if !q.is_empty() => format!("{path}?{q}"),
            _ => path.to_owned(),
        }
    }

    /// Report `id` as xlsx.
    pub fn report(id: i32) -> String {
        format!("{REPORTS}/{id}.xlsx")
    }

    /// The latest report of `year` (and `issuer`) as xlsx.
    pub fn latest(year: Option<i32>, issuer: Option<&str>) -> String {
        with_query(
            &format!("{REPORTS}/latest.xlsx"),
            &[
                ("year", year.map(|y| y.to_string())),
                ("issuer", issuer.map(str::to_owned)),
            ],
        )
    }
}

/// What a client sent, quoted short in a message.
pub fn quoted(text: &str) -> String {
    crate::error::excerpt(text, 0, 60)
}

/// The latest current report of `scope`'s year (of the latest year
/// without it) and issuer; several issuers holding the year and none
/// named is a bad request that names them.
async fn latest_id<C: ConnectionTrait>(db: &C, scope: &Scope) -> Result<i32, ApiError> {
    let issuer = scope.issuer.as_deref().map(str::trim);
    let Some(latest) = latest_report(db, scope.year, issuer).await? else {
        let of = match (scope.year, issuer) {
            (Some(y), Some(i)) if !i.is_empty() => format!(" of {}'s {y}", quoted(i)),
            (Some(y), _) => format!(" of {y}"),
            (None, Some(i)) if !i.is_empty() => format!(" of {}", quoted(i)),
            _ => String::new(),
        };
        return Err(ApiError::NotFound(format!("no report{of} is held")));
    };
    if issuer.is_some() {
        return Ok(latest.id);
    }
    // Several issuers may hold the year: the year's one issuer, or an error.
    let choice = crate::service::reports::choose_issuer(db, latest.year, None).await?;
    match ApiError::from_issuer_choice(latest.year, choice)? {
        Some(i) => match latest_report(db, Some(latest.year), Some(&i)).await? {
            Some(r) => Ok(r.id),
            None => Ok(latest.id),
        },
        None => Ok(latest.id),
    }
}

/// Rows (or projects, with their history) read from the database at a time
/// while a file is written.
const PAGE: usize = 200;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
enum BuildError {
    #[error("reading the database: {0}")]
    Db(#[from] DbErr),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("writing the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the file: {0}")]
    Io(#[from] std::io::Error),
    /// Nothing to write; the message says what was asked.
    #[error("{0}")]
    NotFound(String),
}

/// What a file's writer reads, a page at a time, from its blocking thread.
struct Reads {
    handle: tokio::runtime::Handle,
    db: DatabaseConnection,
}

impl Reads {
    /// The rows of `report` whose entries are `ids`, in that order.
    fn rows(&self, report: &report::Model, ids: &[i32]) -> Result<Vec<TableRow>, DbErr> {
        self.handle
            .block_on(crate::service::reports::table_rows(&self.db, report, ids))
    }

    /// Projects `ids`, in that order, with units and history.
    fn projects(&self, ids: &[i32]) -> Result<Vec<ProjectHistory>, DbErr> {
        self.handle
            .block_on(crate::service::projects::project_histories(&self.db, ids))
    }
}

/// Writes a file into `dir` on a blocking thread: `write` gets the pages
/// to read, the folder for the workbook's own temporary files, and the
/// file. A failure is logged, not shown.
async fn build<T: Send + 'static>(
    db: &DatabaseConnection,
    dir: &Path,
    write: impl FnOnce(&Reads, &Path, &mut BufWriter<std::fs::File>) -> Result<T, BuildError>
        + Send
        + 'static,
) -> Result<(Arc<tempfile::TempPath>, u64, T), ApiError> {
    let reads = Reads {
        handle: tokio::runtime::Handle::current(),
        db: db.clone(),
    };
    let dir = dir.to_path_buf();
    let written = tokio::task::spawn_blocking(move || {
        let file = tempfile::NamedTempFile::new_in(&dir)?;
        let (file, path) = file.into_parts();
        let mut out = BufWriter::new(file);
        let value = write(&reads, &dir, &mut out)?;
        out.flush()?;
        let size = out.get_ref().metadata()?.len();
        Ok::<_, BuildError>((Arc::new(path), size, value))
    })
    .await;
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "an export failed");
        ApiError::Internal
    };
    match written {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(BuildError::NotFound(message))) => Err(ApiError::NotFound(message)),
        Ok(Err(e)) => Err(failed(&e)),
        Err(e) => Err(failed(&e)),
    }
}

/// A report as the export layout needs it before its rows: the report,
/// its entries' ids in table order and the columns past the five.
struct ReportPart {
    report: report::Model,
    ids: Vec<i32>,
    columns: Columns,
}

async fn report_part<C: ConnectionTrait>(
    db: &C,
    report: report::Model,
) -> Result<ReportPart, DbErr> {
    let ids = crate::service::reports::report_row_ids(db, report.id).await?;
    let columns = crate::service::reports::report_columns(db, report.id).await?;
    Ok(ReportPart {
        report,
        ids,
        columns,
    })
}

/// Report `id`, or NOT_FOUND.
async fn report_of<C: ConnectionTrait>(db: &C, id: i32) -> Result<report::Model, ApiError> {
    crate::service::reports::report(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no report {id}")))
}

/// One official table on a new constant-memory sheet of `book`, its rows
/// read a page at a time: those `keep` gives a row for. How many it wrote.
fn report_sheet(
    book: &mut Workbook,
    f: &Formats,
    reads: &Reads,
    part: &ReportPart,
    (name, title): (&str, &str),
    keep: impl Fn(&TableRow) -> Option<OutRow>,
) -> Result<usize, BuildError> {
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name(name))?;
    let mut table = TableWriter::begin(sheet, f, title, &part.columns)?;
    for ids in part.ids.chunks(PAGE) {
        for row in reads.rows(&part.report, ids)? {
            if let Some(out) = keep(&row) {
                table.row(&out)?;
            }
        }
    }
    let written = table.rows();
    table.finish()?;
    Ok(written)
}

/// A workbook whose constant-memory sheets keep their rows in `dir`.
fn workbook_in(dir: &Path) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_tempdir(dir)?;
    Ok(book)
}

/// A report in the official layout, lights as fills, and its import's
/// warnings on a second sheet. Written into `dir`.
pub async fn report(
    db: &DatabaseConnection,
    choice: ReportChoice,
    dir: &Path,
) -> Result<ExportFile, ApiError> {
    let id = match choice {
        ReportChoice::Id(id) => id,
        ReportChoice::Latest(scope) => latest_id(db, &scope).await?,
    };
    let report = report_of(db, id).await?;
    let name = report_file_name(&report);
    let part = report_part(db, report).await?;
    let warnings = crate::service::reports::report_warnings(db, id).await?;
    let (path, size, ()) = build(db, dir, move |reads, dir, out| {
        let mut book = workbook_in(dir)?;
        let f = Formats::new();
        let report = &part.report;
        report_sheet(
            &mut book,
            &f,
            reads,
            &part,
            (&report.sheet, &report.title),
            |row| Some(out_row(row)),
        )?;
        notes_sheet(book.add_worksheet(), &f, &warnings)?;
        book.save_to_writer(out)?;
        Ok(())
    })
    .await?;
    Ok(ExportFile {
        path,
        size,
        media: XLSX,
        name,
        fallback: format!("report-{id}.xlsx"),
    })
}

/// The form each unit fills in for the next period, from the latest report
/// of `year`: its projects in order (only `unit`'s when given), goal and
/// units filled, last period's progress and rate as the starting text
/// unless `prefill` is false. Written into `dir`.
pub async fn next_period(
    db: &DatabaseConnection,
    scope: &Scope,
    unit: Option<String>,
    prefill: bool,
    dir: &Path,
) -> Result<ExportFile, ApiError> {
    let report = last_full_report(db, report_of(db, latest_id(db, scope).await?).await?).await?;
    let title = next_title(&report);
    let (label, year, as_of) = super::next_quarter(report.as_of);
    let mark = crate::sheet::FormScope {
        issuer: report.issuer.clone(),
        year,
        period: label,
        as_of,
        unit: unit.clone(),
    };
    let name = match &unit {
        Some(u) => format!("{title}（{u}）.xlsx"),
        None => format!("{title}.xlsx"),
    };
    let part = report_part(db, report).await?;
    let (path, size, ()) = build(db, dir, move |reads, dir, out| {
        let mut book = workbook_in(dir)?;
        let f = Formats::new();
        let options = FormOptions {
            unit: unit.as_deref(),
            prefill,
        };
        let written = report_sheet(
            &mut book,
            &f,
            reads,
            &part,
            (&part.report.sheet, &title),
            |row| form_row(row, options),
        )?;
        if let (0, Some(u)) = (written, &unit) {
            return Err(BuildError::NotFound(format!(
                "no project of the latest report lists the unit '{}'; write the unit as the table does, e.g. 区教体局",
                quoted(u)
            )));
        }
        // The form's mark, on a hidden sheet: the filled-in form merges
        // into its period's report as this unit's return.
        let sheet = book.add_worksheet();
        sheet.set_name(crate::sheet::FORM_SHEET)?;
        for (r, [key, value]) in mark.rows().iter().enumerate() {
            sheet.write_string(r as u32, 0, key)?;
            sheet.write_string(r as u32, 1, value)?;
        }
        sheet.set_hidden(true);
        book.save_to_writer(out)?;
        Ok(())
    })
    .await?;
    Ok(ExportFile {
        path,
        size,
        media: XLSX,
        name: crate::export::clean_file_name(&name),
        fallback: "next-period.xlsx".to_owned(),
    })
}

/// The history of `scope`'s year (the latest year held without it) and
/// issuer, as the workbook or as flat CSV. Written into `dir`, a page of
/// projects (and of each report's rows) at a time.
pub async fn history(
    db: &DatabaseConnection,
    scope: &Scope,
    format: HistoryFormat,
    dir: &Path,
) -> Result<ExportFile, ApiError> {
    let latest = report_of(db, latest_id(db, scope).await?).await?;
    let (year, issuer) = (latest.year, latest.issuer);
    let ids = crate::service::projects::year_project_ids(db, year, &issuer).await?;
    let stem = crate::export::clean_file_name(&format!("{issuer}{year}年民生实事项目进展历史"));
    if format == HistoryFormat::Csv {
        let (path, size, ()) = build(db, dir, move |reads, _, out| {
            let mut csv = HistoryCsv::begin(out)?;
            for page in ids.chunks(PAGE) {
                csv.page(&reads.projects(page)?)?;
            }
            csv.finish()?;
            Ok(())
        })
        .await?;
        return Ok(ExportFile {
            path,
            size,
            media: CSV,
            name: format!("{stem}.csv"),
            fallback: format!("history-{year}.csv"),
        });
    }
    let reports = crate::service::reports::reports(db, Some(year), Some(&issuer), false).await?;
    let mut parts = Vec::with_capacity(reports.len());
    for r in reports.iter().cloned() {
        parts.push(report_part(db, r).await?);
    }
    let (_, ranking) =
        crate::service::summary::year_ranking(db, None, year, Some(&issuer), None).await?;
    let (path, size, ()) = build(db, dir, move |reads, dir, out| {
        let mut book = workbook_in(dir)?;
        let f = Formats::new();
        let sheet = book.add_worksheet_with_constant_memory()?;
        let mut rates = RatesSheet::begin(sheet, &f, &issuer, year, &reports)?;
        for page in ids.chunks(PAGE) {
            for p in reads.projects(page)? {
                rates.row(&p)?;
            }
        }
        rates.finish()?;
        for part in &parts {
            let r = &part.report;
            let name = format!("{} {}", r.period.trim(), r.as_of);
            report_sheet(&mut book, &f, reads, part, (name.trim(), &r.title), |row| {
                Some(out_row(row))
            })?;
        }
        let as_of = reports.last().map(|r| r.as_of);
        ranking_sheet(&mut book, &f, (&issuer, year, as_of), &ranking)?;
        book.save_to_writer(out)?;
        Ok(())
    })
    .await?;
    Ok(ExportFile {
        path,
        size,
        media: XLSX,
        name: format!("{stem}.xlsx"),
        fallback: format!("history-{year}.xlsx"),
    })
}

/// Writes `file` where `out` says: a file path, a folder (the file keeps
/// its own name), `-` for stdout, or the current folder when None. A file
/// is written beside its place first and renamed, so it is whole or absent.
/// The path written, or None for stdout.
pub fn save(
    file: &ExportFile,
    out: Option<&std::path::Path>,
) -> Result<Option<std::path::PathBuf>, String> {
    if out.is_some_and(|o| o.as_os_str() == "-") {
        let mut stdout = std::io::stdout().lock();
        return std::fs::File::open(&**file.path)
            .and_then(|mut f| std::io::copy(&mut f, &mut stdout))
            .and_then(|_| stdout.flush())
            .map(|()| None)
            .map_err(|e| format!("cannot write to stdout: {e}"));
    }
    let name = if file.name.is_empty() {
        file.fallback.as_str()
    } else {
        file.name.as_str()
    };
    let path = match out {
        None => std::path::PathBuf::from(name),
        Some(dir) if dir.is_dir() => dir.join(name),
        Some(path) => path.to_path_buf(),
    };
    let partial = path.with_file_name(format!(
        ".{}.partial-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written =
        std::fs::copy(&**file.path, &partial).and_then(|_| std::fs::rename(&partial, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(Some(path))
}

/// The last report of `latest`'s issuer and year that is a whole table
/// (not made of returns still being collected), on or before it: the
/// next period's forms are cut from it whatever has come back. `latest`
/// itself when the year holds no other.
async fn last_full_report<C: ConnectionTrait>(
    db: &C,
    latest: report::Model,
) -> Result<report::Model, ApiError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    if !latest.partial {
        return Ok(latest);
    }
    let full = report::Entity::find()
        .filter(report::Column::Issuer.eq(latest.issuer.as_str()))
        .filter(report::Column::Year.eq(latest.year))
        .filter(report::Column::ReplacedById.is_null())
        .filter(report::Column::Partial.eq(false))
        .filter(report::Column::AsOf.lt(latest.as_of))
        .order_by_desc(report::Column::AsOf)
        .one(db)
        .await?;
    Ok(full.unwrap_or(latest))
}

/// The report a document is of: the latest current one of `scope` on or
/// before `as_of` (the latest held without it).
async fn report_at<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    as_of: Option<chrono::NaiveDate>,
) -> Result<report::Model, ApiError> {
    let latest = report_of(db, latest_id(db, scope).await?).await?;
    let Some(date) = as_of else {
        return Ok(latest);
    };
    crate::service::reports::report_as_of(db, latest.year, Some(&latest.issuer), Some(date))
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "no report of {} on or before {date} is held",
                latest.year
            ))
        })
}

/// The report's projects as the documents name them, read a page at a
/// time on the writer's thread.
fn named_projects(
    reads: &Reads,
    report: &report::Model,
    ids: &[i32],
) -> Result<Vec<super::documents::Named>, DbErr> {
    let mut out = Vec::with_capacity(ids.len());
    for page in ids.chunks(PAGE) {
        out.extend(
            reads
                .rows(report, page)?
                .iter()
                .map(super::documents::Named::of),
        );
    }
    Ok(out)
}

/// The file name of a document of `report`: 章丘区2025年三季度民生实事通报.docx.
fn document_name(report: &report::Model, what: &str) -> String {
    super::clean_file_name(&format!(
        "{}{}年{}民生实事{what}.docx",
        report.issuer, report.year, report.period
    ))
}

/// The 通报 of a period as a .docx (see [`super::documents`]): the latest
/// report of `scope` on or before `as_of`, its figures, its lagging
/// projects, the units' ranking and, with several issuers, theirs.
pub async fn bulletin(
    db: &DatabaseConnection,
    scope: &Scope,
    as_of: Option<chrono::NaiveDate>,
    template: &super::documents::Template,
    dir: &Path,
) -> Result<ExportFile, ApiError> {
    use crate::service::summary;
    let report = report_at(db, scope, as_of).await?;
    let figures = summary::report_figures(db, &[report.id])
        .await?
        .remove(&report.id)
        .unwrap_or_default();
    let before = match report.as_of.pred_opt() {
        Some(day) => {
            crate::service::reports::report_as_of(db, report.year, Some(&report.issuer), Some(day))
                .await?
        }
        None => None,
    };
    let previous = match before {
        Some(r) => {
            let f = summary::report_figures(db, &[r.id])
                .await?
                .remove(&r.id)
                .unwrap_or_default();
            Some((r.period, f))
        }
        None => None,
    };
    let ranking = summary::ranking(summary::unit_summaries(db, report.id).await?);
    let (_, issuers) = summary::issuer_ranking(db, report.year, Some(report.as_of)).await?;
    let ids = crate::service::reports::report_row_ids(db, report.id).await?;
    let name = document_name(&report, "项目进展情况通报");
    let template = template.clone();
    let today = chrono::Local::now().date_naive();
    let fallback = format!("bulletin-{}.docx", report.id);
    let (path, size, ()) = build(db, dir, move |reads, _dir, out| {
        let projects = named_projects(reads, &report, &ids)?;
        let b = super::documents::Bulletin {
            period: super::documents::Period {
                issuer: &report.issuer,
                year: report.year,
                label: &report.period,
                as_of: report.as_of,
                expected: crate::domain::expected_rate(report.as_of),
            },
            figures: &figures,
            previous: previous.as_ref().map(|(label, f)| (label.as_str(), f)),
            projects: &projects,
            ranking: &ranking,
            issuers: &issuers,
        };
        super::documents::write_bulletin(&b, &template, today, out).map_err(docx_error)
    })
    .await?;
    Ok(ExportFile {
        path,
        size,
        media: DOCX,
        name,
        fallback,
    })
}

/// The 督办单 of a period as a .docx: a page for each unit with projects
/// lit RED or YELLOW, or for `unit` alone (NOT_FOUND when it has none).
pub async fn notices(
    db: &DatabaseConnection,
    scope: &Scope,
    as_of: Option<chrono::NaiveDate>,
    unit: Option<String>,
    template: &super::documents::Template,
    dir: &Path,
) -> Result<ExportFile, ApiError> {
    let report = report_at(db, scope, as_of).await?;
    let ids = crate::service::reports::report_row_ids(db, report.id).await?;
    let name = match &unit {
        Some(u) => document_name(&report, &format!("项目督办单（{u}）")),
        None => document_name(&report, "项目督办单"),
    };
    let template = template.clone();
    let today = chrono::Local::now().date_naive();
    let fallback = format!("notices-{}.docx", report.id);
    let (path, size, ()) = build(db, dir, move |reads, _dir, out| {
        let projects = named_projects(reads, &report, &ids)?;
        let notices = super::documents::notices(&projects, unit.as_deref());
        if let (Some(u), true) = (&unit, notices.is_empty()) {
            return Err(BuildError::NotFound(format!(
                "{} has no project lit RED or YELLOW in the report of {}",
                quoted(u),
                report.as_of
            )));
        }
        let period = super::documents::Period {
            issuer: &report.issuer,
            year: report.year,
            label: &report.period,
            as_of: report.as_of,
            expected: crate::domain::expected_rate(report.as_of),
        };
        super::documents::write_notices(&period, &notices, &template, today, out)
            .map_err(docx_error)
    })
    .await?;
    Ok(ExportFile {
        path,
        size,
        media: DOCX,
        name,
        fallback,
    })
}

fn docx_error(e: zip::result::ZipError) -> BuildError {
    BuildError::Io(std::io::Error::other(e.to_string()))
}
