//! Batch reads by id, one statement per batch: entries, their previous
//! ones, histories, projects, units and the projects of units, for the
//! GraphQL loaders and the exports.

use super::*;

/// Entries by progress id, with their reports.
pub async fn entries_by_id<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, Entry>, DbErr> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = progress::Entity::find()
            .find_also_related(report::Entity)
            .filter(progress::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for (progress, report) in rows {
            if let Some(report) = report {
                out.insert(progress.id, Entry { progress, report });
            }
        }
    }
    Ok(out)
}

/// For each entry (progress id), the same project's entry in the latest
/// current report dated before the entry's report, as
/// [`Entry::previous_in`] finds it in the whole history: one statement to
/// choose them (no texts), one to read them.
pub async fn previous_entries<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, Entry>, DbErr> {
    let mut chosen: Vec<(i32, i32)> = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT k, id FROM (
               SELECT k.id AS k, g.id,
                      ROW_NUMBER() OVER (PARTITION BY k.id ORDER BY r.as_of DESC, r.id DESC) AS rn
               FROM progress k JOIN report kr ON kr.id = k.report_id
               JOIN progress g ON g.project_id = k.project_id
               JOIN report r ON r.id = g.report_id
               WHERE k.id IN ({}) AND r.replaced_by_id IS NULL AND r.as_of < kr.as_of
             ) t WHERE rn = 1",
            crate::derived::id_list(chunk)
        );
        let rows = db
            .query_all(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await?;
        for row in rows {
            chosen.push((row.try_get("", "k")?, row.try_get("", "id")?));
        }
    }
    let found: Vec<i32> = chosen.iter().map(|(_, id)| *id).collect();
    let entries = entries_by_id(db, &found).await?;
    Ok(chosen
        .into_iter()
        .filter_map(|(k, id)| Some((k, entries.get(&id)?.clone())))
        .collect())
}

/// Each project's entries in current reports (revisions left out), oldest
/// first: one statement for any number of projects.
pub async fn histories<C: ConnectionTrait>(
    db: &C,
    project_ids: &[i32],
) -> Result<HashMap<i32, Vec<Entry>>, DbErr> {
    let mut out: HashMap<i32, Vec<Entry>> = HashMap::new();
    for ids in project_ids.chunks(500) {
        let rows = progress::Entity::find()
            .find_also_related(report::Entity)
            .filter(progress::Column::ProjectId.is_in(ids.iter().copied()))
            .filter(report::Column::ReplacedById.is_null())
            .order_by_asc(report::Column::AsOf)
            .order_by_asc(report::Column::Id)
            .all(db)
            .await?;
        for (progress, report) in rows {
            if let Some(report) = report {
                out.entry(progress.project_id)
                    .or_default()
                    .push(Entry { progress, report });
            }
        }
    }
    Ok(out)
}

/// One project by id.
pub async fn project<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<project::Model>, DbErr> {
    project::Entity::find_by_id(id).one(db).await
}

/// Projects by id.
pub async fn projects_by_id<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, project::Model>, DbErr> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = project::Entity::find()
            .filter(project::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|p| (p.id, p)));
    }
    Ok(out)
}

/// Each project's units, lead unit first.
pub async fn units_of<C: ConnectionTrait>(
    db: &C,
    project_ids: &[i32],
) -> Result<HashMap<i32, Vec<unit::Model>>, DbErr> {
    let mut out: HashMap<i32, Vec<unit::Model>> = HashMap::new();
    for ids in project_ids.chunks(500) {
        let rows = project_unit::Entity::find()
            .find_also_related(unit::Entity)
            .filter(project_unit::Column::ProjectId.is_in(ids.iter().copied()))
            .order_by_asc(project_unit::Column::ProjectId)
            .order_by_asc(project_unit::Column::Position)
            .all(db)
            .await?;
        for (link, unit) in rows {
            if let Some(unit) = unit {
                out.entry(link.project_id).or_default().push(unit);
            }
        }
    }
    Ok(out)
}

/// Each unit's projects, newest year first, then by serial.
pub async fn projects_of_units<C: ConnectionTrait>(
    db: &C,
    unit_ids: &[i32],
) -> Result<HashMap<i32, Vec<project::Model>>, DbErr> {
    let mut out: HashMap<i32, Vec<project::Model>> = HashMap::new();
    for ids in unit_ids.chunks(500) {
        let rows = project_unit::Entity::find()
            .find_also_related(project::Entity)
            .filter(project_unit::Column::UnitId.is_in(ids.iter().copied()))
            .order_by_desc(project::Column::Year)
            .order_by_asc(project::Column::SerialNo)
            .order_by_asc(project::Column::Id)
            .all(db)
            .await?;
        for (link, project) in rows {
            if let Some(project) = project {
                out.entry(link.unit_id).or_default().push(project);
            }
        }
    }
    Ok(out)
}

/// Units with a project in `year` (any year when None) of `issuer` (any
/// when None), by name.
pub async fn units<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
    issuer: Option<&str>,
) -> Result<Vec<unit::Model>, DbErr> {
    let mut query = unit::Entity::find()
        .join(JoinType::InnerJoin, unit::Relation::ProjectUnit.def())
        .join(JoinType::InnerJoin, project_unit::Relation::Project.def())
        .distinct()
        .order_by_asc(unit::Column::Name);
    if let Some(year) = year {
        query = query.filter(project::Column::Year.eq(year));
    }
    if let Some(issuer) = issuer {
        query = query.filter(project::Column::Issuer.eq(issuer));
    }
    query.all(db).await
}

/// Each report's progress rows.
pub async fn progress_of_reports<C: ConnectionTrait>(
    db: &C,
    report_ids: &[i32],
) -> Result<HashMap<i32, Vec<progress::Model>>, DbErr> {
    let mut out: HashMap<i32, Vec<progress::Model>> = HashMap::new();
    for ids in report_ids.chunks(500) {
        let rows = progress::Entity::find()
            .filter(progress::Column::ReportId.is_in(ids.iter().copied()))
            .order_by_asc(progress::Column::RowNo)
            .all(db)
            .await?;
        for p in rows {
            out.entry(p.report_id).or_default().push(p);
        }
    }
    Ok(out)
}

/// One project of a year with its units and its whole history.
#[derive(Clone, Debug)]
pub struct ProjectHistory {
    /// The project.
    pub project: project::Model,
    /// Its units, lead first.
    pub units: Vec<String>,
    /// Its entries in current reports, oldest first.
    pub history: Vec<Entry>,
}

/// The ids of `issuer`'s `year`'s projects in serial order: numbers only,
/// so a year of any size can then be read a page at a time.
pub async fn year_project_ids<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: &str,
) -> Result<Vec<i32>, DbErr> {
    project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .filter(project::Column::Year.eq(year))
        .filter(project::Column::Issuer.eq(issuer))
        .order_by_asc(project::Column::SerialNo)
        .order_by_asc(project::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await
}

/// Projects `ids`, in that order, with units and history.
pub async fn project_histories<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<Vec<ProjectHistory>, DbErr> {
    let mut projects = projects_by_id(db, ids).await?;
    let mut histories = histories(db, ids).await?;
    let mut units = units_of(db, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            let project = projects.remove(id)?;
            Some(ProjectHistory {
                units: units
                    .remove(id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|u| u.name)
                    .collect(),
                history: histories.remove(id).unwrap_or_default(),
                project,
            })
        })
        .collect())
}
