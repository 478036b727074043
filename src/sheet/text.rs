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

/// Units split on 、，,；; and line breaks, in order, without repeats.
pub fn split_units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for part in text.split(['、', '，', ',', '；', ';', '\n', '\r']) {
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
    /// A percent in 0..=100.
    Percent(f64),
    /// The cell is empty.
    Blank,
    /// Text that is not a rate; kept raw, rate unknown.
    Unreadable,
    /// A number outside 0..100.
    OutOfRange(f64),
    /// Read, but with a caveat worth a warning ("约80%", "已完成").
    Approximate(f64, &'static str),
}

/// Reads a rate cell: "52%", "52", 52, "约80%", "已完成".
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
        if (0.0..=100.0).contains(&v) {
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
    let t = t.as_str();
    if t.is_empty() {
        return RateReading::Blank;
    }
    let (approx, rest) = match t.strip_prefix('约').or_else(|| t.strip_prefix("大约")) {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    let has_percent = rest.ends_with(['%', '％']);
    let digits = rest.trim_end_matches(['%', '％']).trim();
    if let Ok(v) = digits.parse::<f64>() {
        let v = if has_percent { v } else { scale(v) };
        return match check(v) {
            RateReading::Percent(v) if approx => RateReading::Approximate(v, "an approximate rate"),
            other => other,
        };
    }
    if matches!(t, "已完成" | "完成" | "已完工" | "全部完成" | "已全部完成") {
        return RateReading::Approximate(100.0, "a word, not a number");
    }
    RateReading::Unreadable
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
        assert_eq!(
            parse_rate("120%", None, false),
            RateReading::OutOfRange(120.0)
        );
        assert_eq!(parse_rate("进行中", None, false), RateReading::Unreadable);
        assert_eq!(parse_serial("117", None), Some(117));
        assert_eq!(parse_serial("", Some(17.0)), Some(17));
    }
}
