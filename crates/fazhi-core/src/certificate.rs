use chrono::NaiveDate;
use serde::Serialize;

/// An administrative enforcement certificate (行政执法证件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// The certificate number.
    pub number: String,
    /// The last day it is valid.
    pub expires: NaiveDate,
}

impl Certificate {
    /// Whether the certificate is valid on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        date <= self.expires
    }
}
