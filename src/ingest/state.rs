//! What the read path filters, orders and counts by, judged when tables
//! are written rather than on every query: each project's state (its
//! latest entry in a current report, the one before, rate, status, light,
//! change and whether it stalled) and the search index of a year (which
//! projects hold each character bigram of their name, goal and latest
//! progress text). Both are recomputed, inside the import's transaction,
//! for the projects an import touched, so a replaced date or an older
//! period imported late leaves them right.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};

use crate::domain::{expected_rate, round2, Light, ProgressStatus};

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

/// Fields longer than this (in characters) are not split into bigrams: the
/// project is listed under [`UNINDEXED`] and its texts are checked on every
/// search, so a table with a huge cell cannot make the index huge.
const INDEXED_CHARS: usize = 4_000;
/// The "gram" listing the projects with a field too long to index.
const UNINDEXED: i64 = -1;

/// A character bigram as a number: the two code points side by side.
fn gram(a: char, b: char) -> i64 {
    (i64::from(u32::from(a)) << 21) | i64::from(u32::from(b))
}

/// Text as the search compares it: Latin letters folded to lower case.
pub fn fold(text: &str) -> Vec<char> {
    text.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// The distinct bigrams of `text` (folded).
pub fn grams(text: &str) -> HashSet<i64> {
    fold(text).windows(2).map(|w| gram(w[0], w[1])).collect()
}

/// A sorted id list as bytes: each id's distance from the one before, as
/// a LEB128 varint (most take one or two bytes).
fn encode(ids: &[i32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 2);
    let mut last: i64 = 0;
    for &id in ids {
        let mut gap = (i64::from(id) - last) as u64;
        last = i64::from(id);
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out
}

/// The ids `encode` wrote; what cannot be read ends the list.
pub fn decode(bytes: &[u8]) -> Vec<i32> {
    let mut out = Vec::new();
    let (mut last, mut gap, mut shift) = (0i64, 0u64, 0u32);
    for &b in bytes {
        if shift > 63 {
            break;
        }
        gap |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            last += gap as i64;
            match i32::try_from(last) {
                Ok(id) => out.push(id),
                Err(_) => break,
            }
            gap = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
    out
}

/// Projects read at a time while the index is rebuilt.
const READ_PROJECTS: u64 = 500;
/// (bigram, project) pairs held before they are written as a block: about
/// 16 MB, whatever the size of the year or of its texts.
const BLOCK_PAIRS: usize = 1_000_000;

/// Rebuilds the search index of `year` from each project's name, goal and
/// latest progress text. Projects are read 500 at a time in id order and
/// their pairs written as blocks of about a million, so memory stays
/// bounded; each block holds, per bigram, the ids of its projects.
pub async fn reindex<C: ConnectionTrait>(db: &C, year: i32) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let placeholder = |n: usize| match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    db.execute(Statement::from_sql_and_values(
        backend,
        format!("DELETE FROM search_posting WHERE year = {}", placeholder(1)),
        [year.into()],
    ))
    .await?;
    let mut pairs: Vec<(i64, i32)> = Vec::new();
    let mut block = 0;
    let mut after = 0;
    loop {
        let rows = db
            .query_all(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT p.id, p.name, p.goal, g.detail FROM project p
                     LEFT JOIN progress g ON g.id = p.state_progress_id
                     WHERE p.year = {} AND p.id > {} ORDER BY p.id LIMIT {READ_PROJECTS}",
                    placeholder(1),
                    placeholder(2)
                ),
                [year.into(), after.into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.try_get::<i32>("", "id")?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            let goal: String = row.try_get("", "goal")?;
            let detail: Option<String> = row.try_get("", "detail")?;
            let fields = [
                name.as_str(),
                goal.as_str(),
                detail.as_deref().unwrap_or_default(),
            ];
            if fields
                .iter()
                .any(|f| f.chars().nth(INDEXED_CHARS).is_some())
            {
                pairs.push((UNINDEXED, id));
                continue;
            }
            let mut all = HashSet::new();
            for field in fields {
                all.extend(grams(field));
            }
            pairs.extend(all.into_iter().map(|g| (g, id)));
        }
        if pairs.len() >= BLOCK_PAIRS {
            write_block(db, year, block, &mut pairs).await?;
            block += 1;
        }
    }
    write_block(db, year, block, &mut pairs).await
}

/// Writes `pairs` as block `block` of `year`'s index: one row per bigram
/// with the sorted ids holding it. Empties `pairs`.
async fn write_block<C: ConnectionTrait>(
    db: &C,
    year: i32,
    block: i32,
    pairs: &mut Vec<(i64, i32)>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    pairs.sort_unstable();
    let mut rows: Vec<(i64, Vec<u8>)> = Vec::new();
    for same in pairs.chunk_by(|a, b| a.0 == b.0) {
        let ids: Vec<i32> = same.iter().map(|(_, id)| *id).collect();
        rows.push((same[0].0, encode(&ids)));
    }
    pairs.clear();
    for chunk in rows.chunks(UPDATE_ROWS) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 2);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (g, ids) in chunk {
            let at = values.len();
            values.push(Value::BigInt(Some(*g)));
            values.push(Value::Bytes(Some(Box::new(ids.clone()))));
            tuples.push(match backend {
                DatabaseBackend::Postgres => format!("({year}, {block}, ${}, ${})", at + 1, at + 2),
                _ => format!("({year}, {block}, ?, ?)"),
            });
        }
        let sql = format!(
            "INSERT INTO search_posting (year, block, gram, ids) VALUES {}",
            tuples.join(",")
        );
        db.execute(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// What the search index says of a needle.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// The projects that may hold it, sorted.
    pub ids: Vec<i32>,
    /// True when each of them holds it for sure: a two-character needle
    /// (one bigram), and no candidate is there for a field too long to
    /// index.
    pub exact: bool,
}

/// The projects of `year` (every year when None) whose name, goal or
/// latest progress text may hold `needle`: those holding every bigram of
/// it, and those with a field too long to index. None for a needle under
/// two characters, which the index cannot answer.
pub async fn candidates<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
    needle: &str,
) -> Result<Option<Candidates>, DbErr> {
    let folded = fold(needle);
    if folded.len() < 2 {
        return Ok(None);
    }
    let wanted: HashSet<i64> = folded.windows(2).map(|w| gram(w[0], w[1])).collect();
    let mut grams_sql: Vec<String> = wanted.iter().map(i64::to_string).collect();
    grams_sql.push(UNINDEXED.to_string());
    let mut sql = format!(
        "SELECT year, gram, ids FROM search_posting WHERE gram IN ({}) ORDER BY year, gram, block",
        grams_sql.join(",")
    );
    if let Some(y) = year {
        sql.push_str(&format!(" AND year = {y}"));
    }
    let rows = db
        .query_all(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    // Per year, per bigram, the ids of every block (blocks are in id
    // order and disjoint).
    let mut by_year: HashMap<i32, HashMap<i64, Vec<i32>>> = HashMap::new();
    let mut unindexed: Vec<i32> = Vec::new();
    for row in rows {
        let y: i32 = row.try_get("", "year")?;
        let g: i64 = row.try_get("", "gram")?;
        let ids: Vec<u8> = row.try_get("", "ids")?;
        if g == UNINDEXED {
            unindexed.extend(decode(&ids));
        } else {
            by_year
                .entry(y)
                .or_default()
                .entry(g)
                .or_default()
                .extend(decode(&ids));
        }
    }
    let mut out = Candidates {
        exact: folded.len() == 2 && unindexed.is_empty(),
        ids: unindexed,
    };
    for grams in by_year.into_values() {
        let mut lists: Vec<Vec<i32>> = grams.into_values().collect();
        // A year lacking one of the bigrams has no match.
        if lists.len() < wanted.len() {
            continue;
        }
        lists.sort_by_key(Vec::len);
        let mut hits = lists.swap_remove(0);
        for other in &lists {
            let other: HashSet<i32> = other.iter().copied().collect();
            hits.retain(|id| other.contains(id));
        }
        out.ids.extend(hits);
    }
    out.ids.sort_unstable();
    out.ids.dedup();
    Ok(Some(out))
}

/// Fills what databases written before the state existed lack: each
/// entry's light, each project's state and the search index. Does nothing
/// (two small queries) once they are filled.
pub async fn fill_missing<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    // Entries without a light: judged against their report's date.
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT g.id, g.completion_rate, g.status, r.as_of FROM progress g
             JOIN report r ON r.id = g.report_id WHERE g.light IS NULL",
        ))
        .await?;
    let mut lights = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let rate: Option<f64> = row.try_get("", "completion_rate")?;
        let status: String = row.try_get("", "status")?;
        let as_of: NaiveDate = row.try_get("", "as_of")?;
        let light = light_of(ProgressStatus::parse(&status), rate, as_of);
        lights.push((id, vec![Value::SmallInt(Some(light))]));
    }
    bulk_update(db, "progress", &[("light", "smallint")], lights).await?;
    // Projects with entries but no state yet, and their years' indexes.
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT DISTINCT p.id, p.year FROM project p
             JOIN progress g ON g.project_id = p.id
             JOIN report r ON r.id = g.report_id AND r.replaced_by_id IS NULL
             WHERE p.state_progress_id IS NULL",
        ))
        .await?;
    let mut ids = Vec::with_capacity(rows.len());
    let mut years = HashSet::new();
    for row in rows {
        ids.push(row.try_get::<i32>("", "id")?);
        years.insert(row.try_get::<i32>("", "year")?);
    }
    if ids.is_empty() {
        return Ok(());
    }
    tracing::info!(
        projects = ids.len(),
        "filling the state of projects imported before it was kept"
    );
    refresh(db, &ids).await?;
    for year in years {
        reindex(db, year).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_round_trip() {
        let ids = vec![1, 2, 3, 130, 131, 20_000, 2_000_000_000];
        assert_eq!(decode(&encode(&ids)), ids);
        assert_eq!(encode(&[1, 2, 3]), vec![1, 1, 1]);
        assert!(
            decode(&[0xff; 20]).is_empty(),
            "a broken list reads as nothing"
        );
    }

    #[test]
    fn grams_are_overlapping_pairs() {
        let g = grams("养老服务");
        assert_eq!(g.len(), 3);
        assert!(g.contains(&gram('养', '老')));
        assert!(g.contains(&gram('老', '服')));
        assert_eq!(grams("AB"), grams("ab"));
        assert!(grams("养").is_empty());
    }
}
