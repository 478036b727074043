//! Why a file could not be read as a tracking table.

/// Why a file could not be read as a tracking table. Each message says what
/// is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Zero bytes.
    #[error("the file is empty (0 bytes); export the table again and upload the saved file")]
    EmptyFile,
    /// Not xlsx, xls or ods.
    #[error("the file is not a spreadsheet; upload the table as .xlsx, .xls or .ods")]
    NotASpreadsheet,
    /// A spreadsheet calamine could not read (truncated, damaged).
    #[error("the {format} file could not be read ({detail}); it may be damaged or cut short: open it in Excel or WPS, save it again and upload that copy")]
    Unreadable {
        /// xlsx, xls or ods.
        format: &'static str,
        /// What the reader said.
        detail: String,
    },
    /// Encrypted.
    #[error("the workbook is password-protected; remove the password (File > Info > Protect Workbook) and upload it again")]
    PasswordProtected,
    /// Too many rows.
    #[error("sheet '{sheet}' has cells beyond row {rows}; a tracking table is far smaller: delete the stray cells far below the table (Ctrl+End shows the last one) or check that this is the right file")]
    TooLarge {
        /// The sheet.
        sheet: String,
        /// The limit.
        rows: u32,
    },
    /// A sheet spans more cells than may be expanded.
    #[error("sheet '{sheet}' spans {cells} cells (more than {limit}); a tracking table is far smaller: delete stray cells or formatting far from the table, or check that this is the right file")]
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// Cells it spans.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// A format shishi does not read (.doc, .wps, .et).
    #[error("{format} 文件无法读取：请在 Word、WPS 或 Excel 中将其另存为 .docx 或 .xlsx 后再上传 (a {format} file is not read; save it as .docx or .xlsx and upload that)")]
    UnsupportedFormat {
        /// The format, as its extension: .doc, .wps, .et.
        format: String,
    },
    /// An HTML page larger than any portal page with a table.
    #[error("the page is {bytes} bytes (more than {limit}); a portal page with one table is far smaller: save the table itself, or check that this is the right address")]
    PageTooLarge {
        /// The page's size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// A `rowspan` or `colspan` past what any table uses.
    #[error("a table cell has {attribute}=\"{value}\" (more than {limit}); no table spans so far, so the page is refused")]
    SpanTooLarge {
        /// colspan or rowspan.
        attribute: String,
        /// The value given.
        value: u64,
        /// The limit.
        limit: u32,
    },
    /// More tables in a page or document than a report holds.
    #[error("the page or document holds more than {limit} tables; a report is one table or a few: save the table itself")]
    TooManyTables {
        /// The limit.
        limit: usize,
    },
    /// A zip that inflates past the limit (a zip bomb, or not a table).
    #[error("the archive inflates to more than {limit} bytes; a tracking table is far smaller, so this file is refused (raise --max-upload-bytes if it really is a table)")]
    ArchiveTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// No sheet has a header row.
    #[error("no sheet has a header row with 任务目标 and at least two of 序号, 责任单位, 进展情况, 完成率 in its first 30 rows (sheets: {sheets}){hint}")]
    NoHeader {
        /// The sheets looked at.
        sheets: String,
        /// The headers found and the mapping that would read them, or
        /// what to check.
        hint: String,
    },
    /// A mapping that fits no sheet.
    #[error("the mapping (headerRow {row}, columns '{columns}') fits no sheet: {why}; check the row number and the column letters or header texts against the table")]
    MappingFitsNoSheet {
        /// The header row given, or "not given".
        row: String,
        /// The columns given.
        columns: String,
        /// What did not fit.
        why: String,
    },
    /// A header and nothing under it.
    #[error("sheet '{sheet}' has a header row (row {row}) but no project rows under it; fill in the projects and upload again")]
    NoProjectRows {
        /// The sheet.
        sheet: String,
        /// The header row, 1-based.
        row: u32,
    },
    /// No year.
    #[error("no year found: looked in the title ('{title}') and the file name ('{file}'); put the year in the title, e.g. 2025年民生实事项目进展情况调度表（二季度）, or pass asOf (upload argument, --as-of)")]
    NoYear {
        /// The title looked at.
        title: String,
        /// The file name looked at.
        file: String,
    },
    /// A period argument that names no period.
    #[error("the period '{period}' names no reporting period; write it like 二季度, 上半年, 1-6月, 9月 or 截至9月底, or give asOf as YYYY-MM-DD")]
    BadPeriodArgument {
        /// The argument.
        period: String,
    },
    /// An issuer argument that cannot be a body's name.
    #[error("the issuer '{issuer}' is not a name: give the issuing body's name as its tables print it, e.g. 章丘区 (at most 64 characters)")]
    BadIssuerArgument {
        /// The argument.
        issuer: String,
    },
    /// No period.
    #[error("no reporting period found: looked in the title ('{title}'), the file name ('{file}'), the lines above the header and the column headers; name the period in the title, e.g. （二季度）, （1-6月） or （截至9月底）, or pass it as period/asOf (upload arguments, --period/--as-of)")]
    NoPeriod {
        /// The title looked at.
        title: String,
        /// The file name looked at.
        file: String,
    },
    /// Two rows name the same project.
    #[error("rows {first} and {second} both name the project '{name}'; a table lists each project once, so merge or rename one of them")]
    DuplicateProject {
        /// The name.
        name: String,
        /// The first row, 1-based.
        first: u32,
        /// The second row, 1-based.
        second: u32,
    },
}
