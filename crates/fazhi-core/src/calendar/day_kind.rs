/// What kind of day a date is in the official working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// An ordinary Monday to Friday that is worked.
    Working,
    /// An ordinary Saturday or Sunday that is not worked.
    Weekend,
    /// An official day off (法定节假日 and the days joined to it by 调休).
    Holiday {
        /// The holiday, e.g. "春节".
        name: String,
    },
    /// A Saturday or Sunday that is worked (调休) to make up for a holiday.
    AdjustedWorkday {
        /// The holiday it makes up for, e.g. "春节".
        name: String,
    },
}
