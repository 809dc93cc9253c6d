use serde::Deserialize;

/// One adjusted working day (调休) in a calendar.ron year: `(name: "春节", date: "2024-02-04")`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkdayEntry {
    /// The holiday the worked day makes up for, e.g. "春节".
    pub name: String,
    /// The worked Saturday or Sunday, `YYYY-MM-DD`.
    pub date: String,
}
