//! Projects: filtering, ordering, history, units.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{progress, project, project_unit, report, unit};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait,
};

use super::Entry;
use crate::domain::{round2, Light, ProgressStatus};

/// Filters of the `projects` query; all optional, all must hold.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    /// The year.
    pub year: Option<i32>,
    /// A unit's exact name, lead or co-unit.
    pub unit: Option<String>,
    /// Status in the entry judged (latest, or at `as_of`).
    pub status: Option<ProgressStatus>,
    /// Light in the entry judged.
    pub light: Option<Light>,
    /// Substring of the name, goal or the judged entry's progress text.
    pub search: Option<String>,
    /// Lowest completion rate, inclusive.
    pub min_rate: Option<f64>,
    /// Highest completion rate, inclusive.
    pub max_rate: Option<f64>,
    /// Judge each project by its state at this date (its latest report on
    /// or before it) instead of its latest.
    pub as_of: Option<NaiveDate>,
}

/// What to order projects by.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum ProjectSort {
    /// Newest year first, then 序号.
    #[default]
    Serial,
    /// Completion rate.
    Rate,
    /// Name.
    Name,
    /// Rate change since the previous report.
    RateChange,
    /// Light severity: GREEN, YELLOW, RED.
    Light,
}

/// A project with the entry the filters judged and the one before it.
#[derive(Clone, Debug)]
pub struct ProjectRow {
    /// The project.
    pub project: project::Model,
    /// Its latest entry, or its entry at the filter's date.
    pub entry: Option<Entry>,
    /// The entry before `entry`.
    pub previous: Option<Entry>,
}

impl ProjectRow {
    /// Rate change since the previous entry.
    pub fn delta(&self) -> Option<f64> {
        delta(self.entry.as_ref()?, self.previous.as_ref())
    }
}

/// Rate change of `entry` since `previous`.
pub fn delta(entry: &Entry, previous: Option<&Entry>) -> Option<f64> {
    Some(round2(
        entry.progress.completion_rate? - previous?.progress.completion_rate?,
    ))
}

/// The entry of `history` (oldest first) at `as_of` (latest when None) and
/// the one before it.
pub fn entry_at(history: &[Entry], as_of: Option<NaiveDate>) -> (Option<Entry>, Option<Entry>) {
    let upto = match as_of {
        Some(d) => history.iter().take_while(|e| e.report.as_of <= d).count(),
        None => history.len(),
    };
    let entry = upto.checked_sub(1).and_then(|i| history.get(i)).cloned();
    let previous = upto.checked_sub(2).and_then(|i| history.get(i)).cloned();
    (entry, previous)
}

fn cmp_opt<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    // Unknown values go last, whichever the direction.
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn severity(light: Light) -> u8 {
    match light {
        Light::Green => 0,
        Light::Yellow => 1,
        Light::Red => 2,
    }
}

impl ProjectFilter {
    /// True when a page in `sort` order must judge every matching project
    /// by its entries first (any order but 序号, or a filter on entries):
    /// it reads the whole year, which the query's cost must count.
    pub fn reads_whole_year(&self, sort: ProjectSort) -> bool {
        sort != ProjectSort::Serial || self.reads_entries()
    }

    /// True when the filter reads progress entries (status, light, rates,
    /// text, a date), so projects cannot be paged in SQL alone.
    fn reads_entries(&self) -> bool {
        self.status.is_some()
            || self.light.is_some()
            || self.min_rate.is_some()
            || self.max_rate.is_some()
            || self.search.as_deref().is_some_and(|s| !s.trim().is_empty())
            || self.as_of.is_some()
    }
}

/// The projects matching `filter` and year/unit, in serial order (newest
/// year first, 序号 with blanks last, id), reversed when `descending`.
fn base_query(filter: &ProjectFilter, descending: bool) -> sea_orm::Select<project::Entity> {
    use sea_orm::sea_query::NullOrdering;
    use sea_orm::Order;
    let (year, serial, id) = if descending {
        (Order::Asc, Order::Desc, Order::Desc)
    } else {
        (Order::Desc, Order::Asc, Order::Asc)
    };
    let nulls = if descending {
        NullOrdering::First
    } else {
        NullOrdering::Last
    };
    let mut query = project::Entity::find()
        .order_by(project::Column::Year, year)
        .order_by_with_nulls(project::Column::SerialNo, serial, nulls)
        .order_by(project::Column::Id, id);
    if let Some(year) = filter.year {
        query = query.filter(project::Column::Year.eq(year));
    }
    if let Some(name) = &filter.unit {
        query = query
            .join(JoinType::InnerJoin, project::Relation::ProjectUnit.def())
            .join(JoinType::InnerJoin, project_unit::Relation::Unit.def())
            .filter(unit::Column::Name.eq(name.trim()));
    }
    query
}

/// One page of projects, the number of all matches, and the page's
/// histories (every project of the page has one, empty when it has no
/// entry), which the caller hands on so they are not read again.
#[derive(Debug, Default)]
pub struct ProjectPage {
    /// How many projects match, over all pages.
    pub total: usize,
    /// The page.
    pub rows: Vec<ProjectRow>,
    /// Each project's entries in current reports, oldest first.
    pub histories: HashMap<i32, Vec<Entry>>,
}

/// One page of the projects matching `filter`, and the total. In serial order with no
/// filter on entries, the page is cut in SQL and only its projects'
/// histories are read; otherwise every match is judged first.
pub async fn find_projects_page<C: ConnectionTrait>(
    db: &C,
    filter: &ProjectFilter,
    sort: ProjectSort,
    descending: bool,
    offset: usize,
    limit: usize,
) -> Result<ProjectPage, DbErr> {
    if filter.reads_whole_year(sort) {
        let (rows, mut histories) = judge_projects(db, filter, sort, descending).await?;
        let total = rows.len();
        let rows: Vec<ProjectRow> = rows.into_iter().skip(offset).take(limit).collect();
        let histories = rows
            .iter()
            .map(|r| {
                let id = r.project.id;
                (id, histories.remove(&id).unwrap_or_default())
            })
            .collect();
        return Ok(ProjectPage {
            total,
            rows,
            histories,
        });
    }
    let total = base_query(filter, descending).count(db).await? as usize;
    let projects = base_query(filter, descending)
        .offset(offset as u64)
        .limit(limit as u64)
        .all(db)
        .await?;
    let ids: Vec<i32> = projects.iter().map(|p| p.id).collect();
    let mut histories = histories(db, &ids).await?;
    let rows = projects
        .into_iter()
        .map(|p| {
            let history = histories.entry(p.id).or_default();
            let (entry, previous) = entry_at(history, None);
            ProjectRow {
                project: p,
                entry,
                previous,
            }
        })
        .collect();
    Ok(ProjectPage {
        total,
        rows,
        histories,
    })
}

/// Projects matching `filter`, ordered by `sort` (ties in serial order),
/// and the histories they were judged by.
async fn judge_projects<C: ConnectionTrait>(
    db: &C,
    filter: &ProjectFilter,
    sort: ProjectSort,
    descending: bool,
) -> Result<(Vec<ProjectRow>, HashMap<i32, Vec<Entry>>), DbErr> {
    let projects = base_query(filter, false).all(db).await?;
    let ids: Vec<i32> = projects.iter().map(|p| p.id).collect();
    let histories = histories(db, &ids).await?;
    let needle = filter
        .search
        .as_deref()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let mut rows: Vec<ProjectRow> = projects
        .into_iter()
        .map(|p| {
            let history = histories.get(&p.id).map(Vec::as_slice).unwrap_or_default();
            let (entry, previous) = entry_at(history, filter.as_of);
            ProjectRow {
                project: p,
                entry,
                previous,
            }
        })
        .filter(|row| {
            let e = row.entry.as_ref();
            if filter.as_of.is_some() && e.is_none() {
                return false;
            }
            let rate = e.and_then(|e| e.progress.completion_rate);
            let status_ok = filter
                .status
                .is_none_or(|s| e.is_some_and(|e| e.status() == s));
            let light_ok = filter
                .light
                .is_none_or(|l| e.is_some_and(|e| e.light() == l));
            let min_ok = filter.min_rate.is_none_or(|m| rate.is_some_and(|r| r >= m));
            let max_ok = filter.max_rate.is_none_or(|m| rate.is_some_and(|r| r <= m));
            let search_ok = needle.as_ref().is_none_or(|n| {
                let hit = |t: &str| t.to_lowercase().contains(n.as_str());
                hit(&row.project.name)
                    || hit(&row.project.goal)
                    || e.is_some_and(|e| hit(&e.progress.detail))
            });
            status_ok && light_ok && min_ok && max_ok && search_ok
        })
        .collect();
    let rate = |r: &ProjectRow| r.entry.as_ref().and_then(|e| e.progress.completion_rate);
    match sort {
        ProjectSort::Serial if descending => rows.reverse(),
        ProjectSort::Serial => {}
        ProjectSort::Rate => rows.sort_by(|a, b| cmp_opt(rate(a), rate(b), descending)),
        ProjectSort::Name => {
            rows.sort_by(|a, b| cmp_opt(Some(&a.project.name), Some(&b.project.name), descending))
        }
        ProjectSort::RateChange => rows.sort_by(|a, b| cmp_opt(a.delta(), b.delta(), descending)),
        ProjectSort::Light => rows.sort_by(|a, b| {
            let light = |r: &ProjectRow| r.entry.as_ref().map(|e| severity(e.light()));
            cmp_opt(light(a), light(b), descending)
        }),
    }
    Ok((rows, histories))
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

/// Every project of `year` in serial order, with units and history.
pub async fn year_history<C: ConnectionTrait>(
    db: &C,
    year: i32,
) -> Result<Vec<ProjectHistory>, DbErr> {
    let projects = project::Entity::find()
        .filter(project::Column::Year.eq(year))
        .order_by_asc(project::Column::SerialNo)
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = projects.iter().map(|p| p.id).collect();
    let mut histories = histories(db, &ids).await?;
    let mut units = units_of(db, &ids).await?;
    Ok(projects
        .into_iter()
        .map(|project| ProjectHistory {
            units: units
                .remove(&project.id)
                .unwrap_or_default()
                .into_iter()
                .map(|u| u.name)
                .collect(),
            history: histories.remove(&project.id).unwrap_or_default(),
            project,
        })
        .collect())
}
