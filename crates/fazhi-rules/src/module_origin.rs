use std::fmt;

use serde::Serialize;

/// Where a module comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModuleOrigin {
    /// The stock rule pack built into fazhi.
    Stock,
    /// The workspace's `rules/` folder, adding a module.
    Workspace,
    /// The workspace's `rules/` folder, replacing the stock module of the same id.
    Override,
}

impl fmt::Display for ModuleOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModuleOrigin::Stock => "stock",
            ModuleOrigin::Workspace => "workspace",
            ModuleOrigin::Override => "workspace (overrides stock)",
        })
    }
}
