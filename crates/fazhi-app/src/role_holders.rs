use serde::Serialize;

/// A role the workflows name as a step's owner, and who holds it.
#[derive(Debug, Clone, Serialize)]
pub struct RoleHolders {
    /// The role as the workflows name it, e.g. 党政办主任.
    pub role: String,
    /// The town's own title fazhi.ron maps it to, if any.
    pub mapped_to: Option<String>,
    /// The names of the people holding it, in org.ron's order (the first owns the steps).
    pub holders: Vec<String>,
    /// The workflows naming it.
    pub workflows: Vec<String>,
}
