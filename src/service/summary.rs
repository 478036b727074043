//! Figures for one year at one reporting date.

use std::collections::HashMap;

use entity::{report, unit};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Statement};

use super::{reports::report_as_of, Entry};
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

/// Counts of one group of entries, as `GROUP BY light, status` gives them.
#[derive(Clone, Debug, Default)]
struct Tally {
    count: i32,
    by_light: [i32; 3],
    by_status: [i32; 3],
    rate_sum: f64,
    rated: i64,
}

impl Tally {
    /// Adds a group: `n` entries of `light` and `status`, `rated` of them
    /// with a rate summing to `sum`.
    fn add(&mut self, light: Option<i16>, status: &str, n: i64, sum: Option<f64>, rated: i64) {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        self.count = self.count.saturating_add(n);
        if let Some(l) = light.and_then(Light::from_severity) {
            self.by_light[usize::from(l.severity().unsigned_abs())] += n;
        }
        let status = ProgressStatus::parse(status);
        if let Some(i) = ProgressStatus::ALL.iter().position(|s| *s == status) {
            self.by_status[i] += n;
        }
        self.rate_sum += sum.unwrap_or(0.0);
        self.rated += rated;
    }

    fn figures(&self) -> Figures {
        let completed = ProgressStatus::ALL
            .iter()
            .position(|s| *s == ProgressStatus::Completed)
            .map_or(0, |i| self.by_status[i]);
        Figures {
            project_count: self.count,
            completed_count: completed,
            average_rate: (self.rated > 0).then(|| round2(self.rate_sum / self.rated as f64)),
            by_light: Light::ALL
                .iter()
                .map(|l| (*l, self.by_light[usize::from(l.severity().unsigned_abs())]))
                .collect(),
            by_status: ProgressStatus::ALL
                .iter()
                .zip(self.by_status)
                .map(|(s, n)| (*s, n))
                .collect(),
        }
    }
}

/// The figures of each of `report_ids` (an empty report has zeros): one
/// `GROUP BY` over their entries' stored lights and statuses.
pub async fn report_figures<C: ConnectionTrait>(
    db: &C,
    report_ids: &[i32],
) -> Result<HashMap<i32, Figures>, DbErr> {
    let mut tallies: HashMap<i32, Tally> = report_ids
        .iter()
        .map(|id| (*id, Tally::default()))
        .collect();
    for chunk in report_ids.chunks(500) {
        let sql = format!(
            "SELECT report_id AS k, light, status, COUNT(*) AS n, SUM(completion_rate) AS total, \
             COUNT(completion_rate) AS rated FROM progress WHERE report_id IN ({}) \
             GROUP BY report_id, light, status",
            crate::ingest::state::id_list(chunk)
        );
        group_into(db, sql, &mut tallies).await?;
    }
    Ok(tallies.into_iter().map(|(k, t)| (k, t.figures())).collect())
}

/// Adds the rows of `sql` (k, light, status, n, total, rated) to `tallies`.
async fn group_into<C: ConnectionTrait>(
    db: &C,
    sql: String,
    tallies: &mut HashMap<i32, Tally>,
) -> Result<(), DbErr> {
    let rows = db
        .query_all(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    for row in rows {
        let key: i32 = row.try_get("", "k")?;
        let light: Option<i16> = row.try_get("", "light")?;
        let status: String = row.try_get("", "status")?;
        let n: i64 = row.try_get("", "n")?;
        let total: Option<f64> = row.try_get("", "total")?;
        let rated: i64 = row.try_get("", "rated")?;
        tallies
            .entry(key)
            .or_default()
            .add(light, &status, n, total, rated);
    }
    Ok(())
}

/// The figures of report `report_id` per unit (a project counts for each
/// of its units): one `GROUP BY` over entries joined to their units.
async fn unit_figures<C: ConnectionTrait>(
    db: &C,
    report_id: i32,
) -> Result<Vec<(unit::Model, Figures)>, DbErr> {
    let sql = format!(
        "SELECT u.unit_id AS k, g.light, g.status, COUNT(*) AS n, SUM(g.completion_rate) AS total, \
         COUNT(g.completion_rate) AS rated FROM progress g \
         JOIN project_unit u ON u.project_id = g.project_id \
         WHERE g.report_id = {report_id} GROUP BY u.unit_id, g.light, g.status"
    );
    let mut tallies = HashMap::new();
    group_into(db, sql, &mut tallies).await?;
    let ids: Vec<i32> = tallies.keys().copied().collect();
    let mut units: HashMap<i32, unit::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        units.extend(
            unit::Entity::find()
                .filter(unit::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u)),
        );
    }
    Ok(tallies
        .into_iter()
        .filter_map(|(id, t)| Some((units.remove(&id)?, t.figures())))
        .collect())
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
/// statements whatever the number of reports or projects.
pub async fn trend<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<TrendPoint>, DbErr> {
    let reports = super::reports::reports(db, Some(year), false).await?;
    let ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
    let mut figures = report_figures(db, &ids).await?;
    Ok(reports
        .into_iter()
        .map(|report| TrendPoint {
            figures: figures.remove(&report.id).unwrap_or_default(),
            report,
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
            total: Tally::default().figures(),
            by_unit: Vec::new(),
        });
    };
    let total = report_figures(db, &[report.id])
        .await?
        .remove(&report.id)
        .unwrap_or_default();
    let mut by_unit: Vec<UnitFigures> = unit_figures(db, report.id)
        .await?
        .into_iter()
        .map(|(unit, figures)| UnitFigures {
            unit,
            figures,
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
        total,
        report: Some(report),
        by_unit,
    })
}
