//! A notification: one event posted to one receiver, and how it went.

use sea_orm::entity::prelude::*;

/// An event's delivery to one receiver.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// report.imported, project.turned_red, project.stalled,
    /// collection.returned, collection.overdue.
    pub event: String,
    /// The receiver as shown: its kind and URL, secrets hidden.
    #[sea_orm(column_type = "Text")]
    pub target: String,
    /// PENDING, DELIVERED or FAILED.
    pub status: String,
    /// Attempts made.
    pub attempts: i32,
    /// The last attempt's error, when it failed.
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    /// What it said, in a line.
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// When the event happened.
    pub created_at: DateTimeUtc,
    /// When the receiver took it.
    pub delivered_at: Option<DateTimeUtc>,
}

/// A notification has no relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
