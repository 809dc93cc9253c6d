use chrono::{NaiveDate, NaiveDateTime};

use crate::{DateBound, GateFinding};

/// Why a step cannot be completed (or reopened) now. Each message says why and, for timing,
/// cites the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The step is done already.
    AlreadyDone {
        /// The step, as `名称 (id)`.
        step: String,
        /// When it was done.
        at: NaiveDateTime,
    },
    /// The step's guard is false: it does not apply to this instance.
    Skipped {
        /// The step.
        step: String,
        /// The guard, in words.
        guard: String,
    },
    /// Steps before it are not finished.
    Waiting {
        /// The step.
        step: String,
        /// The unfinished steps it waits for.
        on: Vec<String>,
    },
    /// A review gate before it has blocking findings.
    Blocked {
        /// The step.
        step: String,
        /// The review gate.
        gate: String,
        /// Its blocking findings.
        findings: Vec<GateFinding>,
    },
    /// The step is a review gate and its review has blocking findings.
    GateBlocks {
        /// The step.
        step: String,
        /// The blocking findings.
        findings: Vec<GateFinding>,
    },
    /// Its "not before" time has not come.
    TooEarly {
        /// The step.
        step: String,
        /// The completion date asked for.
        at: NaiveDate,
        /// The rule's earliest date.
        bound: DateBound,
    },
    /// The date asked for is before a predecessor was done.
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
    BeforeStart {
        /// The step.
        step: String,
        /// The completion date asked for.
        at: NaiveDate,
        /// The instance's start.
        started: NaiveDate,
    },
    /// The date asked for is after today.
    InFuture {
        /// The date asked for.
        at: NaiveDate,
        /// Today.
        today: NaiveDate,
    },
    /// Only a done step can be reopened.
    NotDone {
        /// The step.
        step: String,
    },
    /// A step after it is done already.
    SuccessorDone {
        /// The step.
        step: String,
        /// The done successor.
        successor: String,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use fazhi_core::tr;
        let text = match self {
            Refusal::AlreadyDone { step, at } => {
                let at = at.format("%Y-%m-%d");
                tr!("step {step} is already done (on {at})", "步骤 {step} 已于 {at} 完成")
            }
            Refusal::Skipped { step, guard } => tr!(
                "step {step} does not apply to this instance: its guard ({guard}) is false",
                "步骤 {step} 不适用于本实例：其条件（{guard}）不成立"
            ),
            Refusal::Waiting { step, on } => {
                let on = on.join(", ");
                tr!("cannot complete step {step}: it waits for {on}", "步骤 {step} 不能完成：须先完成 {on}")
            }
            Refusal::Blocked { step, gate, findings } => {
                let findings = findings_text(findings);
                tr!(
                    "cannot complete step {step}: the review gate {gate} has blocking findings: {findings}",
                    "步骤 {step} 不能完成：审查关卡 {gate} 有阻止性意见：{findings}"
                )
            }
            Refusal::GateBlocks { step, findings } => {
                let findings = findings_text(findings);
                tr!(
                    "cannot complete review gate {step}: the review has blocking findings: {findings}",
                    "审查关卡 {step} 不能完成：审查有阻止性意见：{findings}"
                )
            }
            Refusal::TooEarly { step, at, bound } => {
                let (date, why) = (bound.date, bound.explain());
                tr!(
                    "cannot complete step {step} on {at}: not before {date} ({why})",
                    "步骤 {step} 不能在 {at} 完成：不得早于 {date}（{why}）"
                )
            }
            Refusal::BeforePredecessor { step, at, predecessor, done } => tr!(
                "cannot complete step {step} on {at}: {predecessor} before it was only done on {done}",
                "步骤 {step} 不能在 {at} 完成：其前序步骤 {predecessor} 于 {done} 才完成"
            ),
            Refusal::BeforeStart { step, at, started } => tr!(
                "cannot complete step {step} on {at}: the instance only started on {started}",
                "步骤 {step} 不能在 {at} 完成：本实例于 {started} 才开始"
            ),
            Refusal::InFuture { at, today } => {
                tr!("cannot record {at} as the date: it is after today ({today})", "不能记为 {at}：晚于今天（{today}）")
            }
            Refusal::NotDone { step } => {
                tr!("cannot reopen step {step}: it is not done", "步骤 {step} 不能重新打开：尚未完成")
            }
            Refusal::SuccessorDone { step, successor } => tr!(
                "cannot reopen step {step}: {successor} after it is done; reopen that first",
                "步骤 {step} 不能重新打开：其后的 {successor} 已完成；请先重新打开它"
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Refusal {}

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
