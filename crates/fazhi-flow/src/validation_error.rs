/// What is wrong with a workflow definition. Validation collects every one of them; each is
/// placed in its file by a [`crate::ValidationProblem`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// The file is not valid RON, or not of a workflow's shape.
    #[error("{message}")]
    Syntax {
        /// What the parser said.
        message: String,
    },
    /// Two workflow files of the workspace define the same id.
    #[error("duplicate workflow id \"{id}\" (also defined in {other})")]
    DuplicateWorkflow {
        /// The id.
        id: String,
        /// The other file.
        other: String,
    },
    /// An id that is not a short ASCII name.
    #[error("{what} id \"{id}\" may only contain ASCII letters, digits, '-' and '_'")]
    BadId {
        /// `workflow` or `step`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A workflow without steps.
    #[error("workflow \"{workflow}\" has no steps")]
    NoSteps {
        /// The workflow.
        workflow: String,
    },
    /// Two steps with the same id.
    #[error("duplicate step id \"{id}\"")]
    DuplicateStep {
        /// The id.
        id: String,
    },
    /// An edge from a step that does not exist.
    #[error("step \"{step}\" comes after \"{missing}\", which is not a step of this workflow")]
    MissingStep {
        /// The step whose `after` names it.
        step: String,
        /// The missing step.
        missing: String,
    },
    /// `start` or `end` names a step that does not exist.
    #[error("the {which} step \"{id}\" is not a step of this workflow")]
    UnknownStartOrEnd {
        /// `start` or `end`.
        which: &'static str,
        /// The id named.
        id: String,
    },
    /// A pause of a deadline that does not run from an earlier step to a later one.
    #[error("step \"{step}\": a pause runs from a step to one that comes after it, but \"{to}\" does not come after \"{from}\"")]
    PauseOrder {
        /// The step with the deadline.
        step: String,
        /// The step the pause starts at.
        from: String,
        /// The step it ends at.
        to: String,
    },
    /// A timing rule says `working: true` and a `counting` other than working days.
    #[error("step \"{step}\": `working: true` counts working days, but `counting: {counting}` says otherwise; write one of them")]
    ContradictoryCounting {
        /// The step.
        step: String,
        /// The counting named.
        counting: fazhi_core::Counting,
    },
    /// The steps form a cycle: the graph must be acyclic.
    #[error("the steps form a cycle: {}", cycle_text(.steps))]
    Cycle {
        /// The steps on the cycle, in order (the first is not repeated).
        steps: Vec<String>,
    },
    /// A step the start step does not lead to.
    #[error("step \"{step}\" cannot be reached from the start step \"{start}\"")]
    Unreachable {
        /// The step.
        step: String,
        /// The start step.
        start: String,
    },
    /// A step that does not lead to the end step.
    #[error("the end step \"{end}\" cannot be reached from step \"{step}\"")]
    DeadEnd {
        /// The step.
        step: String,
        /// The end step.
        end: String,
    },
    /// A timing rule counting from a step that does not exist.
    #[error("step \"{step}\": its timing counts from \"{from}\", which is not a step of this workflow")]
    UnknownTimingStep {
        /// The step.
        step: String,
        /// The step counted from.
        from: String,
    },
    /// A timing rule counting from a step that does not come before the step.
    #[error("step \"{step}\": its timing counts from \"{from}\", which does not come before it")]
    TimingFromLaterStep {
        /// The step.
        step: String,
        /// The step counted from.
        from: String,
    },
    /// A `ByDate` limit naming a day that does not exist.
    #[error("step \"{step}\": there is no date {month:02}-{day:02}")]
    BadDate {
        /// The step.
        step: String,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
    },
    /// A period or an extension longer than any statutory time limit (a mistyped number).
    #[error(
        "step \"{step}\": a period of {days} days is longer than any time limit a workflow can count (at most {max} days, ten years)"
    )]
    PeriodTooLong {
        /// The step.
        step: String,
        /// The days written.
        days: u32,
        /// The most days a period may have.
        max: u32,
    },
    /// Timing that can never be met: a minimum after a maximum.
    #[error("step \"{step}\": its timing can never be met: {reason}")]
    ImpossibleTiming {
        /// The step.
        step: String,
        /// Why, naming both limits.
        reason: String,
    },
    /// An owner that names no unit with a leader and no role in org.ron.
    #[error("step \"{step}\": {}", owner_text(.owners))]
    UnknownOwner {
        /// The step.
        step: String,
        /// The owner and its fallbacks, as written.
        owners: Vec<String>,
    },
    /// A guard naming a parameter the workflow does not define.
    #[error("step \"{step}\": its guard uses the parameter \"{param}\", which `params` does not define")]
    UnknownParam {
        /// The step.
        step: String,
        /// The parameter.
        param: String,
    },
}

fn cycle_text(steps: &[String]) -> String {
    let mut names: Vec<&str> = steps.iter().map(String::as_str).collect();
    if let Some(first) = steps.first() {
        names.push(first);
    }
    names.join(" → ")
}

fn owner_text(owners: &[String]) -> String {
    let quoted: Vec<String> = owners.iter().map(|owner| format!("\"{owner}\"")).collect();
    let hint = format!(
        "; if the town calls the role otherwise, map it in fazhi.ron: `roles: {{ {}: \"本镇的职务\" }}`",
        quoted[0]
    );
    if quoted.len() == 1 {
        format!("owner {} is neither a unit with a leader nor a role anyone holds in org.ron{hint}", quoted[0])
    } else {
        format!(
            "none of the owners {} is a unit with a leader or a role anyone holds in org.ron{hint}",
            quoted.join(", ")
        )
    }
}
