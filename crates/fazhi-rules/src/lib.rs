//! fazhi's rule engine: a locked-down rhai sandbox, rule packs made of modules (plugins), and
//! the legality review (合法性审查) of dossiers — major decisions, major contracts and important
//! agreements, enforcement decisions.
//!
//! ```no_run
//! use fazhi_core::Calendar;
//! use fazhi_rules::{Dossier, RulePack};
//!
//! let pack = RulePack::load(None)?; // the stock modules; pass a workspace's rules/ to add its own
//! let dossier = Dossier::load("decisions/2024-03.ron".as_ref())?;
//! let review = pack.review(&dossier, &Calendar::stock())?;
//! for finding in &review.findings {
//!     println!("{} {} {} {}", finding.severity, finding.rule, finding.message, finding.basis);
//! }
//! # Ok::<(), fazhi_rules::RulesError>(())
//! ```
//!
//! * A **module** is a folder `rules/<id>/` with a `module.ron` and rhai scripts; the stock
//!   modules are built in, a workspace's `rules/` adds or replaces modules ([`RulePack::load`]).
//! * Every script is compiled once; each rule runs with a fresh set of variables (`dossier`,
//!   `params`, `rule`) and the host functions of `docs/rules-host-api.md`.
//! * The sandbox allows no `eval`, no file, network, clock or process access, and `import`
//!   only of rule-pack libraries; it limits operations, call depth, sizes and wall-clock time
//!   ([`limits`]). A script error names the script, line, column and rule ([`ScriptError`]).
//! * Dossiers are RON or JSON files checked against [`schema`] (`docs/dossiers.md`).
#![warn(missing_docs)]

mod aggregate;
mod check_spec;
mod dossier;
mod dossier_error;
mod duty_template;
mod figure;
mod figure_check;
mod figure_labels;
mod figure_query;
mod figure_spec;
mod figure_unit;
mod filter_spec;
mod finding;
mod ledger_source;
mod module;
mod module_origin;
mod module_report;
mod pack;
mod param_value;
mod query_condition;
mod reminder;
mod report_script;
mod report_section;
mod review;
mod rules_error;
mod sandbox;
pub mod schema;
mod script_error;
mod severity;
mod spec_problem;
mod stock;
mod verdict;

pub use aggregate::Aggregate;
pub use check_spec::CheckSpec;
pub use dossier::Dossier;
pub use dossier_error::DossierError;
pub use duty_template::DutyTemplate;
pub use fazhi_core::LedgerKind;
pub use figure::Figure;
pub use figure_check::FigureCheck;
pub use figure_labels::FigureLabels;
pub use figure_query::FigureQuery;
pub use figure_spec::FigureSpec;
pub use figure_unit::FigureUnit;
pub use filter_spec::FilterSpec;
pub use finding::Finding;
pub use ledger_source::LedgerSource;
pub use module::Module;
pub use module_origin::ModuleOrigin;
pub use module_report::ModuleReport;
pub use pack::RulePack;
pub use param_value::ParamValue;
pub use query_condition::QueryCondition;
pub use reminder::{ReminderKind, ReminderNotice, ReminderScript, ReminderSituation, ReminderTarget, REMIND_FUNCTION};
pub use report_script::{ReportScript, REPORT_FUNCTION};
pub use report_section::ReportSection;
pub use review::Review;
pub use rules_error::RulesError;
pub use script_error::ScriptError;
pub use severity::Severity;
pub use verdict::Verdict;

/// The sandbox's limits on one script call, and on the rules of one review together.
pub mod limits {
    pub use crate::sandbox::{
        MAX_ARRAY_SIZE, MAX_CALL_LEVELS, MAX_MAP_SIZE, MAX_OPERATIONS, MAX_SCRIPT_SIZE, MAX_STRING_SIZE,
        REVIEW_TIME_LIMIT, TIME_LIMIT,
    };
}
