//! Each report's entries counted by light and status with the sum of their
//! rates, kept with the report at import and read by the summaries.

use super::*;

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
