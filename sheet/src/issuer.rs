//! Reading the issuing body off a title or file name: 章丘区 in
//! 章丘区2025年民生实事项目进展情况调度表, 历城区 in
//! 2025年济南市历城区民生实事..., 济南市 in 济南市2025年民生实事....

use std::sync::LazyLock;

use regex::Regex;

/// Where the subject of a title starts: the issuer is named before it.
const SUBJECTS: [&str; 8] = [
    "民生实事",
    "为民办实事",
    "民生工程",
    "重点民生",
    "民生项目",
    "实事项目",
    "进展情况",
    "调度表",
];

/// Words after a body's name that are not part of it.
const OFFICE_WORDS: [&str; 6] = [
    "人民政府办公室",
    "人民政府",
    "政府办公室",
    "政府",
    "委办公室",
    "督查室",
];

/// Administrative divisions an issuer's name ends with.
const DIVISIONS: [&str; 9] = ["区", "县", "市", "州", "旗", "盟", "镇", "乡", "街道"];

/// The longest issuer name read off a title; a longer run is a sentence.
const LONGEST: usize = 16;

/// A year as titles write it: 2025年, 2025年度, 二〇二五年.
static YEAR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:20\d{2}|[〇○零一二三四五六七八九]{4})\s*年?度?").ok());

/// Words and marks around a name that are not part of it.
static NOISE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"关于|印发|[（(].*?[）)]|[\s　、，,：:“”《》]").ok());

/// The issuer a title or file name names, if any: the name of a district,
/// county or city before the table's subject (or before its year), the
/// most specific level when several are chained (济南市章丘区 -> 章丘区).
pub fn issuer_in(text: &str) -> Option<String> {
    let text = super::period::ascii_digits(text);
    // A path or URL: only its last part names anything.
    let text = text.rsplit(['/', '\\']).next().unwrap_or(&text);
    let head = match SUBJECTS.iter().filter_map(|s| text.find(s)).min() {
        Some(at) => &text[..at],
        None => text,
    };
    // The name stands before the year (章丘区2025年...) or after it
    // (2025年章丘区...); a period may follow it (章丘区2025年三季度).
    let parts: Vec<&str> = match YEAR.as_ref().and_then(|re| re.find(head)) {
        Some(year) => vec![&head[..year.start()], &head[year.end()..]],
        None => vec![head],
    };
    parts.into_iter().find_map(|part| {
        let mut name = NOISE.as_ref()?.replace_all(part, "").into_owned();
        for word in OFFICE_WORDS {
            if let Some(stripped) = name.strip_suffix(word) {
                name = stripped.to_owned();
                break;
            }
        }
        let name = most_specific(&name);
        is_division(name).then(|| name.to_owned())
    })
}

/// A name made of Chinese characters only, of a sensible length, ending
/// with a division word.
fn is_division(name: &str) -> bool {
    let len = name.chars().count();
    (2..=LONGEST).contains(&len)
        && name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && DIVISIONS.iter().any(|d| name.ends_with(d))
}

/// The last level of a chained name: 山东省济南市章丘区 -> 章丘区,
/// 济南市市中区 -> 市中区; a single level stays.
fn most_specific(mut name: &str) -> &str {
    'outer: loop {
        for (i, c) in name.char_indices().skip(1) {
            if matches!(c, '省' | '市' | '州' | '盟') {
                let rest = &name[i + c.len_utf8()..];
                if is_division(rest) {
                    name = rest;
                    continue 'outer;
                }
            }
        }
        return name;
    }
}

#[cfg(test)]
mod tests {
    use super::issuer_in;

    #[test]
    fn issuers_in_titles_and_file_names() {
        let cases = [
            ("2025年民生实事项目进展情况调度表（二季度）", None),
            (
                "章丘区2025年民生实事项目进展情况调度表（二季度）",
                Some("章丘区"),
            ),
            ("2025年章丘区民生实事项目进展情况调度表", Some("章丘区")),
            ("2025年济南市历城区民生实事项目进展情况", Some("历城区")),
            ("济南市2025年度重点民生实事项目调度表", Some("济南市")),
            (
                "济南市市中区2025年民生实事项目进展情况调度表",
                Some("市中区"),
            ),
            ("平阴县人民政府2025年为民办实事项目进展", Some("平阴县")),
            ("二〇二五年莱芜区民生实事进展情况调度表", Some("莱芜区")),
            ("关于2025年民生实事项目进展情况的通报", None),
            ("章丘区2025年二季度.xlsx", Some("章丘区")),
            ("/srv/tables/历城区2025年三季度调度表.xlsx", Some("历城区")),
            ("2025-q2.xlsx", None),
            ("民生实事项目进展情况调度表", None),
            ("Q2 report 2025.xlsx", None),
        ];
        for (text, want) in cases {
            assert_eq!(issuer_in(text).as_deref(), want, "{text}");
        }
    }
}
