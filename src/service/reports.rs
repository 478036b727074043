//! Reports (imported tables) and the run log.

use std::collections::HashMap;

use super::Entry;
use crate::domain::{Light, ProgressStatus};
use entity::{report, sync_run};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Which entries of a report a list keeps.
#[derive(Clone, Copy, Debug, Default)]
pub struct EntryFilter {
    /// Only this status.
    pub status: Option<ProgressStatus>,
    /// Only this light.
    pub light: Option<Light>,
}

impl EntryFilter {
    /// True when `entry` passes.
    pub fn matches(&self, entry: &Entry) -> bool {
        self.status.is_none_or(|s| entry.status() == s)
            && self.light.is_none_or(|l| entry.light() == l)
    }
}

/// One report by id (revisions included).
pub async fn report<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find_by_id(id).one(db).await
}

/// Reports by id.
pub async fn reports_by_id<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, report::Model>, DbErr> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = report::Entity::find()
            .filter(report::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.id, r)));
    }
    Ok(out)
}

/// Current reports (revisions left out unless asked for), oldest date first.
pub async fn reports<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
    include_revisions: bool,
) -> Result<Vec<report::Model>, DbErr> {
    let mut query = report::Entity::find()
        .order_by_asc(report::Column::AsOf)
        .order_by_asc(report::Column::Id);
    if let Some(year) = year {
        query = query.filter(report::Column::Year.eq(year));
    }
    if !include_revisions {
        query = query.filter(report::Column::ReplacedById.is_null());
    }
    query.all(db).await
}

/// The current report of `year` at `as_of`, or at the latest date on or
/// before it; the latest of the year when `as_of` is None.
pub async fn report_as_of<C: ConnectionTrait>(
    db: &C,
    year: i32,
    as_of: Option<chrono::NaiveDate>,
) -> Result<Option<report::Model>, DbErr> {
    let mut query = report::Entity::find()
        .filter(report::Column::Year.eq(year))
        .filter(report::Column::ReplacedById.is_null())
        .order_by_desc(report::Column::AsOf)
        .order_by_desc(report::Column::Id);
    if let Some(as_of) = as_of {
        query = query.filter(report::Column::AsOf.lte(as_of));
    }
    query.one(db).await
}

/// The current reports of the same year just before and just after `report`.
pub async fn neighbours<C: ConnectionTrait>(
    db: &C,
    report: &report::Model,
) -> Result<(Option<report::Model>, Option<report::Model>), DbErr> {
    let same_year = || {
        report::Entity::find()
            .filter(report::Column::Year.eq(report.year))
            .filter(report::Column::ReplacedById.is_null())
            .filter(report::Column::Id.ne(report.id))
    };
    let previous = same_year()
        .filter(report::Column::AsOf.lt(report.as_of))
        .order_by_desc(report::Column::AsOf)
        .one(db)
        .await?;
    let next = same_year()
        .filter(report::Column::AsOf.gt(report.as_of))
        .order_by_asc(report::Column::AsOf)
        .one(db)
        .await?;
    Ok((previous, next))
}

/// How many reports the database holds, revisions included.
pub async fn report_count<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    report::Entity::find().count(db).await
}

/// A page of the run log, newest first, and the total.
pub async fn sync_runs<C: ConnectionTrait>(
    db: &C,
    offset: u64,
    limit: u64,
) -> Result<(Vec<sync_run::Model>, u64), DbErr> {
    let total = sync_run::Entity::find().count(db).await?;
    let runs = sync_run::Entity::find()
        .order_by_desc(sync_run::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((runs, total))
}
