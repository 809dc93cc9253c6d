use serde::Deserialize;

/// One holiday period in a calendar.ron year: `(name: "春节", from: "2024-02-10", to: "2024-02-17")`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HolidayEntry {
    /// The holiday, e.g. "春节".
    pub name: String,
    /// The first day off, `YYYY-MM-DD`.
    pub from: String,
    /// The last day off (inclusive), `YYYY-MM-DD`.
    pub to: String,
}
