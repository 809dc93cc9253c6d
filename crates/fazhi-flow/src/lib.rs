//! fazhi's workflows: statutory procedures (重大行政决策, 重大合同, 行政处罚案件, 年度报告) as
//! directed acyclic graphs of steps on petgraph.
//!
//! * A [`Workflow`] is read from RON (`workflows/*.ron`; the stock ones are built in, a
//!   workspace's own add to or replace them: [`WorkflowSet`]) and validated as its own step
//!   ([`Workflow::parse`]): cycles, edges to missing steps, unreachable steps, steps that
//!   cannot reach the end, duplicate ids, timing that can never be met, unknown owners — all
//!   collected, each a [`ValidationError`] placed at its file, line and column
//!   ([`ValidationProblem`]).
//! * A step has an owner (a unit or a role, resolved against org.ron: [`Assignee`]), a
//!   [`StepKind`], an optional [`Guard`] on the instance's [`Dossier`] and [`Timing`] rules
//!   (not before / not later than N days or working days after a step or the start).
//! * An instance is a dossier moving through a workflow, kept in the state database
//!   ([`fazhi_store::Store::create_instance`]); each step's completion is a status change of the
//!   item `INSTANCE/STEP`, audited like a duty's. The [`Engine`] works out where an instance
//!   stands ([`InstanceStatus`]), refuses completions that are out of order or early
//!   ([`Refusal`], citing the rule) and lists open steps as [`fazhi_core::Item`]s.
//! * Guards are evaluated through a [`GuardEvaluator`] ([`BuiltinGuards`]) and review gates run
//!   through a [`ReviewGate`] ([`NoReview`], [`FieldReview`]); the rules engine plugs in there.
//! * A [`Plan`] gives every step's earliest lawful date and latest date on the working-day
//!   calendar; [`render`] draws the graph as Mermaid or DOT.
//!
//! The format is described in `docs/workflows.md`.
#![warn(missing_docs)]

mod added_days;
mod assignee;
mod builtin_guards;
mod comparison;
mod completed;
mod completion;
mod date_bound;
mod dossier;
mod engine;
mod extension;
mod field_review;
mod flow_error;
mod format;
mod gate_error;
mod gate_finding;
mod gate_severity;
mod graph_format;
mod guard;
mod guard_error;
mod guard_evaluator;
mod instance_status;
mod limit;
mod no_review;
mod operand;
mod pause;
mod period;
mod plan;
mod planned_step;
mod refusal;
mod render;
mod review_gate;
mod start_request;
mod step;
mod step_kind;
mod step_state;
mod step_status;
mod stock;
mod timing;
mod timing_dates;
mod validation;
mod validation_error;
mod validation_problem;
mod workflow;
mod workflow_origin;
mod workflow_set;

/// A workflow's parameters (locally set thresholds its guards use), by name.
pub type Params = std::collections::BTreeMap<String, serde_json::Value>;

pub use assignee::Assignee;
pub use builtin_guards::BuiltinGuards;
pub use comparison::Comparison;
pub use completed::Completed;
pub use completion::Completion;
pub use date_bound::DateBound;
pub use dossier::Dossier;
pub use engine::Engine;
pub use extension::Extension;
pub use field_review::FieldReview;
pub use flow_error::FlowError;
pub use gate_error::GateError;
pub use gate_finding::GateFinding;
pub use gate_severity::GateSeverity;
pub use graph_format::GraphFormat;
pub use guard::Guard;
pub use guard_error::GuardError;
pub use guard_evaluator::GuardEvaluator;
pub use instance_status::InstanceStatus;
pub use limit::Limit;
pub use no_review::NoReview;
pub use operand::Operand;
pub use pause::Pause;
pub use period::Period;
pub use plan::Plan;
pub use planned_step::PlannedStep;
pub use refusal::Refusal;
pub use render::render;
pub use review_gate::ReviewGate;
pub use start_request::StartRequest;
pub use step::Step;
pub use step_kind::StepKind;
pub use step_state::StepState;
pub use step_status::StepStatus;
pub use timing::Timing;
pub use validation_error::ValidationError;
pub use validation_problem::ValidationProblem;
pub use workflow::Workflow;
pub use workflow_origin::WorkflowOrigin;
pub use workflow_set::{stock_sources, WorkflowSet};
