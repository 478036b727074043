//! Why a run failed: the stable codes of the run log (`SyncRun.error.code`),
//! one enum for every way an import can end FAILED, whatever started it.

use crate::sheet::SheetError;

/// The code a FAILED run carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunErrorCode {
    /// The file has no bytes.
    EmptyFile,
    /// Not a table shishi reads (xlsx, xls, ods, html, docx).
    NotASpreadsheet,
    /// A format saved by Word or WPS that is not read (.doc, .wps, .et).
    UnsupportedFormat,
    /// A unit's token uploaded another unit's rows.
    OutsideUnit,
    /// A spreadsheet the reader cannot read.
    UnreadableFile,
    /// Encrypted.
    PasswordProtected,
    /// Over a size limit: the file, or a sheet's rows or cells.
    TooLarge,
    /// A zip that inflates past the limit.
    ArchiveTooLarge,
    /// No header row.
    NoHeader,
    /// A header and no project under it.
    NoProjectRows,
    /// No year in the title or file name.
    NoYear,
    /// No period in the title or file name.
    NoPeriod,
    /// A period argument that names no period.
    BadPeriod,
    /// An issuer argument that cannot be a name.
    BadIssuer,
    /// A mapping (header row, columns) that fits no sheet.
    BadMapping,
    /// Two rows name the same project.
    DuplicateProject,
    /// The file or folder cannot be read.
    SourceUnreadable,
    /// A URL answered with an error status.
    HttpStatus,
    /// A URL did not answer in time.
    HttpTimeout,
    /// A URL could not be fetched.
    HttpError,
    /// The server stopped during the import.
    Interrupted,
    /// The database refused the import.
    Internal,
}

impl RunErrorCode {
    /// The stored and API form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EmptyFile => "EMPTY_FILE",
            Self::NotASpreadsheet => "NOT_A_SPREADSHEET",
            Self::UnsupportedFormat => "UNSUPPORTED_FORMAT",
            Self::OutsideUnit => "OUTSIDE_UNIT",
            Self::UnreadableFile => "UNREADABLE_FILE",
            Self::PasswordProtected => "PASSWORD_PROTECTED",
            Self::TooLarge => "TOO_LARGE",
            Self::ArchiveTooLarge => "ARCHIVE_TOO_LARGE",
            Self::NoHeader => "NO_HEADER",
            Self::NoProjectRows => "NO_PROJECT_ROWS",
            Self::NoYear => "NO_YEAR",
            Self::NoPeriod => "NO_PERIOD",
            Self::BadPeriod => "BAD_PERIOD",
            Self::BadIssuer => "BAD_ISSUER",
            Self::BadMapping => "BAD_MAPPING",
            Self::DuplicateProject => "DUPLICATE_PROJECT",
            Self::SourceUnreadable => "SOURCE_UNREADABLE",
            Self::HttpStatus => "HTTP_STATUS",
            Self::HttpTimeout => "HTTP_TIMEOUT",
            Self::HttpError => "HTTP_ERROR",
            Self::Interrupted => "INTERRUPTED",
            Self::Internal => "INTERNAL",
        }
    }
}

impl From<&SheetError> for RunErrorCode {
    fn from(e: &SheetError) -> Self {
        match e {
            SheetError::EmptyFile => Self::EmptyFile,
            SheetError::NotASpreadsheet => Self::NotASpreadsheet,
            SheetError::Unreadable { .. } => Self::UnreadableFile,
            SheetError::PasswordProtected => Self::PasswordProtected,
            SheetError::TooLarge { .. }
            | SheetError::TooManyCells { .. }
            | SheetError::PageTooLarge { .. }
            | SheetError::SpanTooLarge { .. }
            | SheetError::TooManyTables { .. } => Self::TooLarge,
            SheetError::UnsupportedFormat { .. } => Self::UnsupportedFormat,
            SheetError::ArchiveTooLarge { .. } => Self::ArchiveTooLarge,
            SheetError::NoHeader { .. } => Self::NoHeader,
            SheetError::NoProjectRows { .. } => Self::NoProjectRows,
            SheetError::NoYear { .. } => Self::NoYear,
            SheetError::NoPeriod { .. } => Self::NoPeriod,
            SheetError::BadPeriodArgument { .. } => Self::BadPeriod,
            SheetError::BadIssuerArgument { .. } => Self::BadIssuer,
            SheetError::MappingFitsNoSheet { .. } => Self::BadMapping,
            SheetError::DuplicateProject { .. } => Self::DuplicateProject,
        }
    }
}
