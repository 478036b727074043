//! Domain vocabulary shared by every layer: progress status, the pace light
//! (序时进度) and how both are computed. Pure functions, no I/O.

use chrono::{Datelike, NaiveDate};

/// Where a project stands, derived from its completion rate.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProgressStatus {
    /// 未开工: the rate is 0.
    NotStarted,
    /// 推进中: the rate is above 0 and below 100, or could not be read.
    InProgress,
    /// 已完成: the rate is 100.
    Completed,
}

impl ProgressStatus {
    /// Every status, in the order of work.
    pub const ALL: [ProgressStatus; 3] = [
        ProgressStatus::NotStarted,
        ProgressStatus::InProgress,
        ProgressStatus::Completed,
    ];

    /// Status for a completion rate: COMPLETED at 100, NOT_STARTED at 0, else
    /// IN_PROGRESS (also when the rate is unknown: the project is listed, so
    /// it is under way as far as the table tells).
    pub fn from_rate(rate: Option<f64>) -> Self {
        match rate {
            Some(r) if r >= 100.0 => Self::Completed,
            Some(r) if r <= 0.0 => Self::NotStarted,
            _ => Self::InProgress,
        }
    }

    /// The stored form, equal to the GraphQL enum value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "NOT_STARTED",
            Self::InProgress => "IN_PROGRESS",
            Self::Completed => "COMPLETED",
        }
    }

    /// Reads the stored form; unknown text reads as IN_PROGRESS.
    pub fn parse(s: &str) -> Self {
        match s {
            "NOT_STARTED" => Self::NotStarted,
            "COMPLETED" => Self::Completed,
            _ => Self::InProgress,
        }
    }
}

/// Pace against elapsed time (时间过半、任务过半).
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Light {
    /// Completed, or less than 10 points behind the expected rate.
    Green,
    /// 10 to 30 points behind.
    Yellow,
    /// More than 30 points behind, or no readable rate.
    Red,
}

impl Light {
    /// Every light, most severe last.
    pub const ALL: [Light; 3] = [Light::Green, Light::Yellow, Light::Red];

    /// Its severity as stored (0 green, 1 yellow, 2 red), which orders
    /// lights from best to worst.
    pub fn severity(self) -> i16 {
        match self {
            Self::Green => 0,
            Self::Yellow => 1,
            Self::Red => 2,
        }
    }

    /// The light of a stored severity; None for anything else.
    pub fn from_severity(severity: i16) -> Option<Self> {
        match severity {
            0 => Some(Self::Green),
            1 => Some(Self::Yellow),
            2 => Some(Self::Red),
            _ => None,
        }
    }

    /// Light of a project with `status` and `rate` when `expected` percent of
    /// the year has passed.
    pub fn of(status: ProgressStatus, rate: Option<f64>, expected: f64) -> Self {
        if status == ProgressStatus::Completed {
            return Self::Green;
        }
        let Some(rate) = rate else {
            return Self::Red;
        };
        let behind = round2(expected - rate);
        if behind < 10.0 {
            Self::Green
        } else if behind <= 30.0 {
            Self::Yellow
        } else {
            Self::Red
        }
    }
}

/// Counts of one group of entries, as `GROUP BY light, status` gives them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    /// Entries.
    pub count: i32,
    /// Entries per light, by severity.
    pub by_light: [i32; 3],
    /// Entries per status, in the order of `ProgressStatus::ALL`.
    pub by_status: [i32; 3],
    /// The sum of the readable rates.
    pub rate_sum: f64,
    /// How many rates were readable.
    pub rated: i64,
}

impl Tally {
    /// Adds a group: `n` entries of `light` and `status`, `rated` of them
    /// with a rate summing to `sum`.
    pub fn add(&mut self, light: Option<i16>, status: &str, n: i64, sum: Option<f64>, rated: i64) {
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

    /// Adds every entry of `other`.
    pub fn merge(&mut self, other: &Tally) {
        self.count = self.count.saturating_add(other.count);
        for i in 0..3 {
            self.by_light[i] += other.by_light[i];
            self.by_status[i] += other.by_status[i];
        }
        self.rate_sum += other.rate_sum;
        self.rated += other.rated;
    }
}

/// 100 × (day of the year of `as_of`) / (days in that year), rounded to two
/// decimals: 2025-06-30 gives 49.59.
pub fn expected_rate(as_of: NaiveDate) -> f64 {
    let days = if as_of.leap_year() { 366.0 } else { 365.0 };
    round2(100.0 * f64::from(as_of.ordinal()) / days)
}

/// Rounds to two decimals, the precision rates are shown with.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_rate_matches_the_contract_example() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 30);
        assert_eq!(d.map(expected_rate), Some(49.59));
        let end = NaiveDate::from_ymd_opt(2024, 12, 31);
        assert_eq!(end.map(expected_rate), Some(100.0));
    }

    #[test]
    fn light_thresholds() {
        let s = ProgressStatus::InProgress;
        assert_eq!(Light::of(s, Some(40.0), 49.59), Light::Green);
        assert_eq!(Light::of(s, Some(39.59), 49.59), Light::Yellow);
        assert_eq!(Light::of(s, Some(19.59), 49.59), Light::Yellow);
        assert_eq!(Light::of(s, Some(19.58), 49.59), Light::Red);
        assert_eq!(Light::of(s, None, 49.59), Light::Red);
        assert_eq!(
            Light::of(ProgressStatus::Completed, None, 99.0),
            Light::Green
        );
    }

    #[test]
    fn status_from_rate() {
        assert_eq!(
            ProgressStatus::from_rate(Some(100.0)),
            ProgressStatus::Completed
        );
        assert_eq!(
            ProgressStatus::from_rate(Some(0.0)),
            ProgressStatus::NotStarted
        );
        assert_eq!(
            ProgressStatus::from_rate(Some(52.0)),
            ProgressStatus::InProgress
        );
        assert_eq!(ProgressStatus::from_rate(None), ProgressStatus::InProgress);
    }
}
