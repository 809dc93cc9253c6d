/// Days a deadline's pauses and extension add to its period, with each in words for the rule
/// (e.g. `6 working days of 征求第三方意见 (zhengqiu) … not counted`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AddedDays {
    /// The days added.
    pub days: u32,
    /// What added them, in words.
    pub notes: Vec<String>,
}

impl AddedDays {
    /// Adds `days` for the reason `note` (nothing for 0 days).
    pub fn add(&mut self, days: u32, note: String) {
        if days > 0 {
            self.days += days;
            self.notes.push(note);
        }
    }
}
