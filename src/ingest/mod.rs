//! Parsed tables -> database, each in one transaction.
//!
//! Identity and history rules live here: a project is the same project
//! within an issuer's year when its normalized name is the same, whatever
//! its serial;
//! a table whose file was imported before changes nothing; a second table
//! for a date already held replaces that date's snapshot and keeps the older
//! one as a revision.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entity::{progress, project, project_unit, report, unit};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
    TransactionTrait, Value,
};

use crate::derived as state;
use crate::domain::ProgressStatus;
use crate::sheet::{ParsedTable, Warning};

mod issuer;
pub use issuer::{join_unnamed, resolve, Resolution};

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// The issuer it was imported under: the table's, or when the table
    /// names none, the one issuer its year holds (see [`resolve`]).
    pub issuer: String,
    /// What the import noticed beyond the reader's warnings.
    pub warnings: Vec<Warning>,
    /// The report holding the table: new, or the one already imported from
    /// the same file.
    pub report_id: i32,
    /// False when the same file had been imported before (nothing written).
    pub written: bool,
    /// Projects created.
    pub created: i32,
    /// Existing projects the table listed.
    pub updated: i32,
}

/// What an import would do, without writing (dry run).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// The issuer it would be imported under.
    pub issuer: String,
    /// What the import would notice beyond the reader's warnings.
    pub warnings: Vec<Warning>,
    /// The report already holding the same file or the same table for its
    /// date, if any: the import would change nothing.
    pub existing_report: Option<i32>,
    /// Projects it would create.
    pub created: i32,
    /// Existing projects it would update.
    pub updated: i32,
}

/// The PostgreSQL advisory lock that serializes imports across replicas.
const IMPORT_LOCK_KEY: i64 = 0x5348_4953_4849; // "SHISHI"

/// What a project's latest table prints, set in bulk (PostgreSQL types).
const PRINTED_COLUMNS: [(&str, &str); 6] = [
    ("serial_no", "integer"),
    ("name", "text"),
    ("goal", "text"),
    ("latest_as_of", "date"),
    ("category", "text"),
    ("serial_mark", "text"),
];

/// Rows per multi-row INSERT; well under SQLite's and PostgreSQL's bind limits.
const CHUNK: usize = 500;

/// The report imported from a file with this SHA-256, if any.
pub async fn report_by_sha256<C: ConnectionTrait>(
    db: &C,
    sha256: &str,
) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find()
        .filter(report::Column::Sha256.eq(sha256))
        .one(db)
        .await
}

/// Counts what importing `table` would create and update.
/// What importing `table` would do, as [`import_table`] would do it: the
/// same file, or the same table (merged, for a return) as the report held
/// for its date, changes nothing.
pub async fn plan_import(
    db: &DatabaseConnection,
    table: &ParsedTable,
    sha256: &str,
    merge: bool,
) -> Result<ImportPlan, DbErr> {
    let resolution = resolve(db, &table.issuer, table.year).await?;
    let mut existing_report = report_by_sha256(db, sha256).await?.map(|r| r.id);
    if existing_report.is_none() {
        let held = report::Entity::find()
            .filter(report::Column::Issuer.eq(resolution.issuer.as_str()))
            .filter(report::Column::Year.eq(table.year))
            .filter(report::Column::AsOf.eq(table.period.as_of))
            .filter(report::Column::ReplacedById.is_null())
            .one(db)
            .await?;
        if let Some(held) = held {
            let content = if merge {
                let (projects, _) = merge_rows(held_records(db, held.id).await?, &table.projects);
                ParsedTable {
                    projects,
                    ..table.clone()
                }
                .content_sha256()
            } else {
                table.content_sha256()
            };
            if held.content_sha256.as_deref() == Some(content.as_str()) {
                existing_report = Some(held.id);
            }
        }
    }
    if existing_report.is_some() {
        return Ok(ImportPlan {
            issuer: resolution.issuer,
            warnings: resolution.warning.into_iter().collect(),
            existing_report,
            created: 0,
            updated: 0,
        });
    }
    let mut issuers = vec![resolution.issuer.clone()];
    if resolution.takes_in_unnamed {
        issuers.push(String::new());
    }
    let known: HashSet<String> = project::Entity::find()
        .select_only()
        .column(project::Column::NormalizedName)
        .filter(project::Column::Issuer.is_in(issuers))
        .filter(project::Column::Year.eq(table.year))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let updated = table
        .projects
        .iter()
        .filter(|p| known.contains(&p.normalized_name))
        .count() as i32;
    Ok(ImportPlan {
        issuer: resolution.issuer,
        warnings: resolution.warning.into_iter().collect(),
        existing_report,
        created: table.projects.len() as i32 - updated,
        updated,
    })
}

/// Writes `table` as a new report in one transaction. Returns the existing
/// report, writing nothing, when a file with this SHA-256 was imported before.
/// With `merge`, the table's rows merge into the report held for its date
/// (a unit's return): each project it lists gets this entry, the others
/// keep theirs, and the report replaced is kept as a revision; with no
/// report for the date, the new one holds the table's rows alone and is
/// `partial` until a whole table replaces it.
pub async fn import_table(
    db: &DatabaseConnection,
    table: &ParsedTable,
    source_name: &str,
    sha256: &str,
    merge: bool,
) -> Result<ImportOutcome, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // Replicas import one table at a time; the one that waited then
        // finds the table imported and writes nothing.
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [IMPORT_LOCK_KEY.into()],
        ))
        .await?;
    } else {
        // Take SQLite's write lock before reading anything (an UPDATE
        // takes it even when it matches no row), waiting out another
        // writer (busy timeout): a transaction that read first and wrote
        // after another connection's commit would fail as "database is
        // locked" instead of waiting.
        txn.execute_unprepared("UPDATE report SET id = id WHERE 0")
            .await?;
    }
    if let Some(existing) = report_by_sha256(&txn, sha256).await? {
        txn.rollback().await?;
        return Ok(ImportOutcome {
            issuer: existing.issuer,
            warnings: Vec::new(),
            report_id: existing.id,
            written: false,
            created: 0,
            updated: 0,
        });
    }
    let resolution = resolve(&txn, &table.issuer, table.year).await?;
    if resolution.takes_in_unnamed {
        issuer::take_in_unnamed(&txn, table.year, &resolution.issuer).await?;
    }
    let issuer = resolution.issuer;
    let warnings: Vec<Warning> = resolution.warning.into_iter().collect();
    let as_of = table.period.as_of;
    let previous = report::Entity::find()
        .filter(report::Column::Issuer.eq(issuer.as_str()))
        .filter(report::Column::Year.eq(table.year))
        .filter(report::Column::AsOf.eq(as_of))
        .filter(report::Column::ReplacedById.is_null())
        .one(&txn)
        .await?;
    // A return: the held report's rows, the return's in their place.
    let merged_table;
    let mut carried = 0;
    let table = match (merge, &previous) {
        (true, Some(held)) => {
            let (projects, kept) = merge_rows(held_records(&txn, held.id).await?, &table.projects);
            carried = kept;
            merged_table = ParsedTable {
                projects,
                ..table.clone()
            };
            &merged_table
        }
        _ => table,
    };
    let partial = merge && previous.as_ref().is_none_or(|p| p.partial);
    // The same content in other bytes (re-saved, another format) is the
    // table already held for that date: nothing changes.
    let content_sha256 = table.content_sha256();
    if let Some(same) = previous
        .as_ref()
        .filter(|p| p.content_sha256.as_deref() == Some(content_sha256.as_str()))
    {
        let report_id = same.id;
        // What the year's tables naming no issuer joined is kept.
        if resolution.takes_in_unnamed {
            txn.commit().await?;
        } else {
            txn.rollback().await?;
        }
        return Ok(ImportOutcome {
            issuer,
            warnings,
            report_id,
            written: false,
            created: 0,
            updated: 0,
        });
    }
    let new_report = report::ActiveModel {
        issuer: Set(issuer.clone()),
        year: Set(table.year),
        period: Set(table.period.label.clone()),
        as_of: Set(as_of),
        title: Set(table.title.clone()),
        source_name: Set(source_name.to_owned()),
        sha256: Set(sha256.to_owned()),
        sheet: Set(table.sheet.clone()),
        imported_at: Set(Utc::now()),
        project_count: Set(table.projects.len() as i32),
        content_sha256: Set(Some(content_sha256)),
        partial: Set(partial),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The projects whose state the import may change: those it lists and
    // those of the table it replaces (which may not list them again).
    let mut touched: Vec<i32> = Vec::with_capacity(table.projects.len());
    if let Some(previous) = previous {
        touched.extend(
            progress::Entity::find()
                .select_only()
                .column(progress::Column::ProjectId)
                .filter(progress::Column::ReportId.eq(previous.id))
                .into_tuple::<i32>()
                .all(&txn)
                .await?,
        );
        let mut old: report::ActiveModel = previous.into();
        old.replaced_by_id = Set(Some(new_report.id));
        old.update(&txn).await?;
    }

    let unit_ids = ensure_units(&txn, table).await?;
    // The issuer's year's projects by name: id and latest date only, not whole rows.
    let mut known: HashMap<String, (i32, chrono::NaiveDate)> = project::Entity::find()
        .select_only()
        .column(project::Column::NormalizedName)
        .column(project::Column::Id)
        .column(project::Column::LatestAsOf)
        .filter(project::Column::Issuer.eq(issuer.as_str()))
        .filter(project::Column::Year.eq(table.year))
        .into_tuple::<(String, i32, chrono::NaiveDate)>()
        .all(&txn)
        .await?
        .into_iter()
        .map(|(name, id, latest)| (name, (id, latest)))
        .collect();

    // New projects go in with multi-row INSERTs, then their ids are read
    // back by name: a few statements per 500 projects instead of one each.
    // Everything is written 500 rows at a time, so the rows being written
    // never take more memory than one chunk's.
    let now = Utc::now();
    let new_records: Vec<&crate::sheet::ProjectRecord> = table
        .projects
        .iter()
        .filter(|r| !known.contains_key(&r.normalized_name))
        .collect();
    let created = new_records.len() as i32;
    let is_new: HashSet<&str> = new_records
        .iter()
        .map(|r| r.normalized_name.as_str())
        .collect();
    for chunk in new_records.chunks(CHUNK) {
        let inserted =
            project::Entity::insert_many(chunk.iter().map(|record| project::ActiveModel {
                issuer: Set(issuer.clone()),
                year: Set(table.year),
                serial_no: Set(record.serial_no),
                name: Set(record.name.clone()),
                normalized_name: Set(record.normalized_name.clone()),
                goal: Set(record.goal.clone()),
                latest_as_of: Set(as_of),
                category: Set(record.category.clone()),
                serial_mark: Set(record.serial_mark.clone()),
                created_at: Set(now),
                ..Default::default()
            }))
            .exec_with_returning_many(&txn)
            .await?;
        for p in inserted {
            known.insert(p.normalized_name, (p.id, as_of));
        }
    }
    drop(new_records);

    let mut updated = 0;
    for records in table.projects.chunks(CHUNK) {
        let mut progress_rows = Vec::with_capacity(records.len());
        let mut relinked = Vec::new();
        let mut renamed = Vec::new();
        let mut links = Vec::new();
        for record in records {
            let Some(&(project_id, latest)) = known.get(&record.normalized_name) else {
                // Inserted above; absent only if the database lost it.
                return Err(DbErr::RecordNotFound(format!(
                    "project '{}' was not found after it was inserted",
                    record.name
                )));
            };
            touched.push(project_id);
            let link_units = if is_new.contains(record.normalized_name.as_str()) {
                true
            } else {
                updated += 1;
                let is_latest = as_of >= latest;
                if is_latest {
                    renamed.push((
                        project_id,
                        vec![
                            Value::Int(record.serial_no),
                            Value::String(Some(Box::new(record.name.clone()))),
                            Value::String(Some(Box::new(record.goal.clone()))),
                            Value::ChronoDate(Some(Box::new(as_of))),
                            Value::String(record.category.clone().map(Box::new)),
                            Value::String(record.serial_mark.clone().map(Box::new)),
                        ],
                    ));
                    relinked.push(project_id);
                }
                is_latest
            };
            if link_units {
                for (position, name) in record.units.iter().enumerate() {
                    if let Some(&unit_id) = unit_ids.get(name) {
                        links.push(project_unit::ActiveModel {
                            project_id: Set(project_id),
                            unit_id: Set(unit_id),
                            position: Set(position as i32),
                        });
                    }
                }
            }
            progress_rows.push(progress::ActiveModel {
                project_id: Set(project_id),
                report_id: Set(new_report.id),
                serial_no: Set(record.serial_no),
                row_no: Set(record.row as i32),
                completion_rate: Set(record.rate),
                raw_rate: Set(record.raw_rate.clone()),
                status: Set(ProgressStatus::from_rate(record.rate).as_str().to_owned()),
                summary: Set(record.summary.clone()),
                detail: Set(record.detail.clone()),
                remarks: Set(record.remarks.clone()),
                extra: Set(extra_json(&record.extra)),
                light: Set(Some(state::light_of(
                    ProgressStatus::from_rate(record.rate),
                    record.rate,
                    as_of,
                ))),
                category: Set(record.category.clone()),
                serial_mark: Set(record.serial_mark.clone()),
                items: Set(items_json(&record.items)),
                rate_source: Set(record.rate_from_items.then(|| RATE_FROM_ITEMS.to_owned())),
                ..Default::default()
            });
        }
        // Serial, name and goal as this latest table prints them: one
        // statement for the chunk.
        state::bulk_update(&txn, "project", &PRINTED_COLUMNS, renamed).await?;
        if !relinked.is_empty() {
            project_unit::Entity::delete_many()
                .filter(project_unit::Column::ProjectId.is_in(relinked))
                .exec(&txn)
                .await?;
        }
        insert_chunked(&txn, links).await?;
        insert_chunked(&txn, progress_rows).await?;
    }
    // The rows a return carried over from the held report are not its own.
    let updated = updated - carried as i32;
    state::keep_counts(&txn, &[new_report.id]).await?;
    state::refresh(&txn, &touched).await?;
    state::reindex(&txn, table.year).await?;
    txn.commit().await?;
    tidy(db).await;
    Ok(ImportOutcome {
        issuer,
        warnings,
        report_id: new_report.id,
        written: true,
        created,
        updated,
    })
}

/// The tables an import rewrites, cleaned after it on PostgreSQL: each
/// import updates every project row it lists, and the dead row versions it
/// leaves would make the next reads visit them too (index-only scans need
/// the table vacuumed), while the planner's statistics would still describe
/// the tables before the import. Autovacuum would get there within minutes;
/// reads right after an import should not wait for it. The import is
/// committed by then: a failure here is logged, not reported.
async fn tidy(db: &DatabaseConnection) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let sql = "VACUUM (ANALYZE) project, progress, project_unit, report, search_posting";
    if let Err(e) = db
        .execute(Statement::from_string(DatabaseBackend::Postgres, sql))
        .await
    {
        tracing::warn!(error = %e, "vacuum after the import failed; autovacuum will clean up");
    }
}

async fn insert_chunked<C, A>(db: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    A: ActiveModelTrait,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Every unit the table names, created when new; name -> id.
async fn ensure_units<C: ConnectionTrait>(
    db: &C,
    table: &ParsedTable,
) -> Result<HashMap<String, i32>, DbErr> {
    let names: Vec<&String> = table
        .projects
        .iter()
        .flat_map(|p| p.units.iter())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut ids = HashMap::with_capacity(names.len());
    for chunk in names.chunks(CHUNK) {
        unit::Entity::insert_many(chunk.iter().map(|name| unit::ActiveModel {
            name: Set((*name).clone()),
            ..Default::default()
        }))
        .on_conflict(
            OnConflict::column(unit::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
        for u in unit::Entity::find()
            .filter(unit::Column::Name.is_in(chunk.iter().map(|n| n.as_str())))
            .all(db)
            .await?
        {
            ids.insert(u.name, u.id);
        }
    }
    Ok(ids)
}

/// Other columns as a JSON array of `[header, text]`, in column order.
/// The held report's rows, in table order, as the records a table would
/// give: what a return merges into.
async fn held_records<C: ConnectionTrait>(
    db: &C,
    report_id: i32,
) -> Result<Vec<crate::sheet::ProjectRecord>, DbErr> {
    let rows = progress::Entity::find()
        .filter(progress::Column::ReportId.eq(report_id))
        .order_by_asc(progress::Column::RowNo)
        .order_by_asc(progress::Column::Id)
        .find_also_related(project::Entity)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|(p, _)| p.project_id).collect();
    let mut units: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let links = project_unit::Entity::find()
            .filter(project_unit::Column::ProjectId.is_in(chunk.iter().copied()))
            .order_by_asc(project_unit::Column::Position)
            .find_also_related(unit::Entity)
            .all(db)
            .await?;
        for (link, u) in links {
            if let Some(u) = u {
                units.entry(link.project_id).or_default().push(u.name);
            }
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|(p, project)| {
            let project = project?;
            Some(crate::sheet::ProjectRecord {
                row: u32::try_from(p.row_no).unwrap_or(0),
                serial_no: p.serial_no,
                name: project.name,
                normalized_name: project.normalized_name,
                goal: project.goal,
                units: units.remove(&project.id).unwrap_or_default(),
                rate: p.completion_rate,
                raw_rate: p.raw_rate,
                summary: p.summary,
                detail: p.detail,
                remarks: p.remarks,
                extra: serde_json::from_str(&p.extra).unwrap_or_default(),
                serial_mark: p.serial_mark,
                category: p.category,
                items: p
                    .items
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok())
                    .unwrap_or_default(),
                rate_from_items: p.rate_source.as_deref() == Some(RATE_FROM_ITEMS),
            })
        })
        .collect())
}

/// `held` with `returned` merged in: each returned project in its held
/// row's place, one not held added; in 序号 order (unnumbered last). Also
/// how many held rows were kept as they were.
fn merge_rows(
    mut held: Vec<crate::sheet::ProjectRecord>,
    returned: &[crate::sheet::ProjectRecord],
) -> (Vec<crate::sheet::ProjectRecord>, usize) {
    let at: HashMap<String, usize> = held
        .iter()
        .enumerate()
        .map(|(i, p)| (p.normalized_name.clone(), i))
        .collect();
    let mut replaced = HashSet::new();
    for r in returned {
        match at.get(&r.normalized_name) {
            Some(&i) => {
                held[i] = r.clone();
                replaced.insert(i);
            }
            None => held.push(r.clone()),
        }
    }
    let kept = at.len() - replaced.len();
    held.sort_by_key(|p| p.serial_no.unwrap_or(i32::MAX));
    (held, kept)
}

/// The stored `rate_source` of an entry whose rate is its items' mean.
pub const RATE_FROM_ITEMS: &str = "ITEMS";

fn items_json(items: &[crate::sheet::ItemRecord]) -> Option<String> {
    (!items.is_empty()).then(|| serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned()))
}

fn extra_json(extra: &[(String, String)]) -> String {
    serde_json::to_string(extra).unwrap_or_else(|_| "[]".to_owned())
}

/// Gives reports imported before issuers were kept the issuer their title
/// (else their file name) names, and their projects with it: a project
/// takes the issuer of its oldest report that names one. A project already
/// held under that issuer by the same name keeps its own. Reports naming
/// none keep none. Cheap once done: one query of the reports with none.
pub async fn fill_issuers<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let unnamed = report::Entity::find()
        .filter(report::Column::Issuer.eq(""))
        .order_by_asc(report::Column::AsOf)
        .order_by_asc(report::Column::Id)
        .all(db)
        .await?;
    let backend = db.get_database_backend();
    let p = |i: usize| match backend {
        DatabaseBackend::Postgres => format!("${i}"),
        _ => "?".to_owned(),
    };
    let sql = format!(
        "UPDATE project SET issuer = {issuer} WHERE issuer = '' \
         AND id IN (SELECT project_id FROM progress WHERE report_id = {report}) \
         AND NOT EXISTS (SELECT 1 FROM project q WHERE q.issuer = {issuer} \
         AND q.year = project.year AND q.normalized_name = project.normalized_name)",
        issuer = p(1),
        report = p(2),
    );
    for r in unnamed {
        let Some(issuer) =
            crate::sheet::issuer_in(&r.title).or_else(|| crate::sheet::issuer_in(&r.source_name))
        else {
            continue;
        };
        tracing::info!(report = r.id, %issuer, "reading the issuer of a report imported before issuers were kept");
        let id = r.id;
        let mut named: report::ActiveModel = r.into();
        named.issuer = Set(issuer.clone());
        named.update(db).await?;
        db.execute(Statement::from_sql_and_values(
            backend,
            &sql,
            [issuer.into(), id.into()],
        ))
        .await?;
    }
    Ok(())
}
