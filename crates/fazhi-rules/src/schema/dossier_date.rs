use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date in a dossier, written `"YYYY-MM-DD"` (or `"YYYY/M/D"`, `"YYYY.M.D"`, `"YYYY年M月D日"`). An impossible date (`"2024-02-30"`) is an
/// error when the dossier is read, naming the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DossierDate(pub NaiveDate);

impl fmt::Display for DossierDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for DossierDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DossierDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DossierDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        fazhi_core::parse_date(&text).map(DossierDate).map_err(serde::de::Error::custom)
    }
}
