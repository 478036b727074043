//! What databases written before the kept state existed lack, filled once.

use super::*;

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
