//! 民生实事项目: one livelihood project of one year, the same across every
//! period's table.

use sea_orm::entity::prelude::*;

/// A project row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The year whose table lists the project.
    pub year: i32,
    /// 序号 as printed in the latest table that lists the project.
    pub serial_no: Option<i32>,
    /// Short name: the first sentence of 任务目标 without its trailing 。.
    pub name: String,
    /// The name normalized for identity (whitespace, bracket width, trailing 。).
    pub normalized_name: String,
    /// 任务目标, the whole text, as in the latest table.
    #[sea_orm(column_type = "Text")]
    pub goal: String,
    /// The reporting date of the table that last set serial, goal and units.
    pub latest_as_of: Date,
    /// When the project was first imported.
    pub created_at: DateTimeUtc,
    /// The date of its latest entry in a current report; None when no
    /// current report lists it (or before the state was first filled).
    pub state_as_of: Option<Date>,
    /// The report of that entry.
    pub state_report_id: Option<i32>,
    /// That entry (progress id).
    pub state_progress_id: Option<i32>,
    /// The entry before it, in the latest earlier current report.
    pub state_previous_id: Option<i32>,
    /// Its completion rate.
    #[sea_orm(column_type = "Double", nullable)]
    pub state_rate: Option<f64>,
    /// Its status (NOT_STARTED, IN_PROGRESS, COMPLETED).
    pub state_status: Option<String>,
    /// Its light as a severity: 0 green, 1 yellow, 2 red.
    pub state_light: Option<i16>,
    /// Its rate change since the entry before, in points.
    #[sea_orm(column_type = "Double", nullable)]
    pub state_delta: Option<f64>,
    /// Not completed and the rate unchanged since the entry before.
    pub state_stalled: bool,
    /// The issuer whose tables list the project (empty when they name
    /// none): identity is issuer, year and normalized name.
    pub issuer: String,
    /// The category row above the project in the latest table that lists the project (一、教育文化类).
    pub category: Option<String>,
    /// The mark after the serial in the latest table that lists the project (`7*`: `*`).
    pub serial_mark: Option<String>,
}

/// Relations of a project.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its progress entries, one per report.
    #[sea_orm(has_many = "super::progress::Entity")]
    Progress,
    /// Its unit links.
    #[sea_orm(has_many = "super::project_unit::Entity")]
    ProjectUnit,
}

impl Related<super::progress::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Progress.def()
    }
}

impl Related<super::project_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProjectUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
