//! Figures: summaries, trend points and the unit ranking (红黄榜).

use async_graphql::{Context, Object, SimpleObject};

use crate::error::ApiResult;

use super::{Report, Unit};
use crate::domain::{round2, Light};
use crate::graphql::scalars::Date;
use crate::service::summary::{Figures, UnitFigures};

/// How many projects have a light.
#[derive(SimpleObject)]
pub struct LightCount {
    /// The light.
    pub light: Light,
    /// Projects with it.
    pub count: i32,
}

impl LightCount {
    /// Every light of `f`, with 0 where none.
    pub fn all(f: &Figures) -> Vec<LightCount> {
        f.by_light
            .iter()
            .map(|(light, count)| LightCount {
                light: *light,
                count: *count,
            })
            .collect()
    }
}

/// One unit's figures (a project counts for each of its units).
pub struct UnitSummary(pub UnitFigures);

/// One unit's figures (a project counts for each of its units).
#[Object]
impl UnitSummary {
    /// The unit.
    async fn unit(&self) -> Unit {
        Unit(self.0.unit.clone())
    }

    /// Its figures (projectCount, completedCount, averageRate, byLight).
    #[graphql(flatten)]
    async fn figures(&self) -> FigureFields {
        FigureFields(self.0.figures.clone())
    }

    /// 1 for the best unit: by average rate, then share completed; equal
    /// units share a rank.
    async fn rank(&self) -> i32 {
        self.0.rank
    }
}

/// The units ranked, with the best (红榜) and the worst (黄榜) few.
pub struct UnitRanking {
    /// The reporting date the ranking is of.
    pub as_of: Option<Date>,
    /// How many units the best and worst lists hold.
    pub top: usize,
    /// Every unit, best first.
    pub units: Vec<UnitSummary>,
}

/// The units ranked, with the best (红榜) and the worst (黄榜) few.
#[Object]
impl UnitRanking {
    /// The reporting date the ranking is of; null when the year has no report.
    async fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// Every unit, best first.
    async fn units(&self) -> Vec<UnitSummary> {
        self.units
            .iter()
            .map(|u| UnitSummary(u.0.clone()))
            .collect()
    }

    /// 红榜: the best units, best first.
    async fn best(&self) -> Vec<UnitSummary> {
        self.units
            .iter()
            .take(self.top)
            .map(|u| UnitSummary(u.0.clone()))
            .collect()
    }

    /// 黄榜: the worst units, worst first.
    async fn worst(&self) -> Vec<UnitSummary> {
        self.units
            .iter()
            .rev()
            .take(self.top)
            .map(|u| UnitSummary(u.0.clone()))
            .collect()
    }
}

/// A year's figures at one reporting date.
pub struct TrendPoint(pub crate::service::summary::TrendPoint);

/// A year's figures at one reporting date.
#[Object]
impl TrendPoint {
    /// The reporting date.
    async fn as_of(&self) -> Date {
        Date(self.0.report.as_of)
    }

    /// The report.
    async fn report(&self) -> Report {
        Report(self.0.report.clone())
    }

    /// 序时进度 at that date.
    async fn expected_rate(&self) -> f64 {
        crate::domain::expected_rate(self.0.report.as_of)
    }

    /// Its figures (projectCount, completedCount, averageRate, byLight).
    #[graphql(flatten)]
    async fn figures(&self) -> FigureFields {
        FigureFields(self.0.figures.clone())
    }
}

/// Counts and average over a set of projects; flattened into the types that
/// report figures.
pub struct FigureFields(pub Figures);

/// Counts and average over a set of projects.
#[Object]
impl FigureFields {
    /// Projects counted (for a unit: those it leads or shares).
    async fn project_count(&self) -> i32 {
        self.0.project_count
    }

    /// Of those, COMPLETED.
    async fn completed_count(&self) -> i32 {
        self.0.completed_count
    }

    /// Mean completion rate of those with a readable rate.
    async fn average_rate(&self) -> Option<f64> {
        self.0.average_rate
    }

    /// Projects per light; every light is listed, with 0 where none.
    async fn by_light(&self) -> Vec<LightCount> {
        LightCount::all(&self.0)
    }
}

/// Figures for one year as of one reporting date.
pub struct Summary(pub crate::service::summary::YearSummary);

/// Figures for one year as of one reporting date.
#[Object]
impl Summary {
    /// The year.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// The reporting date the figures are of; null when the year has no report.
    async fn as_of(&self) -> Option<Date> {
        self.0.report.as_ref().map(|r| Date(r.as_of))
    }

    /// The report the figures come from.
    async fn report(&self) -> Option<Report> {
        self.0.report.clone().map(Report)
    }

    /// 序时进度 at asOf.
    async fn expected_rate(&self) -> Option<f64> {
        self.0
            .report
            .as_ref()
            .map(|r| round2(crate::domain::expected_rate(r.as_of)))
    }

    /// Projects in the report.
    async fn project_count(&self) -> i32 {
        self.0.total.project_count
    }

    /// Of those, COMPLETED.
    async fn completed_count(&self) -> i32 {
        self.0.total.completed_count
    }

    /// Mean completion rate of those with a readable rate.
    async fn average_rate(&self) -> Option<f64> {
        self.0.total.average_rate
    }

    /// Projects per light; every light is listed, with 0 where none.
    async fn by_light(&self) -> Vec<LightCount> {
        LightCount::all(&self.0.total)
    }

    /// Per unit, most projects first.
    async fn by_unit(&self, ctx: &Context<'_>) -> ApiResult<Vec<UnitSummary>> {
        let Some(report) = &self.0.report else {
            return Ok(Vec::new());
        };
        let db = super::db(ctx)?;
        let memo = ctx.data::<crate::service::memo::Memo>().ok();
        Ok(
            crate::service::summary::unit_summaries_kept(db, memo, report.id)
                .await?
                .iter()
                .cloned()
                .map(UnitSummary)
                .collect(),
        )
    }
}

/// One issuer's figures in the city view.
pub struct IssuerSummary(pub crate::service::summary::IssuerFigures);

/// One issuer's figures in the city view: its report on or before the
/// date asked for.
#[Object]
impl IssuerSummary {
    /// The issuer as its tables name it; null for tables naming none.
    async fn issuer(&self) -> Option<&str> {
        super::named(&self.0.issuer)
    }

    /// 1 for the best issuer: by average rate, then share completed; equal
    /// issuers share a rank.
    async fn rank(&self) -> i32 {
        self.0.rank
    }

    /// The reporting date of its figures.
    async fn as_of(&self) -> Date {
        Date(self.0.report.as_of)
    }

    /// 序时进度 at that date.
    async fn expected_rate(&self) -> f64 {
        round2(crate::domain::expected_rate(self.0.report.as_of))
    }

    /// The report its figures come from.
    async fn report(&self) -> Report {
        Report(self.0.report.clone())
    }

    /// Its figures (projectCount, completedCount, averageRate, byLight).
    #[graphql(flatten)]
    async fn figures(&self) -> FigureFields {
        FigureFields(self.0.figures.clone())
    }
}

/// The city view: every issuer of a year ranked, and all of them together.
pub struct IssuerRanking {
    /// The year.
    pub year: i32,
    /// All issuers' projects together.
    pub total: Figures,
    /// Every issuer, best first.
    pub issuers: Vec<crate::service::summary::IssuerFigures>,
}

/// The city view: every issuer of a year ranked (its latest report on or
/// before the date asked for), and all of them together.
#[Object]
impl IssuerRanking {
    /// The year.
    async fn year(&self) -> i32 {
        self.year
    }

    /// Every issuer's projects together (projectCount, completedCount,
    /// averageRate over all of them, byLight).
    async fn total(&self) -> FigureFields {
        FigureFields(self.total.clone())
    }

    /// Every issuer, best first.
    async fn issuers(&self) -> Vec<IssuerSummary> {
        self.issuers.iter().cloned().map(IssuerSummary).collect()
    }
}

/// An issuing body whose tables the database holds.
#[derive(SimpleObject)]
pub struct Issuer {
    /// Its name as its tables print it (章丘区); null for the tables that
    /// name none (pass `issuer: ""` to ask for them).
    pub name: Option<String>,
    /// The years its tables cover, newest first.
    pub years: Vec<i32>,
    /// Its current reports (one per reporting date), over all years.
    pub report_count: i32,
}
