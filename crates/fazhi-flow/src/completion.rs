use chrono::NaiveDateTime;
use fazhi_store::Evidence;

/// A step's completion to record ([`crate::Engine::complete`]).
#[derive(Debug, Clone)]
pub struct Completion {
    /// The instance's id.
    pub instance: String,
    /// The step's id.
    pub step: String,
    /// When the step was completed (workspace local time); not after today.
    pub at: NaiveDateTime,
    /// Who completed it (a person id or name); `None`: the step's owner.
    pub by: Option<String>,
    /// A note kept with the change.
    pub note: Option<String>,
    /// Evidence already kept with [`fazhi_store::Store::keep_evidence`].
    pub evidence: Option<Evidence>,
    /// The key of a recorded completion (a step of an instance `fazhi.ron` records): a
    /// completion whose key the state has is not recorded again. `None` for one made now.
    pub source: Option<String>,
}
