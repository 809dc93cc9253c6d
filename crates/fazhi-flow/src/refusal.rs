use chrono::{NaiveDate, NaiveDateTime};

use crate::{DateBound, GateFinding};

/// Why a step cannot be completed (or reopened) now. Each message says why and, for timing,
/// cites the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The step is done already.
    #[error("step {step} is already done (on {})", at.format("%Y-%m-%d"))]
    AlreadyDone {
        /// The step, as `名称 (id)`.
        step: String,
        /// When it was done.
        at: NaiveDateTime,
    },
    /// The step's guard is false: it does not apply to this instance.
    #[error("step {step} does not apply to this instance: its guard ({guard}) is false")]
    Skipped {
        /// The step.
        step: String,
        /// The guard, in words.
        guard: String,
    },
    /// Steps before it are not finished.
    #[error("cannot complete step {step}: it waits for {}", on.join(", "))]
    Waiting {
        /// The step.
        step: String,
        /// The unfinished steps it waits for.
        on: Vec<String>,
    },
    /// A review gate before it has blocking findings.
    #[error("cannot complete step {step}: the review gate {gate} has blocking findings: {}", findings_text(findings))]
    Blocked {
        /// The step.
        step: String,
        /// The review gate.
        gate: String,
        /// Its blocking findings.
        findings: Vec<GateFinding>,
    },
    /// The step is a review gate and its review has blocking findings.
    #[error("cannot complete review gate {step}: the review has blocking findings: {}", findings_text(findings))]
    GateBlocks {
        /// The step.
        step: String,
        /// The blocking findings.
        findings: Vec<GateFinding>,
    },
    /// Its "not before" time has not come.
    #[error("cannot complete step {step} on {at}: not before {} ({})", bound.date, bound.explain())]
    TooEarly {
        /// The step.
        step: String,
        /// The completion date asked for.
        at: NaiveDate,
        /// The rule's earliest date.
        bound: DateBound,
    },
    /// The date asked for is before a predecessor was done.
    #[error("cannot complete step {step} on {at}: {predecessor} before it was only done on {done}")]
    BeforePredecessor {
        /// The step.
        step: String,
        /// The completion date asked for.
        at: NaiveDate,
        /// The predecessor.
        predecessor: String,
        /// When the predecessor was done.
        done: NaiveDate,
    },
    /// The date asked for is before the instance started.
    #[error("cannot complete step {step} on {at}: the instance only started on {started}")]
    BeforeStart {
        /// The step.
        step: String,
        /// The completion date asked for.
        at: NaiveDate,
        /// The instance's start.
        started: NaiveDate,
    },
    /// The date asked for is after today.
    #[error("cannot record {at} as the date: it is after today ({today})")]
    InFuture {
        /// The date asked for.
        at: NaiveDate,
        /// Today.
        today: NaiveDate,
    },
    /// Only a done step can be reopened.
    #[error("cannot reopen step {step}: it is not done")]
    NotDone {
        /// The step.
        step: String,
    },
    /// A step after it is done already.
    #[error("cannot reopen step {step}: {successor} after it is done; reopen that first")]
    SuccessorDone {
        /// The step.
        step: String,
        /// The done successor.
        successor: String,
    },
}

fn findings_text(findings: &[GateFinding]) -> String {
    let parts: Vec<String> = findings
        .iter()
        .filter(|finding| finding.blocks())
        .map(|finding| match &finding.basis {
            Some(basis) => format!("[{}] {} ({basis})", finding.rule, finding.message),
            None => format!("[{}] {}", finding.rule, finding.message),
        })
        .collect();
    parts.join("; ")
}
