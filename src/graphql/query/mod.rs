//! The Query root, merged from one object per domain.

pub mod project;
mod report;
mod summary;
mod sync_run;
mod unit;

use async_graphql::MergedObject;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use crate::error::{ApiError, ApiResult};

pub(crate) use summary::resolved_issuer;

/// Every query.
#[derive(MergedObject, Default)]
pub struct Query(
    project::ProjectQuery,
    unit::UnitQuery,
    report::ReportQuery,
    summary::SummaryQuery,
    sync_run::SyncRunQuery,
);

/// The issuer a question about `year` is about: the one asked for, or the
/// only one holding the year (None when the year holds no report).
pub async fn issuer_of_year<C: sea_orm::ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: Option<&str>,
) -> ApiResult<Option<String>> {
    let choice = crate::service::reports::choose_issuer(db, year, issuer).await?;
    ApiError::from_issuer_choice(year, choice)
}

/// Page size when `first` is not given.
pub const DEFAULT_PAGE_SIZE: i32 = 20;
/// Largest page size.
pub const MAX_PAGE_SIZE: i32 = 100;

/// An opaque cursor for the item at `offset`.
pub fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

/// Reads `first` and `after` into (start offset, page size).
pub fn page_window(first: Option<i32>, after: Option<&str>) -> ApiResult<(usize, usize)> {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(0..=MAX_PAGE_SIZE).contains(&first) {
        return Err(ApiError::BadUserInput(format!(
            "first = {first} is out of range; ask for 0 to {MAX_PAGE_SIZE} items and page with `after`"
        )));
    }
    let start = match after {
        None => 0,
        Some(cursor) => {
            let offset = URL_SAFE_NO_PAD
                .decode(cursor)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| s.strip_prefix("offset:").and_then(|n| n.parse::<usize>().ok()))
                .ok_or_else(|| {
                    ApiError::BadUserInput(format!(
                        "after = '{cursor}' is not a cursor this API gave out; pass pageInfo.endCursor of the previous page"
                    ))
                })?;
            offset + 1
        }
    };
    Ok((start, first as usize))
}
