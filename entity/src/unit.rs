//! 责任单位: a unit (office, bureau, company) responsible for projects.

use sea_orm::entity::prelude::*;

/// A unit row; names are unique.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "unit")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unit's name as the tables print it, e.g. 区教体局.
    #[sea_orm(unique)]
    pub name: String,
}

/// Relations of a unit.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its project links.
    #[sea_orm(has_many = "super::project_unit::Entity")]
    ProjectUnit,
}

impl Related<super::project_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ProjectUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
