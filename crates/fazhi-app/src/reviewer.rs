use std::path::Path;

use fazhi_core::{Calendar, Workspace};
use fazhi_rules::RulePack;

use crate::session::workspace_calendar;
use crate::{AppError, RulesGate};

/// What a legality review needs and nothing more, so that it works outside a workspace (the
/// stock rules and calendar) and in a workspace whose other files have problems.
pub struct Reviewer;

impl Reviewer {
    /// The review gate for a dossier reviewed from `start`: in a workspace, its rule pack (stock
    /// and its own), its calendar and its org.ron (the people a dossier names are checked against
    /// it); outside one, the stock rules and calendar. The second value holds warnings: an
    /// org.ron that cannot be read leaves those checks out.
    pub fn discover(start: &Path) -> Result<(RulesGate, Vec<String>), AppError> {
        let Ok(root) = Workspace::discover(start) else {
            return Ok((RulesGate::new(RulePack::load(None)?, Calendar::stock(), None), Vec::new()));
        };
        let calendar = workspace_calendar(&root)?;
        let pack = RulePack::load(Some(&root.join("rules")))?;
        let mut warnings = Vec::new();
        let org = match Workspace::load_org(&root) {
            Ok(org) => Some(org),
            Err(err) => {
                warnings.push(format!("org.ron could not be read ({err}); the dossier is not checked against it"));
                None
            }
        };
        Ok((RulesGate::new(pack, calendar, org), warnings))
    }
}
