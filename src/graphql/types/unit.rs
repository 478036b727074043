//! Unit (责任单位).

use async_graphql::{Context, Object, ID};
use entity::unit;

use super::{loaders, Project};
use crate::error::ApiResult;

/// 责任单位: an office, bureau or company responsible for projects.
pub struct Unit(pub unit::Model);

/// 责任单位: an office, bureau or company responsible for projects.
#[Object]
impl Unit {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The name as the tables print it, e.g. "区教体局".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The unit's projects (lead or co-unit), of one year and one issuer
    /// when given (a unit name such as 区教体局 is printed by many districts).
    #[graphql(complexity = "10 * child_complexity")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this year's projects.")] year: Option<i32>,
        #[graphql(desc = "Only this issuer's projects (\"\" for the tables naming none).")]
        issuer: Option<String>,
    ) -> ApiResult<Vec<Project>> {
        let projects = loaders(ctx)?.unit_projects.load_one(self.0.id).await?;
        let issuer = issuer.as_deref().map(str::trim);
        Ok(projects
            .unwrap_or_default()
            .into_iter()
            .filter(|p| year.is_none_or(|y| p.year == y))
            .filter(|p| issuer.is_none_or(|i| p.issuer == i))
            .map(Project)
            .collect())
    }
}
