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

/// Fields longer than this (in characters) are not split into bigrams: the
/// project is listed under [`UNINDEXED`] and its texts are checked on every
/// search, so a table with a huge cell cannot make the index huge.
const INDEXED_CHARS: usize = 4_000;
/// The "gram" listing the projects with a field too long to index.
const UNINDEXED: i64 = -1;
/// Bigrams are stored in this many buckets per block of projects (one row
/// each), so the rows an import writes are bounded whatever the text: a
/// table of random characters has millions of distinct bigrams.
const BUCKETS: i64 = 4_096;

/// The bucket of a bigram; the unindexed list has one of its own.
fn bucket(gram: i64) -> i64 {
    if gram == UNINDEXED {
        return BUCKETS;
    }
    // Fibonacci hashing: neighbouring code points spread over the buckets.
    ((gram as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as i64
}

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

/// Appends `n` as a LEB128 varint.
fn put(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads a LEB128 varint at `*at`; None at the end or on a broken one.
fn take(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// A bucket's postings as bytes: for each bigram (in order), the bigram,
/// how many projects hold it, and their ids as gaps from the one before.
fn encode(postings: &[(i64, Vec<i32>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (gram, ids) in postings {
        put(&mut out, *gram as u64);
        put(&mut out, ids.len() as u64);
        let mut last = 0i64;
        for &id in ids {
            put(&mut out, (i64::from(id) - last) as u64);
            last = i64::from(id);
        }
    }
    out
}

/// The postings `encode` wrote, as (bigram, ids); reading stops at
/// anything broken.
fn decode(bytes: &[u8]) -> Vec<(i64, Vec<i32>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (Some(gram), Some(n)) = (take(bytes, &mut at), take(bytes, &mut at)) else {
            break;
        };
        let mut ids = Vec::with_capacity(usize::try_from(n.min(1 << 20)).unwrap_or(0));
        let mut last = 0i64;
        for _ in 0..n {
            let Some(gap) = take(bytes, &mut at) else {
                return out;
            };
            last = last.saturating_add(gap as i64);
            match i32::try_from(last) {
                Ok(id) => ids.push(id),
                Err(_) => return out,
            }
        }
        out.push((gram as i64, ids));
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
    let mut block = Block::new();
    let mut number = 0;
    let mut after = 0;
    loop {
        let rows = db
            .query_all(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT p.id, p.name, p.goal, g.detail FROM project p
                     LEFT JOIN progress g ON g.id = p.state_progress_id
                     WHERE +p.year = {} AND p.id > {} ORDER BY p.id LIMIT {READ_PROJECTS}",
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
                block.add(UNINDEXED, id);
                continue;
            }
            // A bigram a project holds twice is added twice; the block
            // drops the repeat when it sorts.
            for field in fields {
                let mut chars = field.chars().map(|c| c.to_ascii_lowercase());
                let Some(mut a) = chars.next() else {
                    continue;
                };
                for b in chars {
                    block.add(gram(a, b), id);
                    a = b;
                }
            }
            if block.pairs >= BLOCK_PAIRS {
                block.write(db, year, number).await?;
                number += 1;
            }
        }
    }
    block.write(db, year, number).await
}

/// The postings of a block of projects, by bucket, as they are read (ids
/// in increasing order).
struct Block {
    /// Per bucket, (bigram, project) pairs, repeats included.
    buckets: Vec<Vec<(i64, i32)>>,
    /// How many pairs it holds.
    pairs: usize,
}

impl Block {
    fn new() -> Self {
        Block {
            buckets: vec![Vec::new(); usize::try_from(BUCKETS).unwrap_or(0) + 1],
            pairs: 0,
        }
    }

    fn add(&mut self, gram: i64, id: i32) {
        if let Some(b) = usize::try_from(bucket(gram))
            .ok()
            .and_then(|b| self.buckets.get_mut(b))
        {
            b.push((gram, id));
            self.pairs += 1;
        }
    }

    /// Writes the block as block `number` of `year`'s index (one row per
    /// bucket holding, per bigram, the sorted ids holding it) and empties
    /// it.
    async fn write<C: ConnectionTrait>(
        &mut self,
        db: &C,
        year: i32,
        number: i32,
    ) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        let mut rows: Vec<(usize, Vec<u8>)> = Vec::new();
        for (b, pairs) in self.buckets.iter_mut().enumerate() {
            if pairs.is_empty() {
                continue;
            }
            pairs.sort_unstable();
            pairs.dedup();
            let postings: Vec<(i64, Vec<i32>)> = pairs
                .chunk_by(|a, b| a.0 == b.0)
                .map(|same| (same[0].0, same.iter().map(|(_, id)| *id).collect()))
                .collect();
            rows.push((b, encode(&postings)));
            pairs.clear();
        }
        self.pairs = 0;
        for chunk in rows.chunks(UPDATE_ROWS) {
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len());
            let mut tuples = Vec::with_capacity(chunk.len());
            for (b, data) in chunk {
                values.push(Value::Bytes(Some(Box::new(data.clone()))));
                tuples.push(match backend {
                    DatabaseBackend::Postgres => {
                        format!("({year}, {number}, {b}, ${})", values.len())
                    }
                    _ => format!("({year}, {number}, {b}, ?)"),
                });
            }
            let sql = format!(
                "INSERT INTO search_posting (year, block, bucket, data) VALUES {}",
                tuples.join(",")
            );
            db.execute(Statement::from_sql_and_values(backend, sql, values))
                .await?;
        }
        Ok(())
    }
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
    let mut buckets: Vec<i64> = wanted.iter().map(|g| bucket(*g)).collect();
    buckets.push(bucket(UNINDEXED));
    buckets.sort_unstable();
    buckets.dedup();
    let list: Vec<String> = buckets.iter().map(i64::to_string).collect();
    let mut sql = format!(
        "SELECT year, data FROM search_posting WHERE bucket IN ({}) ORDER BY year, bucket, block",
        list.join(",")
    );
    if let Some(y) = year {
        sql = sql.replace(" ORDER BY", &format!(" AND year = {y} ORDER BY"));
    }
    let rows = db
        .query_all(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    // Per year, per bigram wanted, the ids of every block (blocks are in
    // id order and disjoint).
    let mut by_year: HashMap<i32, HashMap<i64, Vec<i32>>> = HashMap::new();
    let mut unindexed: Vec<i32> = Vec::new();
    for row in rows {
        let y: i32 = row.try_get("", "year")?;
        let data: Vec<u8> = row.try_get("", "data")?;
        for (g, ids) in decode(&data) {
            if g == UNINDEXED {
                unindexed.extend(ids);
            } else if wanted.contains(&g) {
                by_year
                    .entry(y)
                    .or_default()
                    .entry(g)
                    .or_default()
                    .extend(ids);
            }
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

/// Adds the rows of `sql` (k, light, status, n, total, rated) to `tallies`.
pub(crate) async fn group_into<C: ConnectionTrait>(
    db: &C,
    sql: String,
    tallies: &mut HashMap<i32, Tally>,
) -> Result<(), DbErr> {
    let rows = db
        .query_all(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    for row in rows {
        let key: i32 = row.try_get("", "k")?;
        let light: Option<i16> = row.try_get("", "light")?;
        let status: String = row.try_get("", "status")?;
        let n: i64 = row.try_get("", "n")?;
        let total: Option<f64> = row.try_get("", "total")?;
        let rated: i64 = row.try_get("", "rated")?;
        tallies
            .entry(key)
            .or_default()
            .add(light, &status, n, total, rated);
    }
    Ok(())
}

/// The counts of reports `ids`, one `GROUP BY` over their entries.
async fn count_reports<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, Tally>, DbErr> {
    let mut tallies: HashMap<i32, Tally> = ids.iter().map(|id| (*id, Tally::default())).collect();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT report_id AS k, light, status, COUNT(*) AS n, SUM(CASE WHEN completion_rate > 100 THEN 100 ELSE completion_rate END) AS total, \
             COUNT(completion_rate) AS rated FROM progress WHERE report_id IN ({}) \
             GROUP BY report_id, light, status",
            id_list(chunk)
        );
        group_into(db, sql, &mut tallies).await?;
    }
    Ok(tallies)
}

/// Counts report `id`'s entries and keeps the counts with the report: a
/// report's entries never change once written.
pub async fn keep_counts<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<(), DbErr> {
    let rows = count_reports(db, ids)
        .await?
        .into_iter()
        .map(|(id, t)| {
            let json = serde_json::to_string(&t).unwrap_or_default();
            (id, vec![Value::String(Some(Box::new(json)))])
        })
        .collect();
    bulk_update(db, "report", &[("counts", "text")], rows).await
}

/// The counts of reports `ids` (an unknown id counts zero): those kept with
/// each report, counted in SQL for any without.
pub async fn report_tallies<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, Tally>, DbErr> {
    let mut out: HashMap<i32, Tally> = HashMap::new();
    let mut missing = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, counts FROM report WHERE id IN ({})",
            id_list(chunk)
        );
        let rows = db
            .query_all(Statement::from_string(db.get_database_backend(), sql))
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let counts: Option<String> = row.try_get("", "counts")?;
            match counts.and_then(|c| serde_json::from_str::<Tally>(&c).ok()) {
                Some(t) => {
                    out.insert(id, t);
                }
                None => missing.push(id),
            }
        }
    }
    out.extend(count_reports(db, &missing).await?);
    for id in ids {
        out.entry(*id).or_default();
    }
    Ok(out)
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
    // Reports without their counts.
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT id FROM report WHERE counts IS NULL",
        ))
        .await?;
    let mut reports = Vec::with_capacity(rows.len());
    for row in rows {
        reports.push(row.try_get::<i32>("", "id")?);
    }
    keep_counts(db, &reports).await?;
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
    fn postings_round_trip() {
        let postings = vec![
            (
                gram('养', '老'),
                vec![1, 2, 3, 130, 131, 20_000, 2_000_000_000],
            ),
            (UNINDEXED, vec![7]),
        ];
        assert_eq!(decode(&encode(&postings)), postings);
        assert!(
            decode(&[0xff; 20]).is_empty(),
            "a broken list reads as nothing"
        );
        assert!((0..BUCKETS).contains(&bucket(gram('养', '老'))));
        assert_eq!(bucket(UNINDEXED), BUCKETS);
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
