//! The search index of a year: which projects hold each character bigram
//! of their name, goal and latest progress text, in buckets per block of
//! projects, its posting lists in a compact codec.

use super::*;

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
