//! What the database keeps beside the tables, so that the read path
//! filters, orders and counts in SQL instead of judging on every query
//! (part of the database layer: `ingest` writes it inside the import's
//! transaction, `service` reads it): each project's state (its
//! latest entry in a current report, the one before, rate, status, light,
//! change and whether it stalled) and the search index of a year (which
//! projects hold each character bigram of their name, goal and latest
//! progress text). Both are recomputed, inside the import's transaction,
//! for the projects an import touched, so a replaced date or an older
//! period imported late leaves them right.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};

use crate::domain::{expected_rate, round2, Light, ProgressStatus, Tally};

/// Projects per statement when reading or writing state.
const CHUNK: usize = 500;
/// Rows per statement of a bulk update (each row binds every column).
const UPDATE_ROWS: usize = 1_000;

/// A comma-separated list of ids, for `IN (...)`: integers only, so they
/// are written into the statement rather than bound (no bind limit).
pub(crate) fn id_list(ids: &[i32]) -> String {
    let mut out = String::with_capacity(ids.len() * 6);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out
}

/// The light severity of an entry, as stored with it.
pub fn light_of(status: ProgressStatus, rate: Option<f64>, as_of: NaiveDate) -> i16 {
    Light::of(status, rate, expected_rate(as_of)).severity()
}

/// One entry as the state needs it: no texts.
#[derive(Clone, Debug)]
pub struct Slim {
    /// The progress row.
    pub id: i32,
    /// Its project.
    pub project_id: i32,
    /// Its report.
    pub report_id: i32,
    /// Its rate.
    pub rate: Option<f64>,
    /// Its status, as stored.
    pub status: String,
    /// Its light severity, as stored.
    pub light: Option<i16>,
    /// Its report's date.
    pub as_of: NaiveDate,
}

impl Slim {
    /// Its light.
    pub fn light(&self) -> Light {
        let severity = self.light.unwrap_or_else(|| {
            light_of(ProgressStatus::parse(&self.status), self.rate, self.as_of)
        });
        Light::from_severity(severity).unwrap_or(Light::Red)
    }
}

/// The latest two entries in current reports of each of `ids` (on or
/// before `as_of` when given), newest first: one statement per 500
/// projects, whatever their history, and no progress text read.
pub async fn latest_two<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
    as_of: Option<NaiveDate>,
) -> Result<HashMap<i32, Vec<Slim>>, DbErr> {
    let mut out: HashMap<i32, Vec<Slim>> = HashMap::new();
    // A date we format ourselves, so it is written into the statement.
    let until = as_of
        .map(|d| format!(" AND r.as_of <= '{}'", d.format("%Y-%m-%d")))
        .unwrap_or_default();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, project_id, report_id, completion_rate, status, light, as_of FROM (
               SELECT g.id, g.project_id, g.report_id, g.completion_rate, g.status, g.light, r.as_of,
                      ROW_NUMBER() OVER (PARTITION BY g.project_id ORDER BY r.as_of DESC, r.id DESC) AS rn
               FROM progress g JOIN report r ON r.id = g.report_id
               WHERE r.replaced_by_id IS NULL AND g.project_id IN ({}){until}
             ) t WHERE rn <= 2 ORDER BY project_id, rn",
            id_list(chunk)
        );
        let rows = db
            .query_all(Statement::from_string(db.get_database_backend(), sql))
            .await?;
        for row in rows {
            let slim = Slim {
                id: row.try_get("", "id")?,
                project_id: row.try_get("", "project_id")?,
                report_id: row.try_get("", "report_id")?,
                rate: row.try_get("", "completion_rate")?,
                status: row.try_get("", "status")?,
                light: row.try_get("", "light")?,
                as_of: row.try_get("", "as_of")?,
            };
            out.entry(slim.project_id).or_default().push(slim);
        }
    }
    Ok(out)
}

/// Sets `columns` of the rows of `table` keyed by `id` to each row's
/// values: one `UPDATE ... FROM (VALUES ...)` per thousand rows instead of
/// one statement per row. `columns` are (name, PostgreSQL type) and each
/// row's values are in their order.
pub(crate) async fn bulk_update<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[(&str, &str)],
    rows: Vec<(i32, Vec<Value>)>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let width = columns.len() + 1;
    for chunk in rows.chunks(UPDATE_ROWS) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * width);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (id, row) in chunk {
            let start = values.len();
            values.push(Value::Int(Some(*id)));
            values.extend(row.iter().cloned());
            let cells: Vec<String> = (0..width)
                .map(|i| match backend {
                    DatabaseBackend::Postgres => {
                        let kind = if i == 0 { "integer" } else { columns[i - 1].1 };
                        format!("${}::{kind}", start + i + 1)
                    }
                    _ => "?".to_owned(),
                })
                .collect();
            tuples.push(format!("({})", cells.join(",")));
        }
        let sql = match backend {
            DatabaseBackend::Postgres => {
                let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
                let sets: Vec<String> = names.iter().map(|n| format!("{n} = v.{n}")).collect();
                format!(
                    "UPDATE {table} SET {} FROM (VALUES {}) AS v(id, {}) WHERE {table}.id = v.id",
                    sets.join(", "),
                    tuples.join(","),
                    names.join(", ")
                )
            }
            _ => {
                // SQLite names the columns of VALUES column1, column2, ...
                let sets: Vec<String> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| format!("{n} = v.column{}", i + 2))
                    .collect();
                format!(
                    "UPDATE {table} SET {} FROM (VALUES {}) AS v WHERE {table}.id = v.column1",
                    sets.join(", "),
                    tuples.join(",")
                )
            }
        };
        db.execute(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// The state columns of `project` and their PostgreSQL types.
const STATE_COLUMNS: [(&str, &str); 9] = [
    ("state_as_of", "date"),
    ("state_report_id", "integer"),
    ("state_progress_id", "integer"),
    ("state_previous_id", "integer"),
    ("state_rate", "double precision"),
    ("state_status", "text"),
    ("state_light", "smallint"),
    ("state_delta", "double precision"),
    ("state_stalled", "boolean"),
];

/// Recomputes the state of projects `ids` from their entries in current
/// reports.
pub async fn refresh<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<(), DbErr> {
    let mut ids: Vec<i32> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut entries = latest_two(db, &ids, None).await?;
    let rows = ids
        .iter()
        .map(|id| {
            let two = entries.remove(id).unwrap_or_default();
            (*id, state_values(two.first(), two.get(1)))
        })
        .collect();
    bulk_update(db, "project", &STATE_COLUMNS, rows).await
}

/// The state of a project whose latest entry is `latest`, and `previous`
/// the one before.
fn state_values(latest: Option<&Slim>, previous: Option<&Slim>) -> Vec<Value> {
    let Some(e) = latest else {
        return vec![
            Value::ChronoDate(None),
            Value::Int(None),
            Value::Int(None),
            Value::Int(None),
            Value::Double(None),
            Value::String(None),
            Value::SmallInt(None),
            Value::Double(None),
            Value::Bool(Some(false)),
        ];
    };
    let status = ProgressStatus::parse(&e.status);
    let light = e.light.unwrap_or_else(|| light_of(status, e.rate, e.as_of));
    let delta = match (e.rate, previous.and_then(|p| p.rate)) {
        (Some(now), Some(before)) => Some(round2(now - before)),
        _ => None,
    };
    let stalled = status != ProgressStatus::Completed && previous.is_some_and(|p| p.rate == e.rate);
    vec![
        Value::ChronoDate(Some(Box::new(e.as_of))),
        Value::Int(Some(e.report_id)),
        Value::Int(Some(e.id)),
        Value::Int(previous.map(|p| p.id)),
        Value::Double(e.rate),
        Value::String(Some(Box::new(status.as_str().to_owned()))),
        Value::SmallInt(Some(light)),
        Value::Double(delta),
        Value::Bool(Some(stalled)),
    ]
}

mod backfill;
mod search;
mod tallies;

pub use backfill::fill_missing;
pub use search::{candidates, fold, grams, reindex, Candidates};
pub(crate) use tallies::group_into;
pub use tallies::{keep_counts, report_tallies};
