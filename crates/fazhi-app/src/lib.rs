//! fazhi's application layer: one place that knows how to open a workspace and do each job.
//!
//! A [`Session`] opens a workspace once — configuration, org, checklists, calendar, the rule
//! pack compiled once, workflows — and brings its state up to date with what the workspace
//! records as text (history, workflow instances, ledger files). Every job is a method returning
//! typed, serialisable results, or an [`AppError`]: listing tasks ([`Session::items`]),
//! changing one ([`Session::change_task`]), workflows ([`Session::start_instance`],
//! [`Session::complete_step`], …), reminders ([`Session::plan_reminders`],
//! [`Session::send_reminders`]), the ledger ([`Session::import_ledger`], [`Session::correct_ledger_row`]) and the report
//! ([`Session::report`]). The CLI parses, calls and renders; the daemon opens a fresh session
//! for every firing ([`SessionRunner`]); the tests drive the same methods.
#![warn(missing_docs)]

mod access;
mod accounts;
mod app_error;
mod calendar_export;
mod calendar_import;
mod check_summary;
mod checklist_export;
mod checklist_import;
mod checklist_table;
mod county;
mod county_figures;
mod county_status;
mod evidence_file;
mod field_change;
mod files;
mod flow;
mod import_progress;
mod ledger;
mod ledger_corrected;
mod ledger_correction;
mod ledger_corrections;
mod ledger_source;
mod ledger_value_text;
mod module_title;
mod org_import;
mod org_roster;
mod pending;
mod reminders;
mod report;
mod reviewer;
mod role_holders;
mod rules_gate;
mod session;
mod session_options;
mod session_runner;
mod sign_in;
mod state_location;
mod step_done;
mod task_board;
mod task_change;
mod task_query;
mod task_summary;
mod town_move;

pub use access::Access;
pub use accounts::MIN_PASSWORD_CHARS;
pub use app_error::AppError;
pub use calendar_export::CalendarExport;
pub use calendar_import::CalendarImport;
pub use check_summary::CheckSummary;
pub use checklist_export::ChecklistExport;
pub use checklist_import::{ChecklistImport, ChecklistImportOptions};
pub use county::County;
pub use county_figures::{CountyFigures, FigureRow};
pub use county_status::{CountyStatus, Light, ReportStage, TownStatus};
pub use evidence_file::EvidenceFile;
pub use field_change::FieldChange;
pub use files::{check_evidence, given_file, given_file_in, write_whole};
pub use import_progress::{ImportProgress, NoProgress};
pub use ledger_corrected::LedgerCorrected;
pub use ledger_correction::LedgerCorrection;
pub use ledger_source::{find_kind, LedgerSource};
pub use ledger_value_text::ledger_value_text;
pub use module_title::module_title;
pub use org_import::OrgImport;
pub use reminders::{MailDelivery, PlannedReminder, ReminderKind, ReminderPlan, ReminderRun};
pub use report::report_outline;
pub use reviewer::Reviewer;
pub use role_holders::RoleHolders;
pub use rules_gate::RulesGate;
pub use session::{workspace_calendar, Session};
pub use session_options::SessionOptions;
pub use session_runner::{scheduled_jobs, SessionRunner};
pub use sign_in::SignIn;
pub use state_location::StateLocation;
pub use step_done::StepDone;
pub use task_board::TaskBoard;
pub use task_change::{find_task, TaskChange, TaskChanged};
pub use task_query::{StatusFilter, TaskQuery};
pub use task_summary::{MonthProgress, TaskCounts, TaskSummary};
pub use town_move::{schema_for, TownMove};
