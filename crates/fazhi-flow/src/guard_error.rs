/// Why a guard could not be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GuardError {
    /// The guard names a parameter the workflow does not define.
    #[error("the guard uses the parameter \"{param}\", which the workflow does not define")]
    UnknownParam {
        /// The parameter.
        param: String,
    },
    /// The field and the value cannot be compared that way (e.g. text greater than a number).
    #[error("the guard compares {field} ({found}) with {expected} using {op}, which cannot be compared")]
    Type {
        /// The field's dotted path.
        field: String,
        /// The operator.
        op: String,
        /// What the field holds.
        found: String,
        /// What it was compared with.
        expected: String,
    },
    /// The evaluator does not support this guard (e.g. a scripted one before the rules engine).
    #[error("the guard cannot be evaluated: {0}")]
    Unsupported(String),
}
