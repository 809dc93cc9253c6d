/// A problem with a declaration, to be placed in `module.ron` at `value` written for `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpecProblem {
    pub(crate) field: &'static str,
    pub(crate) value: String,
    pub(crate) message: String,
}
