//! Reading the text cells of a project row: names, unit lists, rates, serials.

/// Line breaks made uniform and the text trimmed.
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{a0}', " ")
        .trim()
        .to_owned()
}

/// The task's short name: the first sentence of 任务目标, without its 。.
pub fn name_of(goal: &str) -> String {
    let first_line = goal.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let sentence = match first_line.find('。') {
        Some(end) => &first_line[..end],
        None => first_line,
    };
    sentence.trim().to_owned()
}

/// The name as compared for identity: no white space, half-width brackets,
/// no trailing 。, so two spellings of one project stay one project.
pub fn normalize_name(name: &str) -> String {
    let squeezed: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' => '[',
            '】' => ']',
            '，' => ',',
            '：' => ':',
            '；' => ';',
            _ => c,
        })
        .collect();
    let key = squeezed.trim_end_matches(['。', '.']);
    // A project's identity is indexed, and PostgreSQL refuses index rows
    // past about 2,700 bytes: a name with no sentence end (a whole goal of
    // text) keys on its first characters and a digest of all of it.
    if key.chars().count() <= MAX_KEY_CHARS {
        return key.to_owned();
    }
    use sha2::{Digest, Sha256};
    let head: String = key.chars().take(MAX_KEY_CHARS).collect();
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("{head}#{hex}")
}

/// The longest name key kept whole, in characters (at most 4 bytes each).
const MAX_KEY_CHARS: usize = 300;

/// What a table writes around a unit's name to say its part: 区住建局（牵头）,
/// 牵头单位：区住建局, 配合：区财政局.
const UNIT_MARKERS: [&str; 12] = [
    "（牵头）",
    "(牵头)",
    "（配合）",
    "(配合)",
    "（牵头单位）",
    "（配合单位）",
    "牵头单位：",
    "配合单位：",
    "牵头单位:",
    "配合单位:",
    "牵头：",
    "配合：",
];

/// Units split on 、，,；; and line breaks, in order, without repeats, the
/// （牵头）/（配合） markers taken off.
pub fn split_units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for part in text.split(['、', '，', ',', '；', ';', '\n', '\r']) {
        let mut part = part.trim().to_owned();
        for marker in UNIT_MARKERS {
            part = part.replace(marker, "");
        }
        let unit = part.trim().trim_end_matches(['。', '.']).trim();
        if !unit.is_empty() && !units.iter().any(|u| u == unit) {
            units.push(unit.to_owned());
        }
    }
    units
}

/// The first non-blank line, the progress summary.
pub fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_owned()
}

/// The number a figure cell starts with (`12所` -> 12, `３．５公里` -> 3.5),
/// full-width digits read as ASCII.
pub fn leading_number(text: &str) -> Option<f64> {
    let ascii = super::period::ascii_digits(text).replace('．', ".");
    let number: String = ascii
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.parse().ok()
}

/// A rate read from a 完成率 cell.
#[derive(Debug, Clone, PartialEq)]
pub enum RateReading {
    /// A percent from 0 up to [`MAX_RATE`]; above 100 as reported (112%:
    /// the year's target passed).
    Percent(f64),
    /// The cell is empty, or holds a dash (—, /, 无): no figure given.
    Blank,
    /// Text that is not a rate; kept raw, rate unknown.
    Unreadable,
    /// A number below 0 or above [`MAX_RATE`].
    OutOfRange(f64),
    /// Read, but with a caveat worth a warning ("约80%", a figure inside a
    /// sentence).
    Approximate(f64, &'static str),
    /// Words of pace and no figure (序时推进): no rate, the words kept.
    Pace,
}

/// The highest rate read as reported; past it a figure is taken for a
/// typing error (1120 for 112).
pub const MAX_RATE: f64 = 1000.0;

/// Words that mean the task is done: read as 100.
const DONE_WORDS: [&str; 17] = [
    "已完成",
    "完成",
    "已完工",
    "完工",
    "全部完成",
    "已全部完成",
    "已办结",
    "办结",
    "已竣工",
    "竣工",
    "超额完成",
    "已超额完成",
    "提前完成",
    "已提前完成",
    "完成年度任务",
    "已完成年度任务",
    "已完成全年任务",
];

/// Words of pace with no figure.
const PACE_WORDS: [&str; 7] = [
    "序时推进",
    "按序时推进",
    "按序时进度推进",
    "正常推进",
    "有序推进",
    "按计划推进",
    "按期推进",
];

/// What a table writes for "no figure".
const DASHES: [&str; 9] = ["—", "——", "-", "－", "/", "／", "无", "暂无", "…"];

/// A percent figure anywhere in a sentence: 完成年度任务的92.5%.
static FIGURE_IN_TEXT: std::sync::LazyLock<Option<regex::Regex>> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(\d+(?:\.\d+)?)\s*[%％]").ok());

/// Reads a rate cell: "52%", "52", 52, "约80%", "112%", "已完成",
/// "100%（提前完成）", "完成年度任务的92.5%".
/// `fraction` says the number is a share of 1 (0.52 is 52%).
pub fn parse_rate(text: &str, number: Option<f64>, fraction: bool) -> RateReading {
    // A share times 100 is not exact in binary (0.55 × 100 is
    // 55.00000000000001): rounded to nine decimals, far below what a table
    // prints, it reads as the percent the cell shows.
    let scale = |v: f64| {
        if fraction {
            (v * 100.0 * 1e9).round() / 1e9
        } else {
            v
        }
    };
    let check = |v: f64| {
        if (0.0..=MAX_RATE).contains(&v) {
            RateReading::Percent(v)
        } else {
            RateReading::OutOfRange(v)
        }
    };
    if let Some(v) = number {
        return check(scale(v));
    }
    // Full-width figures (４５％, ４５．５％) as typed with a Chinese input
    // method read as their ASCII forms.
    let t = super::period::ascii_digits(text.trim()).replace('．', ".");
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.as_str();
    if t.is_empty() || DASHES.contains(&t) {
        return RateReading::Blank;
    }
    let (approx, rest) = match t.strip_prefix('约').or_else(|| t.strip_prefix("大约")) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    // A figure with a remark in brackets after it: 100%（提前完成）.
    let rest = match rest.find(['（', '(']) {
        Some(at) if at > 0 && rest.ends_with(['）', ')']) => &rest[..at],
        _ => rest,
    };
    let has_percent = rest.ends_with(['%', '％']);
    let digits = rest.trim_end_matches(['%', '％']);
    if let Ok(v) = digits.parse::<f64>() {
        let v = if has_percent { v } else { scale(v) };
        return match check(v) {
            RateReading::Percent(v) if approx => RateReading::Approximate(v, "an approximate rate"),
            other => other,
        };
    }
    if DONE_WORDS.contains(&t) {
        return RateReading::Percent(100.0);
    }
    if PACE_WORDS.contains(&t) {
        return RateReading::Pace;
    }
    let figures: Vec<f64> = FIGURE_IN_TEXT
        .as_ref()
        .map(|re| {
            re.captures_iter(t)
                .filter_map(|c| c.get(1)?.as_str().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    if let [v] = figures.as_slice() {
        return match check(*v) {
            RateReading::Percent(v) => RateReading::Approximate(v, "a figure inside a sentence"),
            other => other,
        };
    }
    RateReading::Unreadable
}

/// Marks a serial may carry after its number (7* for a project chosen by
/// the people's congress deputies' vote, 人大代表票决).
const SERIAL_MARKS: [char; 7] = ['*', '＊', '※', '★', '☆', '△', '▲'];

/// A serial and the mark written after it: "7*" gives (7, "*").
pub fn parse_marked_serial(text: &str, number: Option<f64>) -> (Option<i32>, Option<String>) {
    if number.is_some() {
        return (parse_serial(text, number), None);
    }
    let t = text.trim();
    let number_part = t.trim_end_matches(SERIAL_MARKS).trim_end();
    if number_part.len() == t.len() || number_part.is_empty() {
        return (parse_serial(text, None), None);
    }
    let mark: String = t[number_part.len()..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match parse_serial(number_part, None) {
        Some(n) => (Some(n), Some(mark)),
        None => (None, None),
    }
}

/// A serial from its cell: 17, "17", "17." or "（17）".
pub fn parse_serial(text: &str, number: Option<f64>) -> Option<i32> {
    if let Some(v) = number {
        return (v.fract() == 0.0 && (0.0..1e6).contains(&v)).then_some(v as i32);
    }
    let digits: String = text
        .trim()
        .trim_matches(['(', ')', '（', '）', '.', '、', '．'])
        .to_owned();
    digits.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_as_tables_write_them() {
        for done in ["已完成", "已完工", "已办结", "超额完成", " 已 完 成 "] {
            assert_eq!(
                parse_rate(done, None, false),
                RateReading::Percent(100.0),
                "{done}"
            );
        }
        assert_eq!(
            parse_rate("完成年度任务的92.5%", None, false),
            RateReading::Approximate(92.5, "a figure inside a sentence")
        );
        assert_eq!(
            parse_rate("100%（提前完成）", None, false),
            RateReading::Percent(100.0)
        );
        assert_eq!(parse_rate("112%", None, false), RateReading::Percent(112.0));
        assert_eq!(
            parse_rate("", Some(1.12), true),
            RateReading::Percent(112.0)
        );
        for dash in ["—", "-", "/", "无"] {
            assert_eq!(parse_rate(dash, None, false), RateReading::Blank, "{dash}");
        }
        assert_eq!(parse_rate("序时推进", None, false), RateReading::Pace);
        assert_eq!(
            parse_rate("一期完成50%，二期完成30%", None, false),
            RateReading::Unreadable,
            "two figures: which one is not the table's to say"
        );
    }

    #[test]
    fn a_share_reads_as_the_percent_it_shows() {
        for (share, percent) in [(0.55, 55.0), (0.07, 7.0), (0.291, 29.1), (1.0, 100.0)] {
            assert!(
                matches!(parse_rate("", Some(share), true), RateReading::Percent(v) if v == percent),
                "{share}"
            );
        }
    }

    #[test]
    fn a_long_name_keys_on_its_head_and_a_digest() {
        let long = "很长的目标".repeat(200);
        let key = normalize_name(&long);
        assert!(key.len() < 2_000, "{}", key.len());
        assert!(key.starts_with("很长的目标"));
        let other = normalize_name(&format!("{long}另一个"));
        assert_ne!(key, other, "names that differ past the head stay apart");
        assert_eq!(normalize_name("短名称。"), "短名称");
    }

    #[test]
    fn names_units_and_rates() {
        assert_eq!(
            name_of("开展促进高质量充分就业行动。全年实现新增城镇就业7600人"),
            "开展促进高质量充分就业行动"
        );
        assert_eq!(
            normalize_name("实施（二期） 项目。"),
            normalize_name("实施(二期)项目")
        );
        assert_eq!(
            split_units("区民政局、\n社会工作部、\n区卫健局"),
            vec!["区民政局", "社会工作部", "区卫健局"]
        );
        assert_eq!(
            split_units("区住建局（牵头）、区财政局（配合）\n配合：区水务局"),
            vec!["区住建局", "区财政局", "区水务局"]
        );
        assert_eq!(parse_rate("52%", None, false), RateReading::Percent(52.0));
        assert_eq!(
            parse_rate("", Some(52.0), false),
            RateReading::Percent(52.0)
        );
        assert_eq!(parse_rate("0.52", None, true), RateReading::Percent(52.0));
        assert_eq!(
            parse_rate("４５％", None, false),
            RateReading::Percent(45.0)
        );
        assert_eq!(
            parse_rate("４５．５％", None, false),
            RateReading::Percent(45.5)
        );
        assert_eq!(parse_rate("４５", None, false), RateReading::Percent(45.0));
        assert_eq!(
            parse_rate("约８０％", None, false),
            RateReading::Approximate(80.0, "an approximate rate")
        );
        assert_eq!(parse_rate("", Some(0.52), true), RateReading::Percent(52.0));
        assert_eq!(
            parse_rate("约80%", None, false),
            RateReading::Approximate(80.0, "an approximate rate")
        );
        assert_eq!(parse_rate("120%", None, false), RateReading::Percent(120.0));
        assert_eq!(
            parse_rate("1200%", None, false),
            RateReading::OutOfRange(1200.0)
        );
        assert_eq!(
            parse_rate("-5%", None, false),
            RateReading::OutOfRange(-5.0)
        );
        assert_eq!(parse_rate("进行中", None, false), RateReading::Unreadable);
        assert_eq!(parse_serial("117", None), Some(117));
        assert_eq!(parse_marked_serial("7*", None), (Some(7), Some("*".into())));
        assert_eq!(
            parse_marked_serial("9 ＊", None),
            (Some(9), Some("＊".into()))
        );
        assert_eq!(parse_marked_serial("12", None), (Some(12), None));
        assert_eq!(parse_marked_serial("*", None), (None, None));
        assert_eq!(parse_serial("", Some(17.0)), Some(17));
    }
}
