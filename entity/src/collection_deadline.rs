//! 报送截止时间: when the units' returns of a period are due.

use sea_orm::entity::prelude::*;

/// A period's deadline; one per issuer, year and date.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "collection_deadline")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The issuer ("" for the tables naming none).
    pub issuer: String,
    /// The year.
    pub year: i32,
    /// The period's last day.
    pub as_of: Date,
    /// When the returns are due.
    pub deadline: DateTimeUtc,
    /// When it was set.
    pub set_at: DateTimeUtc,
    /// When the notice that it passed with units missing went out.
    pub overdue_notified_at: Option<DateTimeUtc>,
}

/// A deadline has no relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
