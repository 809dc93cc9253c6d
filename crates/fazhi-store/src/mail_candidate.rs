use chrono::NaiveDate;

use crate::MailNotice;

/// The notices one recipient would get today, before the store has said which are new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailCandidate {
    /// The recipient's person id.
    pub recipient: String,
    /// The day the notices are for.
    pub day: NaiveDate,
    /// The notices.
    pub notices: Vec<MailNotice>,
}
