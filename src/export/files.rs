//! The export files as a client asks for them (which report, which year,
//! which unit), read through `service` and written off the async threads.
//! The HTTP endpoints and `shishi export` both answer with these.

use sea_orm::ConnectionTrait;

use super::{next_period_xlsx, next_title, report_file_name, report_xlsx, FormOptions};
use crate::error::ApiError;
use crate::service::reports::{latest_report, report_table, ReportTable};

/// The media type of xlsx.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of the CSV history.
pub const CSV: &str = "text/csv; charset=utf-8";

/// A file to hand out.
#[derive(Clone, Debug)]
pub struct ExportFile {
    /// Its bytes.
    pub bytes: Vec<u8>,
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

/// Report `id` as its table.
async fn table_of<C: ConnectionTrait>(db: &C, id: i32) -> Result<ReportTable, ApiError> {
    report_table(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no report {id}")))
}

/// Writes a file off the async threads; a failure is logged, not shown.
async fn build<E: std::fmt::Display + Send + 'static>(
    write: impl FnOnce() -> Result<Vec<u8>, E> + Send + 'static,
) -> Result<Vec<u8>, ApiError> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "an export failed");
        ApiError::Internal
    };
    match tokio::task::spawn_blocking(write).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(failed(&e)),
        Err(e) => Err(failed(&e)),
    }
}

/// A report in the official layout, lights as fills, and its import's
/// warnings on a second sheet.
pub async fn report<C: ConnectionTrait>(
    db: &C,
    choice: ReportChoice,
) -> Result<ExportFile, ApiError> {
    let id = match choice {
        ReportChoice::Id(id) => id,
        ReportChoice::Latest(scope) => latest_id(db, &scope).await?,
    };
    let table = table_of(db, id).await?;
    let name = report_file_name(&table);
    Ok(ExportFile {
        bytes: build(move || report_xlsx(&table)).await?,
        media: XLSX,
        name,
        fallback: format!("report-{id}.xlsx"),
    })
}

/// The form each unit fills in for the next period, from the latest report
/// of `year`: its projects in order (only `unit`'s when given), goal and
/// units filled, last period's progress and rate as the starting text
/// unless `prefill` is false.
pub async fn next_period<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    unit: Option<String>,
    prefill: bool,
) -> Result<ExportFile, ApiError> {
    let table = table_of(db, latest_id(db, scope).await?).await?;
    if let Some(u) = &unit {
        if !table.rows.iter().any(|r| r.units.iter().any(|n| n == u)) {
            return Err(ApiError::NotFound(format!(
                "no project of the latest report lists the unit '{}'; write the unit as the table does, e.g. 区教体局",
                quoted(u)
            )));
        }
    }
    let title = next_title(&table);
    let name = match &unit {
        Some(u) => format!("{title}（{u}）.xlsx"),
        None => format!("{title}.xlsx"),
    };
    let bytes = build(move || {
        let options = FormOptions {
            unit: unit.as_deref(),
            prefill,
        };
        next_period_xlsx(&table, options)
    })
    .await?;
    Ok(ExportFile {
        bytes,
        media: XLSX,
        name: crate::export::clean_file_name(&name),
        fallback: "next-period.xlsx".to_owned(),
    })
}

/// The history of `scope`'s year (the latest year held without it) and
/// issuer, as the workbook or as flat CSV.
pub async fn history<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    format: HistoryFormat,
) -> Result<ExportFile, ApiError> {
    let latest = table_of(db, latest_id(db, scope).await?).await?.report;
    let (year, issuer) = (latest.year, latest.issuer);
    let projects = crate::service::projects::year_history(db, year, &issuer).await?;
    let stem = crate::export::clean_file_name(&format!("{issuer}{year}年民生实事项目进展历史"));
    match format {
        HistoryFormat::Csv => Ok(ExportFile {
            bytes: build(move || super::history_csv(&projects)).await?,
            media: CSV,
            name: format!("{stem}.csv"),
            fallback: format!("history-{year}.csv"),
        }),
        HistoryFormat::Xlsx => {
            let reports =
                crate::service::reports::year_tables(db, year, Some(issuer.as_str())).await?;
            let (_, ranking) =
                crate::service::summary::year_ranking(db, None, year, Some(&issuer), None).await?;
            let book = super::HistoryBook {
                year,
                issuer,
                projects,
                reports,
                ranking,
            };
            Ok(ExportFile {
                bytes: build(move || super::history_xlsx(&book)).await?,
                media: XLSX,
                name: format!("{stem}.xlsx"),
                fallback: format!("history-{year}.xlsx"),
            })
        }
    }
}

/// Writes `file` where `out` says: a file path, a folder (the file keeps
/// its own name), `-` for stdout, or the current folder when None. A file
/// is written beside its place first and renamed, so it is whole or absent.
/// The path written, or None for stdout.
pub fn save(
    file: &ExportFile,
    out: Option<&std::path::Path>,
) -> Result<Option<std::path::PathBuf>, String> {
    use std::io::Write;
    if out.is_some_and(|o| o.as_os_str() == "-") {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(&file.bytes)
            .and_then(|()| stdout.flush())
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
        std::fs::write(&partial, &file.bytes).and_then(|()| std::fs::rename(&partial, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(Some(path))
}
