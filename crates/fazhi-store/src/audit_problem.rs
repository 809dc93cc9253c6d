use std::fmt;

use serde::Serialize;

/// Something wrong with the audit log, found by [`Store::verify_audit`](crate::Store::verify_audit).
///
/// Entry numbers are the `seq` of the log; "recorded as" numbers are the ones an entry's own hash
/// proves it was written with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AuditProblem {
    /// The entry's content (any field, its number included) no longer matches its hash, and it is
    /// not simply another entry moved here.
    Edited {
        /// The entry's number.
        seq: i64,
    },
    /// Entries were deleted: numbers `from_seq..=to_seq` were recorded but are no longer in the
    /// log (a gap in the middle, or the end of the log compared with its recorded last entry).
    Missing {
        /// The first missing number.
        from_seq: i64,
        /// The last missing number.
        to_seq: i64,
    },
    /// The entry is intact but sits at another place than the one it was recorded at: entries
    /// were swapped or renumbered.
    Moved {
        /// Where the entry is now.
        seq: i64,
        /// The number it was recorded with.
        recorded_seq: i64,
    },
    /// The entry's `prev_hash` does not match the entry before it: that entry was replaced (with
    /// a recomputed hash) or entries were reordered.
    ChainBroken {
        /// The entry's number.
        seq: i64,
    },
    /// Entries beyond the log's recorded last entry: they were added outside fazhi.
    Added {
        /// The first added number.
        from_seq: i64,
        /// The last added number.
        to_seq: i64,
    },
    /// The entry's recorded (wall-clock) time is earlier than that of the entry before it: the
    /// clock was set back, or the entry was written or re-stamped outside fazhi.
    TimeBackwards {
        /// The entry's number.
        seq: i64,
        /// The number of the entry before it.
        previous_seq: i64,
    },
    /// The entry has no recorded time although an entry before it has one: fazhi records the
    /// time of every entry it writes, so it was written or changed outside fazhi.
    TimeMissing {
        /// The entry's number.
        seq: i64,
        /// The number of the last entry before it with a recorded time.
        previous_seq: i64,
    },
    /// The entry a head kept outside the database names no longer has that hash: the log was
    /// rewritten at or before it (and possibly re-chained after it).
    HeadRewritten {
        /// The head's entry number.
        seq: i64,
        /// The hash (or its beginning) the head names.
        hash: String,
    },
    /// The log no longer reaches the entry a head kept outside the database names: entries were
    /// deleted from its end (and the recorded last entry moved back).
    HeadMissing {
        /// The head's entry number.
        seq: i64,
        /// The log's last entry now (0 for none).
        last_seq: i64,
    },
}

impl AuditProblem {
    /// The (first) entry number the problem concerns, by which problems are listed.
    pub fn seq(&self) -> i64 {
        match *self {
            AuditProblem::Edited { seq }
            | AuditProblem::Moved { seq, .. }
            | AuditProblem::ChainBroken { seq }
            | AuditProblem::TimeBackwards { seq, .. }
            | AuditProblem::TimeMissing { seq, .. }
            | AuditProblem::HeadRewritten { seq, .. }
            | AuditProblem::HeadMissing { seq, .. } => seq,
            AuditProblem::Missing { from_seq, .. } | AuditProblem::Added { from_seq, .. } => from_seq,
        }
    }
}

impl fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AuditProblem::Edited { seq } => {
                write!(f, "audit entry #{seq} was edited: its content no longer matches its hash")
            }
            AuditProblem::Missing { from_seq, to_seq } if from_seq == to_seq => {
                write!(f, "audit entry #{from_seq} is missing: it was deleted")
            }
            AuditProblem::Missing { from_seq, to_seq } => {
                write!(f, "audit entries #{from_seq} to #{to_seq} are missing: they were deleted")
            }
            AuditProblem::Moved { seq, recorded_seq } => write!(
                f,
                "audit entry #{seq} is out of place: it was recorded as entry #{recorded_seq} (entries were reordered)"
            ),
            AuditProblem::ChainBroken { seq } => write!(
                f,
                "audit entry #{seq} does not follow the entry before it in the hash chain: \
                 an earlier entry was replaced or entries were reordered"
            ),
            AuditProblem::Added { from_seq, to_seq } if from_seq == to_seq => write!(
                f,
                "audit entry #{from_seq} was added outside fazhi: it lies beyond the log's recorded last entry"
            ),
            AuditProblem::Added { from_seq, to_seq } => write!(
                f,
                "audit entries #{from_seq} to #{to_seq} were added outside fazhi: \
                 they lie beyond the log's recorded last entry"
            ),
            AuditProblem::TimeBackwards { seq, previous_seq } => write!(
                f,
                "audit entry #{seq} was recorded earlier than entry #{previous_seq} before it: \
                 its recorded time runs backwards (the clock was set back, or it was written outside fazhi)"
            ),
            AuditProblem::TimeMissing { seq, previous_seq } => write!(
                f,
                "audit entry #{seq} has no recorded time although entry #{previous_seq} before it has one: \
                 it was written or changed outside fazhi"
            ),
            AuditProblem::HeadRewritten { seq, ref hash } => write!(
                f,
                "audit entry #{seq} no longer has the hash {hash} of the head kept: \
                 the log was rewritten at or before entry #{seq}"
            ),
            AuditProblem::HeadMissing { seq, last_seq } => write!(
                f,
                "audit entry #{seq} of the head kept is gone: the log ends at entry #{last_seq} \
                 (entries were deleted from its end)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AuditProblem;

    #[test]
    fn messages_name_the_entries() {
        assert_eq!(
            AuditProblem::Edited { seq: 4 }.to_string(),
            "audit entry #4 was edited: its content no longer matches its hash"
        );
        assert_eq!(
            AuditProblem::Missing { from_seq: 2, to_seq: 2 }.to_string(),
            "audit entry #2 is missing: it was deleted"
        );
        assert_eq!(
            AuditProblem::Missing { from_seq: 2, to_seq: 3 }.to_string(),
            "audit entries #2 to #3 are missing: they were deleted"
        );
        assert!(AuditProblem::Moved { seq: 4, recorded_seq: 5 }.to_string().contains("#4 is out of place"));
        assert!(AuditProblem::ChainBroken { seq: 6 }.to_string().starts_with("audit entry #6 does not follow"));
        assert!(AuditProblem::Added { from_seq: 7, to_seq: 8 }.to_string().starts_with("audit entries #7 to #8"));
    }

    #[test]
    fn json_names_the_kind() {
        let json = serde_json::to_string(&AuditProblem::Moved { seq: 4, recorded_seq: 5 }).unwrap();
        assert_eq!(json, r#"{"problem":"moved","seq":4,"recorded_seq":5}"#);
    }
}
