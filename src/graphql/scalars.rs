//! The `Date` scalar of the contract: an ISO 8601 calendar date.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// ISO 8601 calendar date, "2025-06-30".
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// ISO 8601 calendar date, "2025-06-30".
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "'{s}' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}
