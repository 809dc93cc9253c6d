/// One reminder a message carries. Its `key` — item, kind, recipient and day — is unique in the
/// store: a notice recorded once is never queued again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailNotice {
    /// The unique key, e.g. `xuefa@2025-03|overdue|ma_jun|2025-03-25`.
    pub key: String,
    /// The item the notice is about.
    pub item: String,
    /// The kind of notice (`due_soon`, `due_today`, `overdue`, `escalation`).
    pub kind: String,
}
