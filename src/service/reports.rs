//! Reports (imported tables) and the run log.

use std::collections::HashMap;

use super::Entry;
use crate::domain::{Light, ProgressStatus};
use entity::{progress, report, sync_run};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Which entries of a report a list keeps.
#[derive(Clone, Copy, Debug, Default)]
pub struct EntryFilter {
    /// Only this status.
    pub status: Option<ProgressStatus>,
    /// Only this light.
    pub light: Option<Light>,
}

/// One page of report `report_id`'s entries passing `filter`, in table
/// order, and how many pass: filtered, counted and paged in SQL on the
/// status and light stored with each entry.
pub async fn report_entries<C: ConnectionTrait>(
    db: &C,
    report_id: i32,
    filter: EntryFilter,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<entity::progress::Model>), DbErr> {
    use entity::progress::{Column as P, Entity};
    let mut query = Entity::find().filter(P::ReportId.eq(report_id));
    if let Some(status) = filter.status {
        query = query.filter(P::Status.eq(status.as_str()));
    }
    if let Some(light) = filter.light {
        query = query.filter(P::Light.eq(light.severity()));
    }
    let total = query.clone().count(db).await? as usize;
    let rows = query
        .order_by_asc(P::RowNo)
        .order_by_asc(P::Id)
        .offset(offset as u64)
        .limit(limit as u64)
        .all(db)
        .await?;
    Ok((total, rows))
}

/// One report by id (revisions included).
pub async fn report<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find_by_id(id).one(db).await
}

/// Reports by id.
pub async fn reports_by_id<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, report::Model>, DbErr> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = report::Entity::find()
            .filter(report::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.id, r)));
    }
    Ok(out)
}

/// One report as its table: every row in table order with its project and
/// units, and what the import that wrote it warned about.
#[derive(Clone, Debug)]
pub struct ReportTable {
    /// The report.
    pub report: report::Model,
    /// Its rows, in table order.
    pub rows: Vec<TableRow>,
    /// The warnings of the run that wrote the report.
    pub warnings: Vec<crate::sheet::Warning>,
}

/// One row of a report's table.
#[derive(Clone, Debug)]
pub struct TableRow {
    /// The entry (progress and report).
    pub entry: Entry,
    /// The project.
    pub project: entity::project::Model,
    /// Its units, lead first.
    pub units: Vec<String>,
}

/// Report `id` as its table; None when there is no such report. The whole
/// table in memory: for one screen's worth; the exports read it in pages
/// ([`report_row_ids`], [`table_rows`]).
pub async fn report_table<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<Option<ReportTable>, DbErr> {
    let Some(report) = report(db, id).await? else {
        return Ok(None);
    };
    let ids = report_row_ids(db, id).await?;
    let rows = table_rows(db, &report, &ids).await?;
    let warnings = report_warnings(db, id).await?;
    Ok(Some(ReportTable {
        report,
        rows,
        warnings,
    }))
}

/// The ids of report `id`'s entries, in table order: numbers only, so a
/// table of any size can then be read a page at a time.
pub async fn report_row_ids<C: ConnectionTrait>(db: &C, id: i32) -> Result<Vec<i32>, DbErr> {
    progress::Entity::find()
        .select_only()
        .column(progress::Column::Id)
        .filter(progress::Column::ReportId.eq(id))
        .order_by_asc(progress::Column::RowNo)
        .order_by_asc(progress::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await
}

/// The rows of `report` whose entries are `ids`, in the order of `ids`,
/// each with its project and units.
pub async fn table_rows<C: ConnectionTrait>(
    db: &C,
    report: &report::Model,
    ids: &[i32],
) -> Result<Vec<TableRow>, DbErr> {
    let mut entries = super::projects::entries_by_id(db, ids).await?;
    let project_ids: Vec<i32> = entries.values().map(|e| e.progress.project_id).collect();
    let mut projects = super::projects::projects_by_id(db, &project_ids).await?;
    let mut units = super::projects::units_of(db, &project_ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            let entry = entries.remove(id)?;
            let project = projects.remove(&entry.progress.project_id)?;
            let names = units
                .remove(&project.id)
                .unwrap_or_default()
                .into_iter()
                .map(|u| u.name)
                .collect();
            Some(TableRow {
                entry: Entry {
                    progress: entry.progress,
                    report: report.clone(),
                },
                project,
                units: names,
            })
        })
        .collect())
}

/// What a report's rows hold past the five official columns, for a
/// table written out in the same shape.
#[derive(Clone, Debug, Default)]
pub struct ReportColumns {
    /// Some row has 备注.
    pub with_remarks: bool,
    /// The other columns' headers, in the order first met.
    pub extra: Vec<String>,
    /// Some row sits under a category row.
    pub with_category: bool,
    /// Some row has sub-items.
    pub with_items: bool,
}

/// The columns report `id`'s rows hold past the five official ones.
pub async fn report_columns<C: ConnectionTrait>(db: &C, id: i32) -> Result<ReportColumns, DbErr> {
    let ids = report_row_ids(db, id).await?;
    let mut columns = ReportColumns::default();
    type Cells = (i32, Option<String>, String, Option<String>, Option<String>);
    for chunk in ids.chunks(500) {
        let rows = progress::Entity::find()
            .select_only()
            .column(progress::Column::Id)
            .column(progress::Column::Remarks)
            .column(progress::Column::Extra)
            .column(progress::Column::Category)
            .column(progress::Column::Items)
            .filter(progress::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple::<Cells>()
            .all(db)
            .await?;
        let mut rows: Vec<_> = rows.into_iter().collect();
        let order: HashMap<i32, usize> = chunk.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        rows.sort_by_key(|(id, ..)| order.get(id).copied().unwrap_or(usize::MAX));
        for (_, remarks, json, category, items) in rows {
            columns.with_remarks |= remarks.is_some();
            columns.with_category |= category.is_some();
            columns.with_items |= items.is_some();
            let pairs: Vec<(String, String)> = serde_json::from_str(&json).unwrap_or_default();
            for (name, _) in pairs {
                if !columns.extra.contains(&name) {
                    columns.extra.push(name);
                }
            }
        }
    }
    Ok(columns)
}

/// What the import that wrote report `id` warned about: the first run
/// naming the report wrote it; later ones were UNCHANGED.
pub async fn report_warnings<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<Vec<crate::sheet::Warning>, DbErr> {
    let run = sync_run::Entity::find()
        .filter(sync_run::Column::ReportId.eq(id))
        .order_by_asc(sync_run::Column::Id)
        .one(db)
        .await?;
    Ok(run
        .and_then(|r| serde_json::from_str(&r.warnings).ok())
        .unwrap_or_default())
}

/// A number that changes whenever a report is written, by this process or
/// another sharing the database: the newest report's id (a replaced date
/// gets a new report too). Kept files of an older number are stale.
pub async fn data_generation<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let newest = report::Entity::find()
        .select_only()
        .column_as(report::Column::Id.max(), "newest")
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?;
    Ok(newest.flatten().map_or(0, i64::from))
}

/// Current reports (revisions left out unless asked for), oldest date
/// first; of one year and one issuer when given.
pub async fn reports<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
    issuer: Option<&str>,
    include_revisions: bool,
) -> Result<Vec<report::Model>, DbErr> {
    let mut query = report::Entity::find()
        .order_by_asc(report::Column::AsOf)
        .order_by_asc(report::Column::Id);
    if let Some(year) = year {
        query = query.filter(report::Column::Year.eq(year));
    }
    if let Some(issuer) = issuer {
        query = query.filter(report::Column::Issuer.eq(issuer));
    }
    if !include_revisions {
        query = query.filter(report::Column::ReplacedById.is_null());
    }
    query.all(db).await
}

/// The issuers whose current reports cover `year` (every year when None),
/// by name; "" stands for tables that name none.
pub async fn issuers<C: ConnectionTrait>(db: &C, year: Option<i32>) -> Result<Vec<String>, DbErr> {
    let mut query = report::Entity::find()
        .select_only()
        .column(report::Column::Issuer)
        .distinct()
        .filter(report::Column::ReplacedById.is_null())
        .order_by_asc(report::Column::Issuer);
    if let Some(year) = year {
        query = query.filter(report::Column::Year.eq(year));
    }
    query.into_tuple::<String>().all(db).await
}

/// Each issuer's years and the number of current reports of each:
/// (issuer, year, reports), by issuer then newest year first.
pub async fn issuer_years<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, i32, i64)>, DbErr> {
    report::Entity::find()
        .select_only()
        .column(report::Column::Issuer)
        .column(report::Column::Year)
        .column_as(report::Column::Id.count(), "n")
        .filter(report::Column::ReplacedById.is_null())
        .group_by(report::Column::Issuer)
        .group_by(report::Column::Year)
        .order_by_asc(report::Column::Issuer)
        .order_by_desc(report::Column::Year)
        .into_tuple()
        .all(db)
        .await
}

/// Whose tables a question about one year is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssuerChoice {
    /// This issuer's: the one asked for, or the only one holding the year.
    One(String),
    /// Nobody's: the year holds no report.
    Nobody,
    /// Several issuers hold the year and none was asked for.
    Several(Vec<String>),
}

/// The issuer a question about `year` means: `given` when given (trimmed),
/// else the only issuer holding the year.
pub async fn choose_issuer<C: ConnectionTrait>(
    db: &C,
    year: i32,
    given: Option<&str>,
) -> Result<IssuerChoice, DbErr> {
    if let Some(given) = given {
        return Ok(IssuerChoice::One(given.trim().to_owned()));
    }
    let mut held = issuers(db, Some(year)).await?;
    Ok(match held.len() {
        0 => IssuerChoice::Nobody,
        1 => IssuerChoice::One(held.remove(0)),
        _ => IssuerChoice::Several(held),
    })
}

/// The current report of `issuer`'s `year` at `as_of`, or at the latest
/// date on or before it; the latest of the year when `as_of` is None.
pub async fn report_as_of<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: Option<&str>,
    as_of: Option<chrono::NaiveDate>,
) -> Result<Option<report::Model>, DbErr> {
    let mut query = report::Entity::find()
        .filter(report::Column::Year.eq(year))
        .filter(report::Column::ReplacedById.is_null())
        .order_by_desc(report::Column::AsOf)
        .order_by_desc(report::Column::Id);
    if let Some(issuer) = issuer {
        query = query.filter(report::Column::Issuer.eq(issuer));
    }
    if let Some(as_of) = as_of {
        query = query.filter(report::Column::AsOf.lte(as_of));
    }
    query.one(db).await
}

/// The current report of `issuer`'s `year` for exactly `as_of`, if one is
/// held.
pub async fn current_at<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: &str,
    as_of: chrono::NaiveDate,
) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find()
        .filter(report::Column::Year.eq(year))
        .filter(report::Column::Issuer.eq(issuer))
        .filter(report::Column::AsOf.eq(as_of))
        .filter(report::Column::ReplacedById.is_null())
        .one(db)
        .await
}

/// The latest current report of `year` (or of the latest year held), of
/// `issuer` when given.
pub async fn latest_report<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
    issuer: Option<&str>,
) -> Result<Option<report::Model>, DbErr> {
    let mut query = report::Entity::find()
        .filter(report::Column::ReplacedById.is_null())
        .order_by_desc(report::Column::Year)
        .order_by_desc(report::Column::AsOf)
        .order_by_desc(report::Column::Id);
    if let Some(year) = year {
        query = query.filter(report::Column::Year.eq(year));
    }
    if let Some(issuer) = issuer {
        query = query.filter(report::Column::Issuer.eq(issuer));
    }
    query.one(db).await
}

/// The current reports of the same issuer's year just before and just
/// after `report`.
pub async fn neighbours<C: ConnectionTrait>(
    db: &C,
    report: &report::Model,
) -> Result<(Option<report::Model>, Option<report::Model>), DbErr> {
    let same_year = || {
        report::Entity::find()
            .filter(report::Column::Year.eq(report.year))
            .filter(report::Column::Issuer.eq(report.issuer.as_str()))
            .filter(report::Column::ReplacedById.is_null())
            .filter(report::Column::Id.ne(report.id))
    };
    let previous = same_year()
        .filter(report::Column::AsOf.lt(report.as_of))
        .order_by_desc(report::Column::AsOf)
        .one(db)
        .await?;
    let next = same_year()
        .filter(report::Column::AsOf.gt(report.as_of))
        .order_by_asc(report::Column::AsOf)
        .one(db)
        .await?;
    Ok((previous, next))
}

/// How many reports the database holds, revisions included.
pub async fn report_count<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    report::Entity::find().count(db).await
}

/// A page of the run log, newest first, and the total.
pub async fn sync_runs<C: ConnectionTrait>(
    db: &C,
    offset: u64,
    limit: u64,
) -> Result<(Vec<sync_run::Model>, u64), DbErr> {
    let total = sync_run::Entity::find().count(db).await?;
    let runs = sync_run::Entity::find()
        .order_by_desc(sync_run::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((runs, total))
}
