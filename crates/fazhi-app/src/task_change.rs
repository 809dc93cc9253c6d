use std::path::PathBuf;

use fazhi_core::{Action, Item, Status};
use fazhi_store::Change;
use serde::Serialize;

use crate::{AppError, Session};

/// A change of a task's status asked for by a person (`fazhi task done ID`, a button).
#[derive(Debug, Clone)]
pub struct TaskChange {
    /// The task (an occurrence id such as `xinfang-lianxi-2025@2025-03-17`).
    pub task: String,
    /// Start, done, cancel or reopen.
    pub action: Action,
    /// Who makes it (a person id or name); `None`: the task's owner.
    pub by: Option<String>,
    /// A note kept with the change.
    pub note: Option<String>,
    /// A file kept as evidence.
    pub evidence: Option<PathBuf>,
}

/// What a [`TaskChange`] did.
#[derive(Debug, Clone, Serialize)]
pub struct TaskChanged {
    /// The task.
    pub task: String,
    /// Its status before.
    pub from: Status,
    /// Its status now.
    pub to: Status,
    /// The audit entry's number.
    pub audit_seq: i64,
}

impl Session {
    /// Records a change of a checklist task's status (a workflow step changes through
    /// [`Session::complete_step`] and [`Session::reopen_step`]), checked before anything is kept: an unknown task
    /// or person, a missing evidence file or a change its status does not allow changes
    /// nothing.
    pub fn change_task(&mut self, change: &TaskChange) -> Result<TaskChanged, AppError> {
        if let Some(path) = &change.evidence {
            crate::check_evidence(path)?;
        }
        let by =
            match &change.by {
                Some(by) => Some(self.workspace.org.person(by).map(|p| p.id.clone()).ok_or_else(|| {
                    AppError::bad_input(format!("--by: {}", fazhi_core::unknown_in_org("person", by)))
                })?),
                None => None,
            };
        let items = self.duty_items()?;
        let item = find_task(&items, &change.task)?;
        let evidence = change.evidence.as_ref().map(|path| self.store.keep_evidence(path)).transpose()?;
        let record = Change {
            item: item.id.clone(),
            action: change.action,
            by: by.unwrap_or_else(|| item.owner.clone()),
            at: self.local_now(),
            note: change.note.clone(),
            evidence,
            source: None,
        };
        let audit_seq = self.store.record_change(&record)?.expect("a change without a source key is always recorded");
        let to = self.store.state(&item.id)?.status;
        Ok(TaskChanged { task: item.id.clone(), from: item.status, to, audit_seq })
    }
}

/// The task `id` among `items`, or an error that names the occurrence to use when `id` is a
/// recurring duty.
pub fn find_task<'a>(items: &'a [Item], id: &str) -> Result<&'a Item, AppError> {
    items.iter().find(|item| item.id == id).ok_or_else(|| {
        let duty_hint = items.iter().find(|item| item.duty == id).map_or(String::new(), |item| {
            let example = &item.id;
            fazhi_core::tr!(
                "; \"{id}\" recurs, so name one occurrence, e.g. \"{example}\"",
                "；“{id}”是周期性职责，请写明其中一期，如“{example}”"
            )
        });
        AppError::bad_input(fazhi_core::tr!("unknown task \"{id}\"{duty_hint}", "没有任务“{id}”{duty_hint}"))
    })
}
