//! How to import a table, said once for every way of asking: the CLI's
//! flags (clap), the REST upload's form fields and a sync source's
//! `#key=value` part (both text, read through [`ImportFields`]), and the
//! GraphQL upload's arguments all become one [`ImportOptions`], checked in
//! one place ([`ImportOptions::new`]).

use chrono::NaiveDate;
use serde::Deserialize;

use crate::sheet::Mapping;

/// How to import a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// Parse and validate only.
    pub dry_run: bool,
    /// Merge into the period's report (a unit's return).
    pub merge: bool,
    /// The reporting date, overriding the title's.
    pub as_of: Option<NaiveDate>,
    /// The period label, overriding the title's.
    pub period: Option<String>,
    /// The issuer, overriding the title's.
    pub issuer: Option<String>,
    /// The year, overriding the title's.
    pub year: Option<i32>,
    /// Which row is the header and which column is which.
    pub mapping: Mapping,
}

/// Longest text an option may hold.
const MAX_TEXT: usize = crate::error::MAX_FIELD_BYTES;

impl ImportOptions {
    /// The options from typed values: a blank period or issuer is none
    /// (the title's), the year must be one a table covers, the header row
    /// counts from 1, the columns must read as a mapping, and no text is
    /// longer than [`MAX_TEXT`] bytes.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        dry_run: bool,
        merge: bool,
        as_of: Option<NaiveDate>,
        period: Option<String>,
        issuer: Option<String>,
        year: Option<i32>,
        header_row: Option<i64>,
        columns: Option<&str>,
    ) -> Result<Self, String> {
        for (name, value) in [
            ("period", period.as_deref()),
            ("issuer", issuer.as_deref()),
            ("columns", columns),
        ] {
            if let Some(v) = value.filter(|v| v.len() > MAX_TEXT) {
                return Err(format!(
                    "{name} is {} bytes long; it may hold at most {MAX_TEXT}",
                    v.len()
                ));
            }
        }
        let blank_is_none =
            |v: Option<String>| v.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let year = year.map(crate::sheet::year_argument).transpose()?;
        let header_row = header_row
            .map(|r| {
                u32::try_from(r).ok().filter(|r| *r >= 1).ok_or_else(|| {
                    format!("headerRow = {r} is not a row number; rows count from 1")
                })
            })
            .transpose()?;
        let mapping = Mapping::parse(header_row, columns.filter(|c| !c.trim().is_empty()))?;
        Ok(Self {
            dry_run,
            merge,
            as_of,
            period: blank_is_none(period),
            issuer: blank_is_none(issuer),
            year,
            mapping,
        })
    }

    /// The options into `req`.
    pub fn into_request(self, req: super::RunRequest) -> super::RunRequest {
        super::RunRequest {
            dry_run: self.dry_run,
            merge: self.merge,
            as_of: self.as_of,
            period: self.period,
            issuer: self.issuer,
            year: self.year,
            mapping: self.mapping,
            ..req
        }
    }
}

/// The options as text gives them: the REST upload's form fields (camelCase)
/// and a sync source's `#` part (kebab-case). Unknown keys are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportFields {
    #[serde(default, alias = "dryRun", alias = "dry-run")]
    dry_run: Option<String>,
    #[serde(default)]
    merge: Option<String>,
    #[serde(default, alias = "asOf", alias = "as-of")]
    as_of: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    year: Option<String>,
    #[serde(default, alias = "headerRow", alias = "header-row")]
    header_row: Option<String>,
    #[serde(default)]
    columns: Option<String>,
}

/// The keys [`ImportFields`] reads, as they are written.
pub const FIELD_KEYS: [&str; 8] = [
    "dryRun",
    "merge",
    "asOf",
    "period",
    "issuer",
    "year",
    "headerRow",
    "columns",
];

impl ImportFields {
    /// Reads `key=value` pairs (form fields, a source's `#` part); an
    /// unknown key is refused, naming the keys there are.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, String> {
        let map: serde_json::Map<String, serde_json::Value> = pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
            .collect();
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| {
            let text = e.to_string();
            let key = text
                .split('`')
                .nth(1)
                .map(crate::export::files::quoted)
                .unwrap_or_default();
            format!(
                "'{key}' is not an import setting; use {}",
                FIELD_KEYS.join(", ")
            )
        })
    }

    /// The options these fields say, checked as [`ImportOptions::new`]
    /// checks them.
    pub fn read(self) -> Result<ImportOptions, String> {
        let flag = |name: &str, v: Option<String>| match v.as_deref().map(str::trim) {
            None | Some("" | "false" | "0") => Ok(false),
            Some("true" | "1") => Ok(true),
            Some(other) => Err(format!(
                "{name} = '{}' is not true or false",
                crate::export::files::quoted(other)
            )),
        };
        let text = |v: Option<String>| v.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let bad = |name: &str, v: &str, what: &str| {
            format!(
                "{name} = '{}' is not {what}",
                crate::export::files::quoted(v)
            )
        };
        let as_of = text(self.as_of)
            .map(|v| {
                NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map_err(|_| bad("asOf", &v, "a date; write it as YYYY-MM-DD"))
            })
            .transpose()?;
        let year = text(self.year)
            .map(|v| {
                v.parse::<i32>()
                    .map_err(|_| bad("year", &v, "a year; write it like 2025"))
            })
            .transpose()?;
        let header_row = text(self.header_row)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| bad("headerRow", &v, "a row number; rows count from 1"))
            })
            .transpose()?;
        ImportOptions::new(
            flag("dryRun", self.dry_run)?,
            flag("merge", self.merge)?,
            as_of,
            self.period,
            self.issuer,
            year,
            header_row,
            self.columns.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<ImportOptions, String> {
        ImportFields::from_pairs(pairs.iter().copied())?.read()
    }

    #[test]
    fn every_way_of_asking_reads_the_same() {
        let rest = read(&[
            ("dryRun", "true"),
            ("asOf", "2025-09-30"),
            ("period", " 三季度 "),
            ("issuer", "章丘区"),
            ("headerRow", "3"),
            ("columns", "goal=B, rate=E"),
        ]);
        let fragment = read(&[
            ("dry-run", "1"),
            ("as-of", "2025-09-30"),
            ("period", "三季度"),
            ("issuer", "章丘区"),
            ("header-row", "3"),
            ("columns", "goal=B, rate=E"),
        ]);
        let typed = ImportOptions::new(
            true,
            false,
            NaiveDate::from_ymd_opt(2025, 9, 30),
            Some("三季度".to_owned()),
            Some("章丘区".to_owned()),
            None,
            Some(3),
            Some("goal=B, rate=E"),
        );
        assert!(typed.is_ok());
        assert_eq!(rest, typed);
        assert_eq!(fragment, typed);
    }

    #[test]
    fn blanks_are_the_titles_and_bad_values_say_what_they_are() {
        let blank = read(&[("period", " "), ("issuer", ""), ("year", "")]);
        assert_eq!(blank, Ok(ImportOptions::default()));
        // A blank period is the title's whichever way it comes.
        let typed =
            ImportOptions::new(false, false, None, Some(" ".into()), None, None, None, None);
        assert_eq!(typed.map(|o| o.period), Ok(None));
        for (pairs, says) in [
            (
                vec![("asOf", "30.06.2025")],
                "asOf = '30.06.2025' is not a date",
            ),
            (vec![("year", "1800")], "year = 1800 is not a year"),
            (vec![("year", "next")], "year = 'next' is not a year"),
            (
                vec![("headerRow", "0")],
                "headerRow = 0 is not a row number",
            ),
            (
                vec![("headerRow", "-2")],
                "headerRow = -2 is not a row number",
            ),
            (
                vec![("merge", "maybe")],
                "merge = 'maybe' is not true or false",
            ),
            (vec![("colour", "red")], "'colour' is not an import setting"),
            (vec![("columns", "goal")], "is not key=column"),
        ] {
            let got = read(&pairs).err().unwrap_or_default();
            assert!(got.contains(says), "{pairs:?}: {got}");
        }
        let long = "区".repeat(100);
        assert!(read(&[("issuer", &long)]).is_err_and(|e| e.contains("at most")));
    }
}
