use std::fmt;

use serde::Serialize;

/// Something wrong with the tables kept beside the audit log, found by
/// [`Store::verify_state`](crate::Store::verify_state): a protecting trigger gone, or the
/// status changes and item states no longer what the audit entries say.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum StateProblem {
    /// A trigger that keeps a table append-only (or derived) is missing: it was dropped.
    TriggerMissing {
        /// The trigger's name.
        trigger: String,
    },
    /// A trigger that keeps a table append-only (or derived) is not the one fazhi made: it was
    /// replaced.
    TriggerChanged {
        /// The trigger's name.
        trigger: String,
    },
    /// A status change no audit entry records: it was added outside fazhi, or its entry removed.
    ChangeWithoutEntry {
        /// The status change's number.
        change_seq: i64,
        /// The item it changes.
        item: String,
        /// The audit entry it names.
        audit_seq: i64,
    },
    /// An audit entry of a status change (`task.…`) without that status change: the change was
    /// deleted, or the entry added outside fazhi.
    EntryWithoutChange {
        /// The audit entry's number.
        seq: i64,
        /// The item it changes.
        item: String,
    },
    /// A status change that differs from the audit entry recording it.
    ChangeDiffers {
        /// The status change's number.
        change_seq: i64,
        /// The audit entry's number.
        seq: i64,
        /// The first field that differs.
        field: String,
    },
    /// An item's state differs from the one its audit entries lead to.
    StateDiffers {
        /// The item.
        item: String,
        /// The state stored (`status` or `status at TIME`; `none` when absent).
        stored: String,
        /// The state rebuilt from the audit entries (same form).
        rebuilt: String,
    },
}

impl fmt::Display for StateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateProblem::TriggerMissing { trigger } => {
                write!(f, "the trigger {trigger} is missing: it was dropped, so its table can be changed at will")
            }
            StateProblem::TriggerChanged { trigger } => {
                write!(f, "the trigger {trigger} is not the one fazhi made: it was replaced")
            }
            StateProblem::ChangeWithoutEntry { change_seq, item, audit_seq } => write!(
                f,
                "status change #{change_seq} of \"{item}\" names audit entry #{audit_seq}, which does not record it: \
                 the change was added outside fazhi, or its entry deleted"
            ),
            StateProblem::EntryWithoutChange { seq, item } => write!(
                f,
                "audit entry #{seq} records a change of \"{item}\" that is not among the status changes: \
                 the change was deleted or the entry added outside fazhi"
            ),
            StateProblem::ChangeDiffers { change_seq, seq, field } => {
                write!(f, "status change #{change_seq} differs from audit entry #{seq} in its {field}: it was edited")
            }
            StateProblem::StateDiffers { item, stored, rebuilt } => match (stored.as_str(), rebuilt.as_str()) {
                ("none", _) => {
                    write!(f, "\"{item}\" has no state, but its audit entries lead to {rebuilt}: its state was deleted")
                }
                (_, "none") => write!(
                    f,
                    "the state of \"{item}\" is {stored}, but no audit entry records a change of it: \
                     it was written outside fazhi"
                ),
                _ => write!(
                    f,
                    "the state of \"{item}\" is {stored}, but its audit entries lead to {rebuilt}: it was edited"
                ),
            },
        }
    }
}
