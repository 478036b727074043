//! Projects: the list engine (filters, orders, pages, searches, a page
//! at an earlier date), and in `batch` the batch reads the loaders and the
//! exports make by id (entries, histories, units).

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{progress, project, project_unit, report, unit};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};

use super::Entry;
use crate::domain::{round2, Light, ProgressStatus};

/// Filters of the `projects` query; all optional, all must hold.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    /// The year.
    pub year: Option<i32>,
    /// The issuer ("" for tables naming none).
    pub issuer: Option<String>,
    /// A unit's exact name, lead or co-unit.
    pub unit: Option<String>,
    /// The category its latest table puts it under, exactly.
    pub category: Option<String>,
    /// Status in the entry judged (latest, or at `as_of`).
    pub status: Option<ProgressStatus>,
    /// Light in the entry judged.
    pub light: Option<Light>,
    /// Stalled (not completed, rate unchanged since the previous report) or not.
    pub stalled: Option<bool>,
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

/// Longest unit name (in characters) whose count is kept between imports.
const MAX_KEPT_UNIT: usize = 64;

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

impl ProjectFilter {
    /// True when a page must judge every project of the year first: only
    /// with `as_of` (state at an earlier date), which reads each project's
    /// entries up to that date (no texts) and which the query's cost must
    /// count. Every other filter and order is answered in SQL from the
    /// state kept at import.
    pub fn reads_whole_year(&self) -> bool {
        self.as_of.is_some()
    }

    /// The key under which the number of matches is kept until the next
    /// import ([`super::memo::Memo`]); None for filters whose counts are
    /// not kept: a search, a rate bound or a date (unbounded keys).
    fn count_key(&self) -> Option<String> {
        // A unit name longer than any unit's is not kept either: the kept
        // keys stay small whatever a request sends.
        let long = |t: &Option<String>| {
            t.as_deref()
                .is_some_and(|u| u.trim().chars().count() > MAX_KEPT_UNIT)
        };
        let long_unit = long(&self.unit) || long(&self.issuer) || long(&self.category);
        if self.needle().is_some()
            || self.min_rate.is_some()
            || self.max_rate.is_some()
            || self.as_of.is_some()
            || long_unit
        {
            return None;
        }
        Some(format!(
            "projects {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            self.year,
            self.issuer.as_deref().map(str::trim),
            self.unit.as_deref().map(str::trim),
            self.category.as_deref().map(str::trim),
            self.status,
            self.light,
            self.stalled
        ))
    }

    /// True when the search is the only filter beside the year.
    fn search_only(&self) -> bool {
        self.needle().is_some()
            && self.issuer.is_none()
            && self.unit.is_none()
            && self.category.is_none()
            && self.status.is_none()
            && self.light.is_none()
            && self.stalled.is_none()
            && self.min_rate.is_none()
            && self.max_rate.is_none()
            && self.as_of.is_none()
    }

    /// The search text, trimmed; None when blank.
    fn needle(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// The projects of `filter`'s year and unit, in serial order (newest year
/// first, 序号 with blanks last, id).
fn base_query(filter: &ProjectFilter) -> sea_orm::Select<project::Entity> {
    use sea_orm::sea_query::NullOrdering;
    use sea_orm::Order;
    let mut query = project::Entity::find()
        .order_by(project::Column::Year, Order::Desc)
        .order_by_with_nulls(project::Column::SerialNo, Order::Asc, NullOrdering::Last)
        .order_by(project::Column::Id, Order::Asc);
    if let Some(year) = filter.year {
        query = query.filter(project::Column::Year.eq(year));
    }
    if let Some(issuer) = &filter.issuer {
        query = query.filter(project::Column::Issuer.eq(issuer.trim()));
    }
    if let Some(category) = &filter.category {
        query = query.filter(project::Column::Category.eq(category.trim()));
    }
    if let Some(name) = &filter.unit {
        query = query
            .join(JoinType::InnerJoin, project::Relation::ProjectUnit.def())
            .join(JoinType::InnerJoin, project_unit::Relation::Unit.def())
            .filter(unit::Column::Name.eq(name.trim()));
    }
    query
}

/// `LIKE` pattern of `needle` anywhere in a text, `\` escaping.
fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// `text` holds `needle`, ignoring the case of Latin letters, on this
/// database (SQLite's `LIKE` already does; PostgreSQL's `ILIKE`).
fn holds(backend: DatabaseBackend, text: SimpleExpr, needle: &str) -> SimpleExpr {
    use sea_orm::sea_query::extension::postgres::PgExpr;
    use sea_orm::sea_query::LikeExpr;
    let pattern = LikeExpr::new(like_pattern(needle));
    match backend {
        // Backslash is PostgreSQL's escape character of LIKE already.
        DatabaseBackend::Postgres => Expr::expr(text).ilike(pattern),
        _ => Expr::expr(text).like(pattern.escape('\\')),
    }
}

/// A project's name or goal holds `needle`.
fn name_or_goal_holds(backend: DatabaseBackend, needle: &str) -> SimpleExpr {
    let col = |c: project::Column| SimpleExpr::from(Expr::col((project::Entity, c)));
    holds(backend, col(project::Column::Name), needle).or(holds(
        backend,
        col(project::Column::Goal),
        needle,
    ))
}

/// One page of projects and the number of all matches. Each row carries
/// the entry judged and the one before it, read by id: a page reads two
/// entries a project, however long the histories.
#[derive(Debug, Default)]
pub struct ProjectPage {
    /// How many projects match, over all pages.
    pub total: usize,
    /// The page.
    pub rows: Vec<ProjectRow>,
}

/// One page of the projects matching `filter`, and the total. Filters,
/// order, paging and the count run in SQL on the state kept at import
/// (`search` through the bigram index); only the page's projects and
/// histories are read. With `as_of`, each project's state at that date is
/// judged from its entries' rates and statuses (no texts) first.
///
/// With `memo`, the number of matches of a filter on year, unit and state
/// alone is counted once after each import and kept.
pub async fn find_projects_page<C: ConnectionTrait>(
    db: &C,
    memo: Option<&super::memo::Memo>,
    filter: &ProjectFilter,
    sort: ProjectSort,
    descending: bool,
    offset: usize,
    limit: usize,
) -> Result<ProjectPage, DbErr> {
    if let Some(as_of) = filter.as_of {
        return page_at(db, filter, as_of, sort, descending, offset, limit).await;
    }
    let candidates = match filter.needle() {
        Some(needle) => crate::derived::candidates(db, filter.year, needle).await?,
        None => None,
    };
    if let Some(c) = candidates.as_ref().filter(|c| {
        c.exact && c.ids.len() > WALK_FROM && sort == ProjectSort::Serial && filter.search_only()
    }) {
        return walk_serial(db, filter, &c.ids, descending, offset, limit).await;
    }
    let Some(query) = filtered(db, filter, candidates).await? else {
        return Ok(ProjectPage::default());
    };
    let count = |q: sea_orm::Select<project::Entity>| async move {
        q.select_only()
            .column(project::Column::Id)
            .count(db)
            .await
            .map(|n| n as usize)
    };
    let total = match (memo, filter.count_key()) {
        (Some(memo), Some(key)) => {
            let version = super::memo::Memo::version(db).await?;
            match memo.count(version, &key) {
                Some(n) => n,
                None => {
                    let n = count(query.clone()).await?;
                    memo.keep_count(version, key, n);
                    n
                }
            }
        }
        _ => count(query.clone()).await?,
    };
    // The page's ids first, so the sort carries its keys and an id rather
    // than every project's goal text; then those rows.
    let ids: Vec<i32> = ordered(query, db.get_database_backend(), sort, descending)
        .select_only()
        .column(project::Column::Id)
        .offset(offset as u64)
        .limit(limit as u64)
        .into_tuple()
        .all(db)
        .await?;
    page_of_ids(db, &ids, total).await
}

/// The page of projects `ids`, in that order, each with its kept latest
/// entry and the one before it.
async fn page_of_ids<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
    total: usize,
) -> Result<ProjectPage, DbErr> {
    let mut rows = projects_by_id(db, ids).await?;
    let projects: Vec<project::Model> = ids.iter().filter_map(|id| rows.remove(id)).collect();
    let picks = projects
        .iter()
        .map(|p| (p.id, (p.state_progress_id, p.state_previous_id)))
        .collect();
    page_of(db, projects, picks, total).await
}

/// The projects matching `filter` (without `as_of`) in serial order; None
/// when the search index already says none does.
async fn filtered<C: ConnectionTrait>(
    db: &C,
    filter: &ProjectFilter,
    candidates: Option<crate::derived::Candidates>,
) -> Result<Option<sea_orm::Select<project::Entity>>, DbErr> {
    use project::Column as P;
    let mut query = base_query(filter);
    if let Some(status) = filter.status {
        query = query.filter(P::StateStatus.eq(status.as_str()));
    }
    if let Some(light) = filter.light {
        query = query.filter(P::StateLight.eq(light.severity()));
    }
    if let Some(stalled) = filter.stalled {
        query = query.filter(P::StateStalled.eq(stalled));
    }
    if let Some(min) = filter.min_rate {
        query = query.filter(P::StateRate.gte(min));
    }
    if let Some(max) = filter.max_rate {
        query = query.filter(P::StateRate.lte(max));
    }
    let Some(needle) = filter.needle() else {
        return Ok(Some(query));
    };
    let backend = db.get_database_backend();
    if let Some(c) = &candidates {
        if c.ids.is_empty() {
            return Ok(None);
        }
        let list = crate::derived::id_list(&c.ids);
        query = query.filter(Expr::cust(format!("\"project\".\"id\" IN ({list})")));
    }
    // The texts are checked unless the index is exact: of the candidates
    // only when there are some; of every project for a one-character
    // needle, which the index cannot answer.
    if !candidates.as_ref().is_some_and(|c| c.exact) {
        use sea_orm::sea_query::{Alias, Query};
        let g = Alias::new("g");
        let latest_text = Query::select()
            .expr(Expr::val(1))
            .from_as(progress::Entity, g.clone())
            .and_where(
                Expr::col((g.clone(), progress::Column::Id))
                    .equals((project::Entity, project::Column::StateProgressId)),
            )
            .and_where(holds(
                backend,
                Expr::col((g, progress::Column::Detail)).into(),
                needle,
            ))
            .to_owned();
        query = query.filter(name_or_goal_holds(backend, needle).or(Expr::exists(latest_text)));
    }
    Ok(Some(query))
}

/// Above this many matches, a page of a search in serial order walks the
/// year's projects in that order (an index) and keeps the matches, instead
/// of handing every match's id to the database.
const WALK_FROM: usize = 200;

/// Projects read at a time by [`walk_serial`].
const WALK_STEP: u64 = 1024;

/// A page in serial order of the projects `matches` names (every one a
/// match, as the search index says for a two-character needle), and their
/// number: the year's ids are read in serial order from the index, a
/// thousand at a time, until the page is full. A common word (养老 in one
/// project of five) fills a page of 20 from the first thousand, however
/// large the year.
async fn walk_serial<C: ConnectionTrait>(
    db: &C,
    filter: &ProjectFilter,
    matches: &[i32],
    descending: bool,
    offset: usize,
    limit: usize,
) -> Result<ProjectPage, DbErr> {
    let wanted: std::collections::HashSet<i32> = matches.iter().copied().collect();
    let order = ordered(
        base_query(filter),
        db.get_database_backend(),
        ProjectSort::Serial,
        descending,
    );
    let mut skipped = 0;
    let mut ids: Vec<i32> = Vec::with_capacity(limit);
    let mut from = 0;
    while ids.len() < limit {
        let step: Vec<i32> = order
            .clone()
            .select_only()
            .column(project::Column::Id)
            .offset(from)
            .limit(WALK_STEP)
            .into_tuple()
            .all(db)
            .await?;
        let last = (step.len() as u64) < WALK_STEP;
        for id in step.into_iter().filter(|id| wanted.contains(id)) {
            if skipped < offset {
                skipped += 1;
            } else if ids.len() < limit {
                ids.push(id);
            }
        }
        if last {
            break;
        }
        from += WALK_STEP;
    }
    page_of_ids(db, &ids, wanted.len()).await
}

/// `query` ordered by `sort`, unknown values last, ties in serial order.
fn ordered(
    query: sea_orm::Select<project::Entity>,
    backend: DatabaseBackend,
    sort: ProjectSort,
    descending: bool,
) -> sea_orm::Select<project::Entity> {
    use project::Column as P;
    use sea_orm::sea_query::{NullOrdering, SimpleExpr};
    use sea_orm::Order;
    let order = if descending { Order::Desc } else { Order::Asc };
    let key: SimpleExpr = match sort {
        ProjectSort::Serial if !descending => return query,
        ProjectSort::Serial => {
            // base_query's order reversed.
            let mut q = query;
            sea_orm::QueryTrait::query(&mut q).clear_order_by();
            return q
                .order_by(P::Year, Order::Asc)
                .order_by_with_nulls(P::SerialNo, Order::Desc, NullOrdering::First)
                .order_by(P::Id, Order::Desc);
        }
        ProjectSort::Rate => Expr::col((project::Entity, P::StateRate)).into(),
        ProjectSort::RateChange => Expr::col((project::Entity, P::StateDelta)).into(),
        ProjectSort::Light => Expr::col((project::Entity, P::StateLight)).into(),
        // Code point order, as Rust compares strings, on both databases.
        ProjectSort::Name => match backend {
            DatabaseBackend::Postgres => Expr::cust("\"project\".\"name\" COLLATE \"C\""),
            _ => Expr::col((project::Entity, P::Name)).into(),
        },
    };
    let mut q = query;
    sea_orm::QueryTrait::query(&mut q).clear_order_by();
    q.order_by_with_nulls(key, order, NullOrdering::Last)
        .order_by(P::Year, Order::Desc)
        .order_by_with_nulls(P::SerialNo, Order::Asc, NullOrdering::Last)
        .order_by(P::Id, Order::Asc)
}

/// The page of `projects`, each with the entry and the previous one
/// `picks` names (progress ids by project).
async fn page_of<C: ConnectionTrait>(
    db: &C,
    projects: Vec<project::Model>,
    picks: HashMap<i32, (Option<i32>, Option<i32>)>,
    total: usize,
) -> Result<ProjectPage, DbErr> {
    let ids: Vec<i32> = picks
        .values()
        .flat_map(|(a, b)| [*a, *b])
        .flatten()
        .collect();
    let entries = entries_by_id(db, &ids).await?;
    let rows = projects
        .into_iter()
        .map(|p| {
            let (entry, previous) = picks.get(&p.id).copied().unwrap_or_default();
            ProjectRow {
                entry: entry.and_then(|id| entries.get(&id).cloned()),
                previous: previous.and_then(|id| entries.get(&id).cloned()),
                project: p,
            }
        })
        .collect();
    Ok(ProjectPage { total, rows })
}

/// A project's state at a date, from its two entries up to it.
struct AtDate {
    id: i32,
    latest: crate::derived::Slim,
    previous: Option<i32>,
    delta: Option<f64>,
}

/// [`find_projects_page`] with `as_of`: every project of the year and unit
/// judged at the date from its entries' rates and statuses (no texts),
/// filtered and ordered, then the page read.
async fn page_at<C: ConnectionTrait>(
    db: &C,
    filter: &ProjectFilter,
    as_of: NaiveDate,
    sort: ProjectSort,
    descending: bool,
    offset: usize,
    limit: usize,
) -> Result<ProjectPage, DbErr> {
    // Serial order; id, name.
    let listed: Vec<(i32, String)> = base_query(filter)
        .select_only()
        .column(project::Column::Id)
        .column(project::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i32> = listed.iter().map(|(id, _)| *id).collect();
    let mut entries = crate::derived::latest_two(db, &ids, Some(as_of)).await?;
    let matching = match filter.needle() {
        Some(needle) => Some(search_at(db, &listed, &entries, needle).await?),
        None => None,
    };
    let mut rows: Vec<(AtDate, &str)> = Vec::new();
    for (id, name) in &listed {
        let Some(mut two) = entries.remove(id) else {
            continue;
        };
        if two.is_empty() || matching.as_ref().is_some_and(|m| !m.contains(id)) {
            continue;
        }
        let previous = two.get(1).and_then(|p| p.rate);
        let previous_id = two.get(1).map(|p| p.id);
        let unchanged = two
            .get(1)
            .zip(two.first())
            .is_some_and(|(p, l)| p.rate == l.rate);
        let latest = two.swap_remove(0);
        let status = ProgressStatus::parse(&latest.status);
        let rate = latest.rate;
        let stalled = status != ProgressStatus::Completed && unchanged;
        let keep = filter.status.is_none_or(|s| s == status)
            && filter.light.is_none_or(|l| l == latest.light())
            && filter.stalled.is_none_or(|s| s == stalled)
            && filter.min_rate.is_none_or(|m| rate.is_some_and(|r| r >= m))
            && filter.max_rate.is_none_or(|m| rate.is_some_and(|r| r <= m));
        if keep {
            let delta = match (rate, previous) {
                (Some(now), Some(before)) => Some(round2(now - before)),
                _ => None,
            };
            rows.push((
                AtDate {
                    id: *id,
                    latest,
                    previous: previous_id,
                    delta,
                },
                name.as_str(),
            ));
        }
    }
    // Stable sorts over the serial order: ties stay in serial order.
    match sort {
        ProjectSort::Serial if descending => rows.reverse(),
        ProjectSort::Serial => {}
        ProjectSort::Rate => {
            rows.sort_by(|a, b| cmp_opt(a.0.latest.rate, b.0.latest.rate, descending))
        }
        ProjectSort::Name => rows.sort_by(|a, b| cmp_opt(Some(a.1), Some(b.1), descending)),
        ProjectSort::RateChange => rows.sort_by(|a, b| cmp_opt(a.0.delta, b.0.delta, descending)),
        ProjectSort::Light => rows.sort_by(|a, b| {
            let light = |r: &AtDate| Some(r.latest.light().severity());
            cmp_opt(light(&a.0), light(&b.0), descending)
        }),
    }
    let total = rows.len();
    let page: Vec<&AtDate> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(r, _)| r)
        .collect();
    let ids: Vec<i32> = page.iter().map(|r| r.id).collect();
    let picks = page
        .iter()
        .map(|r| (r.id, (Some(r.latest.id), r.previous)))
        .collect();
    let mut models = projects_by_id(db, &ids).await?;
    let projects = ids.iter().filter_map(|id| models.remove(id)).collect();
    page_of(db, projects, picks, total).await
}

/// Which of `listed` hold `needle` in their name, goal or their entry at
/// the date (`entries`), checked in SQL so no text is read out.
async fn search_at<C: ConnectionTrait>(
    db: &C,
    listed: &[(i32, String)],
    entries: &HashMap<i32, Vec<crate::derived::Slim>>,
    needle: &str,
) -> Result<std::collections::HashSet<i32>, DbErr> {
    use crate::derived::id_list;
    let backend = db.get_database_backend();
    let mut out = std::collections::HashSet::new();
    let ids: Vec<i32> = listed.iter().map(|(id, _)| *id).collect();
    for chunk in ids.chunks(500) {
        let hits: Vec<i32> = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .filter(Expr::cust(format!(
                "\"project\".\"id\" IN ({})",
                id_list(chunk)
            )))
            .filter(name_or_goal_holds(backend, needle))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(hits);
    }
    let at: Vec<i32> = entries
        .values()
        .filter_map(|two| two.first().map(|e| e.id))
        .collect();
    for chunk in at.chunks(500) {
        let detail = Expr::col((progress::Entity, progress::Column::Detail)).into();
        let hits: Vec<i32> = progress::Entity::find()
            .select_only()
            .column(progress::Column::ProjectId)
            .filter(Expr::cust(format!(
                "\"progress\".\"id\" IN ({})",
                id_list(chunk)
            )))
            .filter(holds(backend, detail, needle))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(hits);
    }
    Ok(out)
}

mod batch;
pub use batch::*;
