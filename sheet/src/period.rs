//! Reading the year and reporting period from a title or file name:
//! 二季度, 上半年, 1-6月, 前8月, 截至9月底... and the last day each covers.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// A reporting period: the label as written and the last day it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// The wording of the source, e.g. "二季度" or "1-6月".
    pub label: String,
    /// The last day covered.
    pub as_of: NaiveDate,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new($pat).ok());
    };
}

re!(YEAR, r"(20\d{2})\s*年");
re!(BARE_YEAR, r"(?:^|\D)(20\d{2})(?:\D|$)");
re!(QUARTER, r"第?([一二三四1-4])季度");
re!(Q_SHORT, r"(?i)(?:^|[^a-z])q([1-4])(?:[^0-9]|$)");
re!(HALF, r"[上下]半年");
re!(RANGE, r"1\s*[-—–～~至到]\s*(\d{1,2})\s*月份?");
re!(FIRST_MONTHS, r"前\s*(\d{1,2})\s*个?月");
re!(UNTIL_DAY, r"截[至止]\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日");
re!(UNTIL_MONTH, r"截[至止]\s*(\d{1,2})\s*月底?");
re!(MONTH, r"(\d{1,2})\s*月份?");
re!(WHOLE_YEAR, r"全年|年度");

/// Full-width digits and dashes to their ASCII forms.
pub(crate) fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            _ => c,
        })
        .collect()
}

/// A year given as an argument, when it is one a table could cover.
pub fn year_argument(year: i32) -> Result<i32, String> {
    if (1900..=2200).contains(&year) {
        Ok(year)
    } else {
        Err(format!(
            "year = {year} is not a year a table covers; write it like 2025"
        ))
    }
}

/// The year a title names: "2025年" first, else a bare 20xx.
pub fn parse_year(text: &str) -> Option<i32> {
    let text = ascii_digits(text);
    [&YEAR, &BARE_YEAR]
        .iter()
        .find_map(|re| re.as_ref()?.captures(&text)?.get(1)?.as_str().parse().ok())
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn capture<'t>(re: &LazyLock<Option<Regex>>, text: &'t str) -> Option<regex::Captures<'t>> {
    re.as_ref()?.captures(text)
}

fn num(caps: &regex::Captures<'_>, i: usize) -> Option<u32> {
    caps.get(i)?.as_str().parse().ok()
}

/// The period `text` names for `year`, most specific wording first.
pub fn parse_period(text: &str, year: i32) -> Option<Period> {
    let text = ascii_digits(text);
    let found = |m: &regex::Captures<'_>, as_of: Option<NaiveDate>| {
        Some(Period {
            label: m.get(0)?.as_str().trim().to_owned(),
            as_of: as_of?,
        })
    };
    if let Some(c) = capture(&QUARTER, &text) {
        let q = match c.get(1)?.as_str() {
            "一" | "1" => 1,
            "二" | "2" => 2,
            "三" | "3" => 3,
            _ => 4,
        };
        return found(&c, month_end(year, q * 3));
    }
    if let Some(c) = capture(&Q_SHORT, &text) {
        let q: u32 = num(&c, 1)?;
        return Some(Period {
            label: format!("Q{q}"),
            as_of: month_end(year, q * 3)?,
        });
    }
    if let Some(c) = capture(&HALF, &text) {
        let month = if c.get(0)?.as_str().starts_with('上') {
            6
        } else {
            12
        };
        return found(&c, month_end(year, month));
    }
    if let Some(c) = capture(&UNTIL_DAY, &text) {
        return found(&c, NaiveDate::from_ymd_opt(year, num(&c, 1)?, num(&c, 2)?));
    }
    for re in [&RANGE, &FIRST_MONTHS, &UNTIL_MONTH, &MONTH] {
        if let Some(c) = capture(re, &text) {
            return found(&c, month_end(year, num(&c, 1)?));
        }
    }
    if let Some(c) = capture(&WHOLE_YEAR, &text) {
        return found(&c, NaiveDate::from_ymd_opt(year, 12, 31));
    }
    None
}

/// The period a lead line or a column header names, as in `截至9月底进展情况`,
/// `1-9月完成率（%）`, `（截至2025年9月30日）` or `三季度`: only the forms
/// that name a reporting date, not a month or 年度 alone (`年度目标` is a
/// column of the year's goal, `填报日期：10月8日` the day it was filled in).
/// A year inside (`截至2025年9月底`) is skipped over.
pub fn parse_period_in_header(text: &str, year: i32) -> Option<Period> {
    let text = ascii_digits(text);
    let text = match YEAR.as_ref() {
        Some(re) => re.replace_all(&text, "").into_owned(),
        None => text,
    };
    let strict = [
        &QUARTER,
        &HALF,
        &UNTIL_DAY,
        &RANGE,
        &FIRST_MONTHS,
        &UNTIL_MONTH,
    ];
    if !strict.iter().any(|re| capture(re, &text).is_some()) {
        return None;
    }
    // Read as a title is: a strict form is there, and the title's reading
    // tries those before a month or 年度 alone.
    parse_period(&text, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_headers_and_lead_lines() {
        let at = |t: &str| parse_period_in_header(t, 2025).map(|p| p.as_of.to_string());
        assert_eq!(at("1-9月完成率（%）").as_deref(), Some("2025-09-30"));
        assert_eq!(at("截至9月底进展情况").as_deref(), Some("2025-09-30"));
        assert_eq!(at("（截至2025年9月30日）").as_deref(), Some("2025-09-30"));
        assert_eq!(at("截至２０２５年６月底").as_deref(), Some("2025-06-30"));
        assert_eq!(at("三季度进展").as_deref(), Some("2025-09-30"));
        assert_eq!(at("年度目标"), None);
        assert_eq!(at("填报日期：10月8日"), None);
        assert_eq!(at("完成率（%）"), None);
    }

    fn as_of(text: &str) -> Option<(String, String)> {
        let p = parse_period(text, 2025)?;
        Some((p.label, p.as_of.to_string()))
    }

    #[test]
    fn periods_and_their_last_day() {
        let q2 = Some(("二季度".to_owned(), "2025-06-30".to_owned()));
        assert_eq!(as_of("2025年民生实事项目进展情况调度表（二季度）"), q2);
        assert_eq!(as_of("第三季度").map(|p| p.1), Some("2025-09-30".into()));
        assert_eq!(as_of("4季度").map(|p| p.1), Some("2025-12-31".into()));
        assert_eq!(as_of("上半年").map(|p| p.1), Some("2025-06-30".into()));
        assert_eq!(as_of("下半年").map(|p| p.1), Some("2025-12-31".into()));
        assert_eq!(
            as_of("（1-6月）"),
            Some(("1-6月".into(), "2025-06-30".into()))
        );
        assert_eq!(as_of("1—9月").map(|p| p.1), Some("2025-09-30".into()));
        assert_eq!(as_of("1～9月").map(|p| p.1), Some("2025-09-30".into()));
        assert_eq!(as_of("1至9月").map(|p| p.1), Some("2025-09-30".into()));
        assert_eq!(as_of("前8月").map(|p| p.1), Some("2025-08-31".into()));
        assert_eq!(as_of("2月份").map(|p| p.1), Some("2025-02-28".into()));
        assert_eq!(as_of("截至9月底").map(|p| p.1), Some("2025-09-30".into()));
        assert_eq!(
            as_of("截至10月15日").map(|p| p.1),
            Some("2025-10-15".into())
        );
        assert_eq!(
            as_of("shishi-2025-q3.xlsx").map(|p| p.1),
            Some("2025-09-30".into())
        );
        assert_eq!(as_of("全年").map(|p| p.1), Some("2025-12-31".into()));
        assert_eq!(as_of("进展情况调度表"), None);
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2025年民生实事"), Some(2025));
        assert_eq!(parse_year("２０２４年"), Some(2024));
        assert_eq!(parse_year("minsheng-2026-q1.xlsx"), Some(2026));
        assert_eq!(parse_year("民生实事"), None);
    }
}
