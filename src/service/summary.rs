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
}

impl Figures {
    fn of<'a>(entries: impl Iterator<Item = &'a Entry>) -> Self {
        let mut f = Figures {
            by_light: Light::ALL.iter().map(|l| (*l, 0)).collect(),
            ..Default::default()
        };
        let (mut sum, mut n) = (0.0, 0);
        for e in entries {
            f.project_count += 1;
            if e.status() == ProgressStatus::Completed {
                f.completed_count += 1;
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

/// A year's figures at one date.
#[derive(Clone, Debug, PartialEq)]
pub struct YearSummary {
    /// The year.
    pub year: i32,
    /// The report the figures come from; None when the year has none.
    pub report: Option<report::Model>,
    /// The whole year's figures.
    pub total: Figures,
    /// Per unit (a project counts for each of its units), most projects first.
    pub by_unit: Vec<(unit::Model, Figures)>,
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
    let entries: Vec<Entry> = progress::Entity::find()
        .filter(progress::Column::ReportId.eq(report.id))
        .all(db)
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
    let mut by_unit: Vec<(unit::Model, Figures)> = per_unit
        .into_values()
        .map(|(u, es)| (u, Figures::of(es.into_iter())))
        .collect();
    by_unit.sort_by(|a, b| {
        b.1.project_count
            .cmp(&a.1.project_count)
            .then_with(|| a.0.name.cmp(&b.0.name))
    });
    Ok(YearSummary {
        year,
        total: Figures::of(entries.iter()),
        report: Some(report),
        by_unit,
    })
}
