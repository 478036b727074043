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
