//! fazhi's runtime state: one SQLite database per workspace (`.fazhi/state.db`).
//!
//! A [`Store`] keeps what *did* happen, never a definition: the status changes of items
//! ([`Change`], [`ChangeRecord`]), each item's current [`fazhi_core::ItemState`], evidence files
//! kept by content ([`Evidence`]), and an append-only, hash-chained audit log ([`AuditEntry`])
//! whose integrity [`Store::verify_audit`] checks ([`AuditProblem`]), and the ledger: typed rows
//! imported all or nothing ([`LedgerImport`]) and aggregated in SQL ([`LedgerQuery`]).
//!
//! The state is reached through one trait per concern — [`TaskLog`] (status changes, item
//! states, the audit log), [`InstanceLog`] (workflow instances), [`LedgerStore`], [`MailQueue`],
//! [`JobLog`] and [`AccountStore`] (the web interface's accounts and sessions) — so that a second backend is an implementation of these traits; [`Store`]
//! is the SQLite one.
//!
//! Every change is one `BEGIN IMMEDIATE` transaction, the database runs in WAL mode with a busy
//! timeout ([`OpenOptions`]), so several processes can record changes at once without losing
//! any. Failures are [`StoreError`]s.
#![warn(missing_docs)]

mod account;
mod account_store;
mod anchor_error;
mod audit_anchor;
mod audit_chain;
mod audit_entry;
mod audit_head;
mod audit_problem;
mod audit_row;
mod change;
mod change_record;
mod change_row;
mod correction_outcome;
mod evidence;
mod file_lock;
mod import_outcome;
mod instance_log;
mod instance_record;
mod job_log;
mod job_run;
mod ledger_condition;
mod ledger_import;
mod ledger_query;
mod ledger_resolver;
mod ledger_row;
mod ledger_sink;
mod ledger_store;
mod ledger_table;
mod ledger_writer;
mod mail_candidate;
mod mail_claim;
mod mail_notice;
mod mail_queue;
mod mail_record;
mod mail_status;
mod migrations;
mod new_instance;
mod new_mail;
mod open_import;
mod open_options;
#[cfg(feature = "postgres")]
mod pg_copy;
#[cfg(feature = "postgres")]
mod pg_migrations;
#[cfg(feature = "postgres")]
mod pg_store;
mod row_correction;
mod state_problem;
mod state_snapshot;
mod state_store;
mod store;
mod store_error;
mod stored_text;
mod supersession;
mod suspended_schema;
mod task_log;
mod turn;
mod web_session;

pub use account::Account;
pub use account_store::AccountStore;
pub use anchor_error::AnchorError;
pub use audit_anchor::AuditAnchor;
pub use audit_entry::AuditEntry;
pub use audit_head::AuditHead;
pub use audit_problem::AuditProblem;
pub use change::Change;
pub use change_record::ChangeRecord;
pub use correction_outcome::CorrectionOutcome;
pub use evidence::Evidence;
pub use file_lock::FileLock;
pub use import_outcome::ImportOutcome;
pub use instance_log::InstanceLog;
pub use instance_record::InstanceRecord;
pub use job_log::JobLog;
pub use job_run::JobRun;
pub use ledger_condition::LedgerCondition;
pub use ledger_import::LedgerImport;
pub use ledger_query::LedgerQuery;
pub use ledger_row::LedgerRow;
pub use ledger_sink::LedgerSink;
pub use ledger_store::LedgerStore;
pub use ledger_writer::LedgerWriter;
pub use mail_candidate::MailCandidate;
pub use mail_claim::MailClaim;
pub use mail_notice::MailNotice;
pub use mail_queue::MailQueue;
pub use mail_record::MailRecord;
pub use mail_status::MailStatus;
pub use new_instance::NewInstance;
pub use new_mail::NewMail;
pub use open_options::OpenOptions;
#[cfg(feature = "postgres")]
pub use pg_copy::{migrate_to_postgres, CopyOutcome};
#[cfg(feature = "postgres")]
pub use pg_store::PgStore;
pub use row_correction::RowCorrection;
pub use state_problem::StateProblem;
pub use state_store::StateStore;
pub use store::Store;
pub use store_error::{BackendError, StoreError};
pub use supersession::Supersession;
pub use task_log::TaskLog;
pub use turn::Turn;
pub use web_session::WebSession;

/// The store's traits, to bring their methods into scope: `use fazhi_store::prelude::*;`.
pub mod prelude {
    pub use crate::{AccountStore, InstanceLog, JobLog, LedgerStore, MailQueue, StateStore, TaskLog};
}
