//! Figures for one year at one reporting date.

use std::collections::HashMap;
use std::sync::Arc;

use entity::{report, unit};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::memo::Memo;
use super::reports::report_as_of;
use crate::domain::{round2, Light, ProgressStatus, Tally};

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

/// The figures of counts.
trait FiguresOf {
    fn figures(&self) -> Figures;
}

impl FiguresOf for Tally {
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

/// The figures of each of `report_ids` (an empty report has zeros): the
/// counts kept with each report at import; counted in SQL for a report
/// that has none.
pub async fn report_figures<C: ConnectionTrait>(
    db: &C,
    report_ids: &[i32],
) -> Result<HashMap<i32, Figures>, DbErr> {
    Ok(crate::derived::report_tallies(db, report_ids)
        .await?
        .into_iter()
        .map(|(k, t)| (k, t.figures()))
        .collect())
}

/// The year's summary at `as_of` and its units ranked, best first.
/// With `memo`, each report's figures per unit are counted once after each
/// import and kept.
pub async fn year_ranking<C: ConnectionTrait>(
    db: &C,
    memo: Option<&Memo>,
    year: i32,
    issuer: Option<&str>,
    as_of: Option<chrono::NaiveDate>,
) -> Result<(YearSummary, Vec<UnitFigures>), DbErr> {
    let s = summary(db, year, issuer, as_of).await?;
    let units = match &s.report {
        Some(r) => ranking(unit_summaries_kept(db, memo, r.id).await?.to_vec()),
        None => Vec::new(),
    };
    Ok((s, units))
}

/// [`unit_summaries`], kept in `memo` until the next import when given.
pub async fn unit_summaries_kept<C: ConnectionTrait>(
    db: &C,
    memo: Option<&Memo>,
    report_id: i32,
) -> Result<Arc<Vec<UnitFigures>>, DbErr> {
    let Some(memo) = memo else {
        return Ok(Arc::new(unit_summaries(db, report_id).await?));
    };
    let version = Memo::version(db).await?;
    if let Some(units) = memo.units(version, report_id) {
        return Ok(units);
    }
    let units = Arc::new(unit_summaries(db, report_id).await?);
    memo.keep_units(version, report_id, units.clone());
    Ok(units)
}

/// The figures of report `report_id` per unit (a project counts for each
/// of its units): one `GROUP BY` over entries joined to their units.
async fn unit_figures<C: ConnectionTrait>(
    db: &C,
    report_id: i32,
) -> Result<Vec<(unit::Model, Figures)>, DbErr> {
    let sql = format!(
        "SELECT u.unit_id AS k, g.light, g.status, COUNT(*) AS n, SUM(CASE WHEN g.completion_rate > 100 THEN 100 ELSE g.completion_rate END) AS total, \
         COUNT(g.completion_rate) AS rated FROM progress g \
         JOIN project_unit u ON u.project_id = g.project_id \
         WHERE g.report_id = {report_id} GROUP BY u.unit_id, g.light, g.status"
    );
    let mut tallies = HashMap::new();
    crate::derived::group_into(db, sql, &mut tallies).await?;
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
    let ranks = competition_ranks(units, |u| (&u.figures, u.unit.name.as_str()));
    for (unit, rank) in units.iter_mut().zip(ranks) {
        unit.rank = rank;
    }
}

/// The competition rank of each of `items` (1 for the best by
/// [`rank_order`], equal figures sharing a rank), in the items' order;
/// `key` gives an item's figures and the name that orders ties.
fn competition_ranks<T>(items: &[T], key: impl Fn(&T) -> (&Figures, &str)) -> Vec<i32> {
    let mut ranked: Vec<usize> = (0..items.len()).collect();
    ranked.sort_by(|&a, &b| {
        let ((fa, na), (fb, nb)) = (key(&items[a]), key(&items[b]));
        rank_order(fa, fb).then_with(|| na.cmp(nb))
    });
    let mut ranks = vec![0; items.len()];
    let mut rank = 0;
    for (pos, &i) in ranked.iter().enumerate() {
        let tied = pos > 0 && rank_order(key(&items[ranked[pos - 1]]).0, key(&items[i]).0).is_eq();
        if !tied {
            rank = pos as i32 + 1;
        }
        ranks[i] = rank;
    }
    ranks
}

/// The units ranked, best first.
pub fn ranking(mut units: Vec<UnitFigures>) -> Vec<UnitFigures> {
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
pub async fn trend<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: Option<&str>,
) -> Result<Vec<TrendPoint>, DbErr> {
    let reports = super::reports::reports(db, Some(year), issuer, false).await?;
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

/// One issuer's figures in the city view.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuerFigures {
    /// The issuer ("" for tables naming none).
    pub issuer: String,
    /// Its report the figures come from.
    pub report: report::Model,
    /// Its figures.
    pub figures: Figures,
    /// 1 for the best, as units are ranked: by average rate, then share
    /// completed; equal issuers share a rank.
    pub rank: i32,
}

/// The city view of `year`: each issuer's figures in its report at `as_of`
/// (or its latest on or before it), ranked best first, and the figures of
/// all of them together. Three statements whatever the number of issuers.
pub async fn issuer_ranking<C: ConnectionTrait>(
    db: &C,
    year: i32,
    as_of: Option<chrono::NaiveDate>,
) -> Result<(Figures, Vec<IssuerFigures>), DbErr> {
    // Each issuer's report: the latest current one on or before the date.
    let mut reports: HashMap<String, report::Model> = HashMap::new();
    for r in super::reports::reports(db, Some(year), None, false).await? {
        if as_of.is_some_and(|d| r.as_of > d) {
            continue;
        }
        // Oldest first: a later one replaces an earlier one.
        reports.insert(r.issuer.clone(), r);
    }
    let ids: Vec<i32> = reports.values().map(|r| r.id).collect();
    let tallies = crate::derived::report_tallies(db, &ids).await?;
    let mut total = Tally::default();
    let mut issuers: Vec<IssuerFigures> = reports
        .into_iter()
        .map(|(issuer, report)| {
            let tally = tallies.get(&report.id).cloned().unwrap_or_default();
            total.merge(&tally);
            IssuerFigures {
                issuer,
                report,
                figures: tally.figures(),
                rank: 0,
            }
        })
        .collect();
    let ranks = competition_ranks(&issuers, |i| (&i.figures, i.issuer.as_str()));
    for (issuer, rank) in issuers.iter_mut().zip(ranks) {
        issuer.rank = rank;
    }
    issuers.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.issuer.cmp(&b.issuer)));
    Ok((total.figures(), issuers))
}

/// The figures of `year` in its report at `as_of` (or the latest on or
/// before it; the latest held when None).
pub async fn summary<C: ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: Option<&str>,
    as_of: Option<chrono::NaiveDate>,
) -> Result<YearSummary, DbErr> {
    let Some(report) = report_as_of(db, year, issuer, as_of).await? else {
        return Ok(YearSummary {
            year,
            report: None,
            total: Tally::default().figures(),
        });
    };
    let total = report_figures(db, &[report.id])
        .await?
        .remove(&report.id)
        .unwrap_or_default();
    Ok(YearSummary {
        year,
        total,
        report: Some(report),
    })
}

/// The figures of report `report_id` per unit (a project counts for each
/// of its units), each with its rank, most projects first: read only when
/// asked for (`byUnit`, the ranking), not with every summary.
pub async fn unit_summaries<C: ConnectionTrait>(
    db: &C,
    report_id: i32,
) -> Result<Vec<UnitFigures>, DbErr> {
    let mut by_unit: Vec<UnitFigures> = unit_figures(db, report_id)
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
    Ok(by_unit)
}
