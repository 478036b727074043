//! Figures for one year at one reporting date.

use std::collections::HashMap;

use entity::{progress, report, unit};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::{projects::units_of, reports::report_as_of, Entry};
use crate::domain::{round2, Light, ProgressStatus};

/// Counts and average over a set of entries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// Projects.
    pub project_count: i32,
    /// Projects COMPLETED.
    pub completed_count: i32,
    /// Mean of the readable rates, two decimals; None when there is none.
    pub average_rate: Option<f64>,
    /// Projects per light, every light listed.
    pub by_light: Vec<(Light, i32)>,
    /// Projects per status, every status listed.
    pub by_status: Vec<(ProgressStatus, i32)>,
}

impl Figures {
    /// The figures of `entries`.
    pub fn of<'a>(entries: impl Iterator<Item = &'a Entry>) -> Self {
        let mut f = Figures {
            by_light: Light::ALL.iter().map(|l| (*l, 0)).collect(),
            by_status: ProgressStatus::ALL.iter().map(|s| (*s, 0)).collect(),
            ..Default::default()
        };
        let (mut sum, mut n) = (0.0, 0);
        for e in entries {
            f.project_count += 1;
            let status = e.status();
            if status == ProgressStatus::Completed {
                f.completed_count += 1;
            }
            if let Some(slot) = f.by_status.iter_mut().find(|(s, _)| *s == status) {
                slot.1 += 1;
            }
            if let Some(rate) = e.progress.completion_rate {
                sum += rate;
                n += 1;
            }
            let light = e.light();
            if let Some(slot) = f.by_light.iter_mut().find(|(l, _)| *l == light) {
                slot.1 += 1;
            }
        }
        f.average_rate = (n > 0).then(|| round2(sum / f64::from(n)));
        f
    }
}

/// A report's progress rows with only what figures need: the long texts
/// (summary, detail, remarks, extra) are left out, which is most of a row.
async fn figure_rows<C: ConnectionTrait>(
    db: &C,
    report_id: i32,
) -> Result<Vec<progress::Model>, DbErr> {
    use progress::Column as P;
    use sea_orm::sea_query::Expr;
    use sea_orm::QuerySelect;
    progress::Entity::find()
        .select_only()
        .columns([
            P::Id,
            P::ProjectId,
            P::ReportId,
            P::SerialNo,
            P::RowNo,
            P::CompletionRate,
            P::RawRate,
            P::Status,
        ])
        .column_as(Expr::val(""), "summary")
        .column_as(Expr::val(""), "detail")
        .column_as(Expr::val(Option::<String>::None), "remarks")
        .column_as(Expr::val("[]"), "extra")
        .filter(P::ReportId.eq(report_id))
        .into_model::<progress::Model>()
        .all(db)
        .await
}

/// A year's figures at one date.
#[derive(Clone, Debug, PartialEq)]
pub struct YearSummary {
    /// The year.
    pub year: i32,
    /// The report the figures come from; None when the year has none.
    pub report: Option<report::Model>,
    /// The whole year's figures.
    pub total: Figures,
    /// Per unit (a project counts for each of its units), most projects
    /// first.
    pub by_unit: Vec<UnitFigures>,
}

/// One unit's figures and rank.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitFigures {
    /// The unit.
    pub unit: unit::Model,
    /// Its figures.
    pub figures: Figures,
    /// 1 for the best: by average rate, then share completed (competition
    /// ranking, so equal units share a rank).
    pub rank: i32,
}

/// The order of the unit ranking: higher average rate first (no rate
/// last), then a higher share completed.
fn rank_order(a: &Figures, b: &Figures) -> std::cmp::Ordering {
    let share = |f: &Figures| f64::from(f.completed_count) / f64::from(f.project_count.max(1));
    let avg = |f: &Figures| f.average_rate.unwrap_or(-1.0);
    avg(b)
        .partial_cmp(&avg(a))
        .unwrap_or(std::cmp::Ordering::Equal)
        .then(
            share(b)
                .partial_cmp(&share(a))
                .unwrap_or(std::cmp::Ordering::Equal),
        )
}

/// Gives each unit its competition rank.
fn assign_ranks(units: &mut [UnitFigures]) {
    let mut ranked: Vec<usize> = (0..units.len()).collect();
    ranked.sort_by(|&a, &b| {
        rank_order(&units[a].figures, &units[b].figures)
            .then_with(|| units[a].unit.name.cmp(&units[b].unit.name))
    });
    let mut rank = 0;
    for (pos, &i) in ranked.iter().enumerate() {
        let tied =
            pos > 0 && rank_order(&units[ranked[pos - 1]].figures, &units[i].figures).is_eq();
        if !tied {
            rank = pos as i32 + 1;
        }
        units[i].rank = rank;
    }
}

/// The units ranked, best first.
pub fn ranking(summary: &YearSummary) -> Vec<UnitFigures> {
    let mut units = summary.by_unit.clone();
    units.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| a.unit.name.cmp(&b.unit.name))
    });
    units
}

/// One reporting date of a year's trend.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    /// The report.
    pub report: report::Model,
    /// Its figures.
    pub figures: Figures,
}

/// The year's figures at each of its reporting dates, oldest first: two
/// statements whatever the number of reports.
pub async fn trend<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<TrendPoint>, DbErr> {
    let reports = super::reports::reports(db, Some(year), false).await?;
    let ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
    let mut rows = super::projects::progress_of_reports(db, &ids).await?;
    Ok(reports
        .into_iter()
        .map(|report| {
            let entries: Vec<Entry> = rows
                .remove(&report.id)
                .unwrap_or_default()
                .into_iter()
                .map(|progress| Entry {
                    progress,
                    report: report.clone(),
                })
                .collect();
            TrendPoint {
                figures: Figures::of(entries.iter()),
                report,
            }
        })
        .collect())
}

/// The figures of `year` in its report at `as_of` (or the latest on or
/// before it; the latest held when None).
pub async fn summary<C: ConnectionTrait>(
    db: &C,
    year: i32,
    as_of: Option<chrono::NaiveDate>,
) -> Result<YearSummary, DbErr> {
    let Some(report) = report_as_of(db, year, as_of).await? else {
        return Ok(YearSummary {
            year,
            report: None,
            total: Figures::of(std::iter::empty()),
            by_unit: Vec::new(),
        });
    };
    let entries: Vec<Entry> = figure_rows(db, report.id)
        .await?
        .into_iter()
        .map(|progress| Entry {
            progress,
            report: report.clone(),
        })
        .collect();
    let ids: Vec<i32> = entries.iter().map(|e| e.progress.project_id).collect();
    let units = units_of(db, &ids).await?;
    let mut per_unit: HashMap<i32, (unit::Model, Vec<&Entry>)> = HashMap::new();
    for e in &entries {
        for u in units.get(&e.progress.project_id).into_iter().flatten() {
            per_unit
                .entry(u.id)
                .or_insert_with(|| (u.clone(), Vec::new()))
                .1
                .push(e);
        }
    }
    let mut by_unit: Vec<UnitFigures> = per_unit
        .into_values()
        .map(|(unit, es)| UnitFigures {
            unit,
            figures: Figures::of(es.into_iter()),
            rank: 0,
        })
        .collect();
    assign_ranks(&mut by_unit);
    by_unit.sort_by(|a, b| {
        b.figures
            .project_count
            .cmp(&a.figures.project_count)
            .then_with(|| a.unit.name.cmp(&b.unit.name))
    });
    Ok(YearSummary {
        year,
        total: Figures::of(entries.iter()),
        report: Some(report),
        by_unit,
    })
}
