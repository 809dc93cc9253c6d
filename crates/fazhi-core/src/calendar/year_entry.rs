use serde::Deserialize;

use super::holiday_entry::HolidayEntry;
use super::workday_entry::WorkdayEntry;

/// One year of a calendar.ron file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct YearEntry {
    /// The year the arrangement is for.
    pub year: i32,
    /// The official holiday periods (days off).
    pub holidays: Vec<HolidayEntry>,
    /// The adjusted working days (调休): weekend days that are worked. Optional.
    #[serde(default)]
    pub workdays: Vec<WorkdayEntry>,
}
