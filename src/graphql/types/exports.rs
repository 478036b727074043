//! Where a year's tables download as spreadsheets.

use async_graphql::Object;

use crate::export::files::paths;

/// Where a year's tables download: paths on this server, answered as files
/// (reads need the token under `--reads-need-token`).
pub struct Exports {
    /// The year.
    pub year: i32,
    /// The issuer, when its tables name one.
    pub issuer: Option<String>,
}

/// Where a year's tables download: paths on this server, answered as files
/// (reads need the token under `--reads-need-token`).
#[Object]
impl Exports {
    /// The year the files are of.
    async fn year(&self) -> i32 {
        self.year
    }

    /// The issuer the files are of; null when its tables name none.
    async fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The latest report of the year as xlsx in the official layout.
    async fn latest_report_url(&self) -> String {
        paths::latest(Some(self.year), self.issuer.as_deref())
    }

    /// The next period's form: the latest report's projects in order, goal
    /// and units filled, to send the units to fill in.
    async fn next_period_url(
        &self,
        #[graphql(desc = "Only this unit's projects (lead or co-unit), named as the table does.")]
        unit: Option<String>,
        #[graphql(
            default = true,
            desc = "Last period's progress and rate as the starting text; false leaves them blank."
        )]
        prefill: bool,
    ) -> String {
        paths::with_query(
            paths::NEXT_PERIOD,
            &[
                ("year", Some(self.year.to_string())),
                ("issuer", self.issuer.clone()),
                ("unit", unit.filter(|u| !u.trim().is_empty())),
                ("prefill", (!prefill).then(|| "false".to_owned())),
            ],
        )
    }

    /// The history workbook: every project's rate at every reporting date
    /// (lights as fills, the change since the date before), a sheet per
    /// report, and the units ranked (红黄榜).
    async fn history_xlsx_url(&self) -> String {
        paths::with_query(
            paths::HISTORY_XLSX,
            &[
                ("year", Some(self.year.to_string())),
                ("issuer", self.issuer.clone()),
            ],
        )
    }

    /// The period's 通报 as a Word document to edit and send: the figures,
    /// the completed and the lagging projects, the units' 红榜 and 黄榜, the
    /// standing demands and the 慢序时/按序时 tables; of the latest report
    /// on or before `asOf`.
    async fn bulletin_url(
        &self,
        #[graphql(
            name = "asOf",
            desc = "The reporting date; the latest report on or before it."
        )]
        as_of: Option<crate::graphql::scalars::Date>,
    ) -> String {
        paths::with_query(
            paths::BULLETIN,
            &[
                ("year", Some(self.year.to_string())),
                ("issuer", self.issuer.clone()),
                ("asOf", as_of.map(|d| d.0.to_string())),
            ],
        )
    }

    /// The 督办单 as a Word document: a page for each unit with projects
    /// lit RED or YELLOW (their rates against 序时进度, the reply deadline
    /// and a 反馈 table), or for one unit.
    async fn notices_url(
        &self,
        #[graphql(desc = "Only this unit's notice, named as the table does.")] unit: Option<String>,
        #[graphql(
            name = "asOf",
            desc = "The reporting date; the latest report on or before it."
        )]
        as_of: Option<crate::graphql::scalars::Date>,
    ) -> String {
        paths::with_query(
            paths::NOTICES,
            &[
                ("year", Some(self.year.to_string())),
                ("issuer", self.issuer.clone()),
                ("unit", unit.filter(|u| !u.trim().is_empty())),
                ("asOf", as_of.map(|d| d.0.to_string())),
            ],
        )
    }

    /// The flat history as CSV (UTF-8 with a byte-order mark): one line per
    /// project and reporting date.
    async fn history_csv_url(&self) -> String {
        paths::with_query(
            paths::HISTORY_CSV,
            &[
                ("year", Some(self.year.to_string())),
                ("issuer", self.issuer.clone()),
            ],
        )
    }
}
