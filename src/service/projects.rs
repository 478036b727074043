//! Projects: filtering, history, units.

use std::collections::HashMap;

use entity::{progress, project, project_unit, report, unit};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

use super::Entry;
use crate::domain::{Light, ProgressStatus};

/// Filters of the `projects` query; all optional, all must hold.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    /// The year.
    pub year: Option<i32>,
    /// A unit's exact name, lead or co-unit.
    pub unit: Option<String>,
    /// Status in the latest report.
    pub status: Option<ProgressStatus>,
    /// Light in the latest report.
    pub light: Option<Light>,
    /// Substring of the name, goal or latest progress text.
    pub search: Option<String>,
}

/// Projects matching `filter`, ordered by year (newest first), serial, id,
/// each with its latest entry.
pub async fn find_projects<C: ConnectionTrait>(
    db: &C,
    filter: &ProjectFilter,
) -> Result<Vec<(project::Model, Option<Entry>)>, DbErr> {
    let mut query = project::Entity::find()
        .order_by_desc(project::Column::Year)
        .order_by_asc(project::Column::SerialNo)
        .order_by_asc(project::Column::Id);
    if let Some(year) = filter.year {
        query = query.filter(project::Column::Year.eq(year));
    }
    if let Some(name) = &filter.unit {
        query = query
            .join(JoinType::InnerJoin, project::Relation::ProjectUnit.def())
            .join(JoinType::InnerJoin, project_unit::Relation::Unit.def())
            .filter(unit::Column::Name.eq(name.trim()));
    }
    let projects = query.all(db).await?;
    let ids: Vec<i32> = projects.iter().map(|p| p.id).collect();
    let mut histories = histories(db, &ids).await?;
    let needle = filter
        .search
        .as_deref()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    Ok(projects
        .into_iter()
        .map(|p| {
            let latest = histories.remove(&p.id).and_then(|mut h| h.pop());
            (p, latest)
        })
        .filter(|(p, latest)| {
            let status_ok = filter
                .status
                .is_none_or(|s| latest.as_ref().is_some_and(|e| e.status() == s));
            let light_ok = filter
                .light
                .is_none_or(|l| latest.as_ref().is_some_and(|e| e.light() == l));
            let search_ok = needle.as_ref().is_none_or(|n| {
                let hit = |t: &str| t.to_lowercase().contains(n.as_str());
                hit(&p.name)
                    || hit(&p.goal)
                    || latest.as_ref().is_some_and(|e| hit(&e.progress.detail))
            });
            status_ok && light_ok && search_ok
        })
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

/// Units with a project in `year` (any year when None), by name.
pub async fn units<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
) -> Result<Vec<unit::Model>, DbErr> {
    let mut query = unit::Entity::find()
        .join(JoinType::InnerJoin, unit::Relation::ProjectUnit.def())
        .join(JoinType::InnerJoin, project_unit::Relation::Project.def())
        .distinct()
        .order_by_asc(unit::Column::Name);
    if let Some(year) = year {
        query = query.filter(project::Column::Year.eq(year));
    }
    query.all(db).await
}
