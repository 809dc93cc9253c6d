use fazhi_core::Workspace;
use fazhi_store::{AuditAnchor, AuditEntry};

use super::print_json;
use crate::cli::AuditCommand;
use crate::table::Table;
use crate::{CliError, Context};
use fazhi_store::prelude::*;

/// `fazhi audit …`
pub fn run(context: &Context, command: &AuditCommand) -> Result<(), CliError> {
    // Bad input first, so nothing is opened for it.
    let anchor = match command {
        AuditCommand::Verify { head: Some(text) } => {
            Some(text.parse::<AuditAnchor>().map_err(|err| CliError::BadInput(format!("--head: {err}")))?)
        }
        _ => None,
    };
    let session = context.read_session()?;
    let (workspace, store) = (session.workspace(), session.store());
    match command {
        AuditCommand::Log => {
            let entries = store.audit_log()?;
            if context.json {
                return print_json(&entries);
            }
            let mut table = Table::new(&["SEQ", "AT", "RECORDED", "ACTOR", "ACTION", "SUBJECT", "DETAIL"]);
            for entry in &entries {
                table.row(vec![
                    entry.seq.to_string(),
                    entry.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    recorded(workspace, entry),
                    entry.actor.clone(),
                    entry.action.clone(),
                    entry.subject.clone(),
                    entry.detail.clone(),
                ]);
            }
            crate::terminal::print(&table.render());
            out!("{} entries", entries.len());
            Ok(())
        }
        AuditCommand::Head => {
            let head = store.audit_head()?;
            if context.json {
                return print_json(&serde_json::json!({
                    "head": head.to_string(),
                    "seq": head.seq,
                    "short_hash": head.short_hash(),
                    "hash": head.hash,
                    "recorded_at": head.recorded_at,
                }));
            }
            out!("{head}");
            out!("  entry:    #{}", head.seq);
            out!("  sha256:   {}", head.hash);
            if let Some(at) = head.recorded_at {
                out!("  recorded: {}", workspace.local(at).format("%Y-%m-%d %H:%M:%S"));
            }
            out!("Keep this line outside the workspace; check it later with `fazhi audit verify --head {head}`.");
            Ok(())
        }
        AuditCommand::Verify { .. } => {
            let mut problems: Vec<String> = store.verify_audit()?.iter().map(ToString::to_string).collect();
            if let Some(anchor) = &anchor {
                problems.extend(store.verify_audit_extends(anchor)?.map(|problem| problem.to_string()));
            }
            problems.extend(store.verify_state()?.iter().map(ToString::to_string));
            let entries = store.audit_log()?.len();
            if context.json {
                print_json(&serde_json::json!({
                    "intact": problems.is_empty(),
                    "entries": entries,
                    "head": anchor.as_ref().map(ToString::to_string),
                    "problems": problems,
                }))?;
            } else if problems.is_empty() {
                match &anchor {
                    Some(anchor) => out!(
                        "audit log intact: {entries} entries, hash chain verified, extends the head {anchor}; \
                         triggers and task states agree"
                    ),
                    None => {
                        out!("audit log intact: {entries} entries, hash chain verified; triggers and task states agree")
                    }
                }
            } else {
                for problem in &problems {
                    out!("{problem}");
                }
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(CliError::Failed(format!("the audit log has been tampered with: {} problem(s)", problems.len())))
            }
        }
    }
}

/// An entry's recorded time in the workspace's zone, marked when its effective time lies more
/// than a day before (dated in the past); `-` for entries written before it was recorded.
fn recorded(workspace: &Workspace, entry: &AuditEntry) -> String {
    match entry.recorded_at {
        Some(at) => {
            let local = workspace.local(at);
            let text = local.format("%Y-%m-%d %H:%M:%S").to_string();
            if AuditEntry::is_backdated(entry.at, local) {
                format!("{text} (backdated)")
            } else {
                text
            }
        }
        None => "- (not recorded)".to_string(),
    }
}
