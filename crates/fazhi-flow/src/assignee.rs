use serde::Serialize;

/// Who owns a step in a workspace: the owner named in the workflow, resolved against org.ron.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignee {
    /// The responsible unit's id.
    pub unit: String,
    /// The owner's person id: the unit's leader, or the first person holding the role.
    pub person: String,
    /// The owner as the workflow names it (a unit id or name, or a role).
    pub named: String,
}
