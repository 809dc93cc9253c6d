use super::print_json;
use crate::cli::AuditCommand;
use crate::table::Table;
use crate::{CliError, Context};

/// `fazhi audit …`
pub fn run(context: &Context, command: &AuditCommand) -> Result<(), CliError> {
    let workspace = context.workspace()?;
    let store = context.read_store(&workspace)?;
    match command {
        AuditCommand::Log => {
            let entries = store.audit_log()?;
            if context.json {
                return print_json(&entries);
            }
            let mut table = Table::new(&["SEQ", "AT", "ACTOR", "ACTION", "SUBJECT", "DETAIL"]);
            for entry in &entries {
                table.row(vec![
                    entry.seq.to_string(),
                    entry.at.format("%Y-%m-%d %H:%M:%S").to_string(),
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
        AuditCommand::Verify => {
            let problems = store.verify_audit()?;
            let entries = store.audit_log()?.len();
            if context.json {
                let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
                print_json(
                    &serde_json::json!({ "intact": problems.is_empty(), "entries": entries, "problems": messages }),
                )?;
            } else if problems.is_empty() {
                out!("audit log intact: {entries} entries, hash chain verified");
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
