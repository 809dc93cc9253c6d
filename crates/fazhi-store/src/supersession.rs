use serde::Serialize;

/// What replaced a ledger row that is no longer counted (`fazhi ledger list --history`). The
/// row itself stays in the store as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Supersession {
    /// A new version of the file the row came from left it out.
    Revision {
        /// The import of the new version.
        import: i64,
        /// Its revision of the source (2 for the second version imported).
        revision: i64,
        /// The file, as shown.
        source: String,
        /// Who imported it.
        by: String,
        /// When (local time, `YYYY-MM-DDTHH:MM:SS`).
        at: String,
        /// The audit entry of the import.
        audit_seq: i64,
    },
    /// The row was corrected (`fazhi ledger correct`): the new row holds the corrected values.
    Correction {
        /// The correction's number.
        correction: i64,
        /// The id of the new row.
        replacement: i64,
        /// The new row's number as `fazhi ledger list` shows it.
        replacement_row: String,
        /// Why.
        reason: String,
        /// Who corrected it.
        by: String,
        /// When (local time, `YYYY-MM-DDTHH:MM:SS`).
        at: String,
        /// The audit entry of the correction.
        audit_seq: i64,
    },
    /// The row was voided (`fazhi ledger void`).
    Void {
        /// The void's number (voids are numbered with the corrections).
        correction: i64,
        /// Why.
        reason: String,
        /// Who voided it.
        by: String,
        /// When (local time, `YYYY-MM-DDTHH:MM:SS`).
        at: String,
        /// The audit entry of the void.
        audit_seq: i64,
    },
}

impl Supersession {
    /// What a correction (`replacement` given) or a void recorded replaced a row with.
    pub(crate) fn of_correction(
        correction: i64,
        replacement: Option<i64>,
        reason: String,
        by: String,
        at: String,
        audit_seq: i64,
    ) -> Supersession {
        match replacement {
            Some(replacement) => Supersession::Correction {
                correction,
                replacement,
                replacement_row: crate::LedgerRow::number(replacement),
                reason,
                by,
                at,
                audit_seq,
            },
            None => Supersession::Void { correction, reason, by, at, audit_seq },
        }
    }

    /// What replaced a superseded row, in words: the revision (`revision` of `source`) that
    /// left it out, or the correction's `replacement`, or a void (neither).
    pub(crate) fn in_words(revision: Option<i64>, source: Option<&str>, replacement: Option<i64>) -> String {
        match (source, replacement) {
            (Some(source), _) => {
                format!("revision {} of {source} left it out", revision.map_or("?".to_string(), |n| n.to_string()))
            }
            (None, Some(replacement)) => format!("it was corrected as row {}", crate::LedgerRow::number(replacement)),
            (None, None) => "it was voided".to_string(),
        }
    }
}
