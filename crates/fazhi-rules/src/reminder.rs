//! Reminder scripts: a module's `reminder_script` decides, for one deadline situation, which
//! notices to send. It runs in the same sandbox as review rules (compiled once with the pack,
//! the same limits, errors naming the script, line and column).
//! Libraries (`import`) are not available to reminder scripts.
//!
//! The script defines a function `remind(deadline, params)`: `deadline` is a map
//! `#{ days_left, working_days_left, working_days_overdue, is_working_day }` and `params` the
//! module's parameters; it returns an array of `#{ kind, to }`, `kind` one of `"due_soon"`,
//! `"due_today"`, `"overdue"`, `"escalation"` and `to` one of `"owner"`, `"leader"`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fazhi_core::SourceFile;
use rhai::{CallFnOptions, Dynamic, Engine, Map, Scope, AST};

use crate::sandbox::{self, EntryScript, PackResolver, ScriptFailure};
use crate::{ParamValue, RulePack, RulesError, ScriptError};

/// The name of the function a reminder script defines.
pub const REMIND_FUNCTION: &str = "remind";

/// One deadline situation, as seen from today, as a reminder script gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderSituation {
    /// Calendar days from today to the deadline (0 on the day, negative once it has passed).
    pub days_left: i64,
    /// Working days after today up to and including the deadline; negative once it has passed.
    pub working_days_left: i64,
    /// Working days after the deadline up to and including today (0 until it has passed).
    pub working_days_overdue: i64,
    /// Whether today is a working day.
    pub is_working_day: bool,
}

/// What a notice says, as a reminder script names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// `"due_soon"`
    DueSoon,
    /// `"due_today"`
    DueToday,
    /// `"overdue"`
    Overdue,
    /// `"escalation"`
    Escalation,
}

/// Who a reminder script wants told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderTarget {
    /// `"owner"`: the item's owner.
    Owner,
    /// `"leader"`: the leader of the item's responsible unit.
    Leader,
}

/// One notice a reminder script asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReminderNotice {
    /// What it says.
    pub kind: ReminderKind,
    /// Who gets it.
    pub to: ReminderTarget,
}

/// A module's reminder script, compiled once into its own locked-down engine (the sandbox of
/// the rule pack: same packages, limits and host functions), ready to be run for any number of
/// deadline situations. `Send + Sync`.
pub struct ReminderScript {
    engine: Engine,
    ast: AST,
    shown: String,
    last_line: usize,
    /// The line of the entry function, where a failure without a position is placed.
    entry_line: usize,
    params: Dynamic,
    module: String,
}

impl std::fmt::Debug for ReminderScript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReminderScript")
            .field("module", &self.module)
            .field("script", &self.shown)
            .finish_non_exhaustive()
    }
}

impl ReminderScript {
    /// The reminder script of module `module` of `pack` (loaded with `workspace_rules_dir`, the
    /// workspace's `rules/`, which is where a workspace module's script is read from), with
    /// that module's `params`. `Ok(None)` when the pack has no such module or it has no
    /// reminder script. Fails if the script cannot be read or compiled (with its position).
    pub fn load(
        pack: &RulePack,
        workspace_rules_dir: Option<&Path>,
        module: &str,
    ) -> Result<Option<ReminderScript>, RulesError> {
        let Some(found) = pack.module(module) else { return Ok(None) };
        let Some(name) = found.reminder_script.as_deref() else { return Ok(None) };
        let Some(file) = pack.script_file(workspace_rules_dir, found, name)? else { return Ok(None) };
        ReminderScript::compile(module, &file, &found.params)
    }

    /// Compiles `file` as the reminder script of `module` with `params`.
    pub fn compile(
        module: &str,
        file: &SourceFile,
        params: &BTreeMap<String, ParamValue>,
    ) -> Result<Option<ReminderScript>, RulesError> {
        let engine = sandbox::new_engine(PackResolver::default());
        let what = format!("reminder script of module {module}");
        let EntryScript { ast, shown, last_line, entry_line } =
            sandbox::compile_entry(&engine, file, &what, &format!("{REMIND_FUNCTION}(deadline, params)"))?;
        let params = ParamValue::map_to_dynamic(params);
        Ok(Some(ReminderScript { engine, ast, shown, last_line, entry_line, params, module: module.to_string() }))
    }

    /// The script's path as shown in messages.
    pub fn path(&self) -> &str {
        &self.shown
    }

    /// Runs the script for one deadline situation and returns the notices it asks for. Fails
    /// (naming the script, line and column) if the script fails or hits a sandbox limit, or if
    /// it returns anything but an array of `#{ kind, to }` maps with known values.
    pub fn remind(&self, situation: &ReminderSituation) -> Result<Vec<ReminderNotice>, ScriptError> {
        let rule = format!("{}/reminders", self.module);
        let mut deadline = Map::new();
        deadline.insert("days_left".into(), Dynamic::from_int(situation.days_left));
        deadline.insert("working_days_left".into(), Dynamic::from_int(situation.working_days_left));
        deadline.insert("working_days_overdue".into(), Dynamic::from_int(situation.working_days_overdue));
        deadline.insert("is_working_day".into(), Dynamic::from_bool(situation.is_working_day));
        let mut scope = Scope::new();
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let result = sandbox::guarded(|| {
            self.engine.call_fn_with_options::<Dynamic>(
                options,
                &mut scope,
                &self.ast,
                REMIND_FUNCTION,
                (Dynamic::from_map(deadline), self.params.clone()),
            )
        });
        // A failure rhai gives no position (a sandbox limit) is placed at `fn remind`.
        let at_entry = |message: String| ScriptError {
            script: PathBuf::from(&self.shown),
            line: self.entry_line,
            column: 1,
            rule: rule.clone(),
            message,
        };
        let value = result.map_err(|err| match sandbox::classify(&err, &self.shown, &rule) {
            ScriptFailure::Script(err) | ScriptFailure::BadDate { error: err, .. } if err.line == 0 => {
                at_entry(err.message)
            }
            ScriptFailure::Script(err) | ScriptFailure::BadDate { error: err, .. } => err,
            ScriptFailure::OutsideCalendar { date, message } => at_entry(format!("{date}: {message}")),
        })?;
        notices(value).map_err(|message| ScriptError {
            script: PathBuf::from(&self.shown),
            line: self.last_line,
            column: 1,
            rule,
            message,
        })
    }
}

/// Reads what `remind` returned.
fn notices(value: Dynamic) -> Result<Vec<ReminderNotice>, String> {
    let expected = "`remind` must return an array of #{ kind: \"due_soon\"|\"due_today\"|\"overdue\"|\"escalation\", to: \"owner\"|\"leader\" }";
    let Ok(array) = value.into_array() else { return Err(expected.to_string()) };
    let mut out = Vec::with_capacity(array.len());
    for entry in array {
        let Some(map) = entry.try_cast::<Map>() else { return Err(expected.to_string()) };
        let text = |key: &str| map.get(key).and_then(|v| v.clone().into_string().ok());
        let kind = match text("kind").as_deref() {
            Some("due_soon") => ReminderKind::DueSoon,
            Some("due_today") => ReminderKind::DueToday,
            Some("overdue") => ReminderKind::Overdue,
            Some("escalation") => ReminderKind::Escalation,
            other => return Err(format!("{expected}; got kind {other:?}")),
        };
        let to = match text("to").as_deref() {
            Some("owner") => ReminderTarget::Owner,
            Some("leader") => ReminderTarget::Leader,
            other => return Err(format!("{expected}; got to {other:?}")),
        };
        if map.len() != 2 {
            return Err(format!("{expected}; got other keys"));
        }
        out.push(ReminderNotice { kind, to });
    }
    Ok(out)
}
