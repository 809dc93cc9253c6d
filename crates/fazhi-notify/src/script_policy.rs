//! The reminder policy of a rule module's rhai reminder script (stock: `rules/reminders/`).

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use fazhi_rules::{ReminderKind, ReminderScript, ReminderSituation, ReminderTarget, RulePack, RulesError, ScriptError};

use crate::plan::{DeadlineFacts, Decision, NoticeKind, Recipient, ReminderPolicy};

/// A [`ReminderPolicy`] that asks a module's reminder script, once per distinct deadline.
///
/// [`ReminderPolicy::decide`] cannot fail, so a script failure decides nothing for that
/// deadline and is kept: check [`ScriptPolicy::take_errors`] after planning.
#[derive(Debug)]
pub struct ScriptPolicy {
    script: ReminderScript,
    errors: Mutex<Vec<ScriptError>>,
}

impl ScriptPolicy {
    /// The module whose reminder script plans reminders.
    pub const MODULE: &'static str = "reminders";

    /// The policy of a compiled reminder script.
    pub fn new(script: ReminderScript) -> ScriptPolicy {
        ScriptPolicy { script, errors: Mutex::new(Vec::new()) }
    }

    /// The policy of the reminder script of module [`ScriptPolicy::MODULE`] in `pack` (loaded
    /// with `workspace_rules_dir`, the workspace's `rules/`, so that a workspace's override of
    /// the module, its script or its params, applies). `Ok(None)` if the pack has no such
    /// module or it has no reminder script.
    pub fn from_pack(pack: &RulePack, workspace_rules_dir: Option<&Path>) -> Result<Option<ScriptPolicy>, RulesError> {
        Ok(ReminderScript::load(pack, workspace_rules_dir, Self::MODULE)?.map(ScriptPolicy::new))
    }

    /// The stock reminder script with its stock parameters.
    pub fn stock() -> Result<ScriptPolicy, RulesError> {
        let pack = RulePack::stock()?;
        Self::from_pack(&pack, None)?.ok_or_else(|| RulesError::Invalid { problems: Vec::new() })
    }

    /// The script's path as shown in messages.
    pub fn script_path(&self) -> &str {
        self.script.path()
    }

    /// The script failures since the last call (each with script, line and column), deduplicated.
    pub fn take_errors(&self) -> Vec<ScriptError> {
        let mut errors = std::mem::take(&mut *self.errors.lock().unwrap_or_else(PoisonError::into_inner));
        errors.dedup();
        errors
    }
}

/// What a reminder script is told about a deadline.
pub(crate) fn situation(facts: &DeadlineFacts) -> ReminderSituation {
    let days_left = (facts.deadline - facts.today).num_days();
    let working_days_overdue = if facts.deadline < facts.today { (-facts.working_days_left).max(0) } else { 0 };
    ReminderSituation {
        days_left,
        working_days_left: facts.working_days_left,
        working_days_overdue,
        is_working_day: facts.today_is_working_day,
    }
}

impl ReminderPolicy for ScriptPolicy {
    fn decide(&self, facts: &DeadlineFacts, out: &mut Vec<Decision>) {
        let situation = situation(facts);
        match self.script.remind(&situation) {
            Ok(notices) => {
                let left = u32::try_from(situation.working_days_left.max(0)).unwrap_or(u32::MAX);
                let late = u32::try_from(situation.working_days_overdue).unwrap_or(u32::MAX);
                for notice in notices {
                    let kind = match notice.kind {
                        ReminderKind::DueSoon => NoticeKind::DueSoon { working_days_left: left },
                        ReminderKind::DueToday => NoticeKind::DueToday,
                        ReminderKind::Overdue => NoticeKind::Overdue { working_days_overdue: late },
                        ReminderKind::Escalation => NoticeKind::Escalation { working_days_overdue: late },
                    };
                    let to = match notice.to {
                        ReminderTarget::Owner => Recipient::Owner,
                        ReminderTarget::Leader => Recipient::UnitLeader,
                    };
                    out.push(Decision { kind, to });
                }
            }
            Err(err) => self.errors.lock().unwrap_or_else(PoisonError::into_inner).push(err),
        }
    }
}
