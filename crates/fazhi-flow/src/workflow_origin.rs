use std::fmt;

use serde::Serialize;

/// Where a workflow definition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkflowOrigin {
    /// Shipped with fazhi (`workflows/` of the repository, built into the binary).
    Stock,
    /// The workspace's own `workflows/` folder (adds a workflow, or replaces the stock one of
    /// the same id).
    Workspace,
}

impl fmt::Display for WorkflowOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WorkflowOrigin::Stock => "stock",
            WorkflowOrigin::Workspace => "workspace",
        })
    }
}
