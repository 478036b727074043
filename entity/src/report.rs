//! 调度表: one imported tracking table, the snapshot of one year at one
//! reporting date. A later table for the same date replaces the snapshot;
//! the older one stays as a revision (`replaced_by_id` set).

use sea_orm::entity::prelude::*;

/// A report row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The year the table covers.
    pub year: i32,
    /// The period as the title names it: 二季度, 1-6月, 上半年.
    pub period: String,
    /// The last day the period covers.
    pub as_of: Date,
    /// The table's title line.
    pub title: String,
    /// File name or URL the table came from.
    pub source_name: String,
    /// SHA-256 of the file, lowercase hex.
    #[sea_orm(unique)]
    pub sha256: String,
    /// The sheet the table was read from.
    pub sheet: String,
    /// When it was imported.
    pub imported_at: DateTimeUtc,
    /// Number of projects the table lists.
    pub project_count: i32,
    /// Set when a later table for the same date replaced this one.
    pub replaced_by_id: Option<i32>,
    /// SHA-256 of what the table says (year, period, every project's
    /// fields), lowercase hex; None for reports imported before it was kept.
    pub content_sha256: Option<String>,
    /// Its entries counted by light and status, with the sum of their rates
    /// (JSON), kept at import; None only before the server first filled it.
    #[sea_orm(column_type = "Text", nullable)]
    pub counts: Option<String>,
    /// Made of units' returns merged one by one, not of a whole table: the
    /// period is still being collected (the next period's forms are cut
    /// from the last report that is not partial).
    pub partial: bool,
    /// The issuing body (章丘区, 济南市...) as the title or the import named
    /// it; empty when neither did.
    pub issuer: String,
}

/// Relations of a report.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The progress entries it holds.
    #[sea_orm(has_many = "super::progress::Entity")]
    Progress,
}

impl Related<super::progress::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Progress.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
