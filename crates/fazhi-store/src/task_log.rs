use std::collections::HashMap;
use std::path::Path;

use fazhi_core::{ItemState, Workspace};

use crate::{
    AuditAnchor, AuditEntry, AuditHead, AuditProblem, Change, ChangeRecord, Evidence, StateProblem, Store, StoreError,
};

/// The status changes of tasks and workflow steps, their current states and the hash-chained
/// audit log that records every change: the part of the state that says what was done, when
/// and by whom.
///
/// A backend records each change in one transaction with its audit entry, refuses a change the
/// item's status does not allow ([`StoreError::IllegalTransition`]) and never records twice a
/// change whose `source` key it has.
pub trait TaskLog {
    /// The current state of every item that has one.
    fn states(&self) -> Result<HashMap<String, ItemState>, StoreError>;
    /// The current state of one item (to do when it has none).
    fn state(&self, item: &str) -> Result<ItemState, StoreError>;
    /// The states of the workspace's tasks, in the order of its numbering.
    fn task_states(&self, workspace: &Workspace) -> Result<Vec<ItemState>, StoreError>;
    /// Records one change with its audit entry; `Ok(None)` when its source key was recorded
    /// before. Returns the audit entry's number.
    fn record_change(&mut self, change: &Change) -> Result<Option<i64>, StoreError>;
    /// The changes of one item, oldest first.
    fn changes(&self, item: &str) -> Result<Vec<ChangeRecord>, StoreError>;
    /// Whether the journal with `fingerprint` was applied in full.
    fn journal_applied(&self, fingerprint: &str) -> Result<bool, StoreError>;
    /// Applies a journal of keyed changes all or nothing; on an error, the index of the change
    /// that failed (`usize::MAX` when none in particular).
    fn apply_journal(&mut self, changes: &[Change], fingerprint: &str) -> Result<usize, (usize, StoreError)>;
    /// Keeps a copy of an evidence file, by content.
    fn keep_evidence(&self, file: &Path) -> Result<Evidence, StoreError>;
    /// The whole audit log, oldest first.
    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError>;
    /// Checks the audit log's chain and head: every problem found.
    fn verify_audit(&self) -> Result<Vec<AuditProblem>, StoreError>;
    /// The audit log's head: its last entry's number and hash (number 0 for an empty log).
    fn audit_head(&self) -> Result<AuditHead, StoreError>;
    /// Whether the log still extends `anchor`, a head kept elsewhere: the problem if not.
    fn verify_audit_extends(&self, anchor: &AuditAnchor) -> Result<Option<AuditProblem>, StoreError>;
    /// Checks the guards of the state (its append-only triggers) and rebuilds the status changes
    /// and item states from the audit entries: every disagreement found.
    fn verify_state(&self) -> Result<Vec<StateProblem>, StoreError>;
}

impl TaskLog for Store {
    fn states(&self) -> Result<HashMap<String, ItemState>, StoreError> {
        Store::states(self)
    }
    fn state(&self, item: &str) -> Result<ItemState, StoreError> {
        Store::state(self, item)
    }
    fn task_states(&self, workspace: &Workspace) -> Result<Vec<ItemState>, StoreError> {
        Store::task_states(self, workspace)
    }
    fn record_change(&mut self, change: &Change) -> Result<Option<i64>, StoreError> {
        Store::record_change(self, change)
    }
    fn changes(&self, item: &str) -> Result<Vec<ChangeRecord>, StoreError> {
        Store::changes(self, item)
    }
    fn journal_applied(&self, fingerprint: &str) -> Result<bool, StoreError> {
        Store::journal_applied(self, fingerprint)
    }
    fn apply_journal(&mut self, changes: &[Change], fingerprint: &str) -> Result<usize, (usize, StoreError)> {
        Store::apply_journal(self, changes, fingerprint)
    }
    fn keep_evidence(&self, file: &Path) -> Result<Evidence, StoreError> {
        Store::keep_evidence(self, file)
    }
    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        Store::audit_log(self)
    }
    fn verify_audit(&self) -> Result<Vec<AuditProblem>, StoreError> {
        Store::verify_audit(self)
    }
    fn audit_head(&self) -> Result<AuditHead, StoreError> {
        Store::audit_head(self)
    }
    fn verify_audit_extends(&self, anchor: &AuditAnchor) -> Result<Option<AuditProblem>, StoreError> {
        Store::verify_audit_extends(self, anchor)
    }
    fn verify_state(&self) -> Result<Vec<StateProblem>, StoreError> {
        Store::verify_state(self)
    }
}
