//! fazhi's domain model: workspaces loaded from RON with positioned errors, duties and their
//! deadlines, the organisation, and the working-day calendar.
//!
//! This crate has no database, no network and no scripting: it is the vocabulary every other
//! fazhi crate speaks. The file formats are described in `docs/workspace-format.md`.
#![warn(missing_docs)]

mod action;
pub mod calendar;
mod certificate;
mod checklist_text;
mod clock;
mod compact_date;
mod config;
mod confine;
mod counting;
mod date;
mod deadline;
mod deadline_phrase;
mod derived_id;
mod diagnostic;
mod duty;
mod event;
mod field_type;
mod history_entry;
mod instance_seed;
mod item;
mod item_ref;
mod item_state;
mod ledger_field;
mod ledger_kind;
mod ledger_record;
mod ledger_seed;
mod ledger_value;
mod org;
mod org_text;
mod outside_workspace;
mod password_file;
mod period_end;
mod person;
mod recurrence;
mod smtp_security;
mod smtp_url;
mod source_file;
mod status;
mod unit;
mod web_config;
mod workspace;
mod workspace_error;

pub use workspace::parse_workspace_file;

pub use action::Action;
pub use calendar::{Calendar, CalendarError, Notice, RollForward};
pub use certificate::Certificate;
pub use checklist_text::checklist_ron;
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::Config;
pub use confine::{file_kind, real_root, resolve_inside};
pub use counting::Counting;
pub use date::{parse_date, parse_date_time};
pub use deadline::Deadline;
pub use deadline_phrase::DeadlinePhrase;
pub use derived_id::{derive_id, IdStyle};
pub use diagnostic::Diagnostic;
pub use duty::Duty;
pub use event::Event;
pub use field_type::FieldType;
pub use history_entry::HistoryEntry;
pub use instance_seed::{InstanceSeed, StepSeed};
pub use item::Item;
pub use item_ref::ItemRef;
pub use item_state::ItemState;
pub use ledger_field::LedgerField;
pub use ledger_kind::LedgerKind;
pub use ledger_record::LedgerRecord;
pub use ledger_seed::LedgerSeed;
pub use ledger_value::LedgerValue;
pub use org::Org;
pub use org_text::org_ron_with;
pub use outside_workspace::OutsideWorkspace;
pub use password_file::{check_password_file, check_private_file, config_folder, PASSWORD_FILE_VARIABLE};
pub use period_end::PeriodEnd;
pub use person::Person;
pub use recurrence::Recurrence;
pub use smtp_security::SmtpSecurity;
pub use smtp_url::SmtpUrl;
pub use source_file::SourceFile;
pub use status::Status;
pub use unit::Unit;
pub use web_config::WebConfig;
pub use workspace::{Workspace, WORKSPACE_FILE};
pub use workspace_error::WorkspaceError;
