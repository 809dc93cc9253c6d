use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// An administrative enforcement certificate (行政执法证件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    /// The certificate number.
    pub number: String,
    /// The last day it is valid.
    pub expires: NaiveDate,
    /// The day it was issued (发证日期), when org.ron says: the year it counts as new in the
    /// officers' roster (`cadre`, see [`Certificate::held_in`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
}

impl Certificate {
    /// Whether the certificate is valid on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        date <= self.expires && self.issued.is_none_or(|issued| issued <= date)
    }

    /// Whether the certificate was held at some time in `year`: issued by its end (or of no
    /// known issue date) and not expired before its start.
    pub fn held_in(&self, year: i32) -> bool {
        self.expires.year() >= year && self.issued.is_none_or(|issued| issued.year() <= year)
    }
}
