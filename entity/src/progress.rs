//! 进展情况: a project's state in one report.

use sea_orm::entity::prelude::*;

/// A progress row; one per project and report.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "progress")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The project.
    pub project_id: i32,
    /// The report.
    pub report_id: i32,
    /// 序号 as printed in this report.
    pub serial_no: Option<i32>,
    /// The spreadsheet row (1-based) the project started on.
    pub row_no: i32,
    /// 完成率 in percent, 0..100; None when the cell could not be read.
    #[sea_orm(column_type = "Double", nullable)]
    pub completion_rate: Option<f64>,
    /// The 完成率 cell exactly as written.
    pub raw_rate: String,
    /// NOT_STARTED, IN_PROGRESS or COMPLETED.
    pub status: String,
    /// First line of 进展情况.
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// 进展情况, the whole text.
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    /// 备注, when the table has it.
    #[sea_orm(column_type = "Text", nullable)]
    pub remarks: Option<String>,
    /// Other columns of the row, as a JSON array of `[header, text]` pairs.
    #[sea_orm(column_type = "Text")]
    pub extra: String,
    /// The light against the report's date as a severity (0 green, 1
    /// yellow, 2 red), judged when the row is written; None only before
    /// the server first filled it for rows imported earlier.
    pub light: Option<i16>,
    /// The category row above the project in this report (一、教育文化类).
    pub category: Option<String>,
    /// The mark after the serial in this report (`7*`: `*`).
    pub serial_mark: Option<String>,
    /// Sub-items (子项目, 考核指标) in table order, as a JSON array; None
    /// when the row has none.
    #[sea_orm(column_type = "Text", nullable)]
    pub items: Option<String>,
    /// `ITEMS` when the rate is the mean of the items' rates (the table
    /// gave the project none); None when it is the table's own.
    pub rate_source: Option<String>,
}

/// Relations of a progress entry.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The project.
    #[sea_orm(
        belongs_to = "super::project::Entity",
        from = "Column::ProjectId",
        to = "super::project::Column::Id",
        on_delete = "Cascade"
    )]
    Project,
    /// The report.
    #[sea_orm(
        belongs_to = "super::report::Entity",
        from = "Column::ReportId",
        to = "super::report::Column::Id",
        on_delete = "Cascade"
    )]
    Report,
}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}

impl Related<super::report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Report.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
