//! Projects: the filtered, paged list and one by id.

use async_graphql::{Context, Object, ID};
use entity::project as project_entity;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::{encode_cursor, page_window};
use crate::domain::{Light, ProgressStatus};
use crate::graphql::error::ApiResult;
use crate::graphql::types::{parse_id, PageInfo, Project, ProjectConnection, ProjectEdge};
use crate::service::projects::{find_projects, ProjectFilter};

/// Project queries.
#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Projects, filtered and paged (Relay-style connection), newest year
    /// first, then by serial.
    #[allow(clippy::too_many_arguments)]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this year's projects.")] year: Option<i32>,
        #[graphql(desc = "A unit's exact name, lead or co-unit, e.g. \"区教体局\".")] unit: Option<
            String,
        >,
        #[graphql(desc = "Status in the latest report.")] status: Option<ProgressStatus>,
        #[graphql(desc = "Light in the latest report.")] light: Option<Light>,
        #[graphql(desc = "Substring of the name, goal or latest progress text.")] search: Option<
            String,
        >,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts (pageInfo.endCursor).")] after: Option<
            String,
        >,
    ) -> ApiResult<ProjectConnection> {
        let (start, size) = page_window(first, after.as_deref())?;
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let filter = ProjectFilter {
            year,
            unit,
            status,
            light,
            search,
        };
        let all = find_projects(db, &filter).await?;
        let total = all.len();
        let edges: Vec<ProjectEdge> = all
            .into_iter()
            .enumerate()
            .skip(start)
            .take(size)
            .map(|(i, (p, _))| ProjectEdge {
                cursor: encode_cursor(i),
                node: Project(p),
            })
            .collect();
        let end = start + edges.len();
        Ok(ProjectConnection {
            total_count: total as i32,
            page_info: PageInfo {
                has_next_page: end < total,
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            edges,
        })
    }

    /// One project by id; null when there is none.
    async fn project(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Option<Project>> {
        let id = parse_id(&id, "project")?;
        let db = ctx.data_unchecked::<DatabaseConnection>();
        Ok(project_entity::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(Project))
    }
}
