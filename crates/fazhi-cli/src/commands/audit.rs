use fazhi_core::Workspace;
use fazhi_store::{AuditAnchor, AuditEntry};

use super::print_json;
use crate::cli::AuditCommand;
use crate::table::Table;
use crate::{CliError, Context};

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
            let mut table = Table::headed(&[
                ("SEQ", "序号"),
                ("AT", "生效时间"),
                ("RECORDED", "记录时间"),
                ("ACTOR", "操作人"),
                ("ACTION", "操作"),
                ("SUBJECT", "对象"),
                ("DETAIL", "详情"),
            ]);
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
            let total = entries.len();
            out!("{}", tr!("{total} entries", "共 {total} 条"));
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
            let (seq, hash) = (head.seq, &head.hash);
            out!("{}", tr!("  entry:    #{seq}", "  条目：    第 {seq} 条"));
            out!("  sha256:   {hash}");
            if let Some(at) = head.recorded_at {
                let at = workspace.local(at).format("%Y-%m-%d %H:%M:%S");
                out!("{}", tr!("  recorded: {at}", "  记录时间：{at}"));
            }
            out!(
                "{}",
                tr!(
                    "Keep this line outside the workspace; check it later with `fazhi audit verify --head {head}`.",
                    "请把这一行保存在工作区之外；以后用 `fazhi audit verify --head {head}` 核对。"
                )
            );
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
                let text = match &anchor {
                    Some(anchor) => tr!(
                        "audit log intact: {entries} entries, hash chain verified, extends the head {anchor}; \
                         triggers and task states agree",
                        "审计日志完好：共 {entries} 条，哈希链核对无误，延续链头 {anchor}；触发器和任务状态一致"
                    ),
                    None => tr!(
                        "audit log intact: {entries} entries, hash chain verified; triggers and task states agree",
                        "审计日志完好：共 {entries} 条，哈希链核对无误；触发器和任务状态一致"
                    ),
                };
                out!("{text}");
            } else {
                for problem in &problems {
                    out!("{problem}");
                }
            }
            if problems.is_empty() {
                Ok(())
            } else {
                let count = problems.len();
                Err(CliError::Failed(tr!(
                    "the audit log has been tampered with: {count} problem(s)",
                    "审计日志已被篡改：{count} 个问题"
                )))
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
