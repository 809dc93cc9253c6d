//! Report scripts: a module's `report_script` computes the module's figures for the year-end
//! report from the ledger (`docs/report.md`). It runs in the sandbox of the rule pack (the
//! same packages, limits and errors naming the script, line and column) with the ledger
//! functions added; time spent in the ledger does not count against the wall-clock limit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use fazhi_core::{LedgerKind, SourceFile};
use rhai::{Array, CallFnOptions, Dynamic, Engine, Map, Scope, AST, INT};

use crate::sandbox::report_api::{self, ReportContext};
use crate::sandbox::{self, EntryScript, PackResolver, ScriptFailure};
use crate::{
    Figure, FigureCheck, LedgerSource, ModuleReport, ParamValue, ReportSection, RulePack, RulesError, ScriptError,
};

/// The name of the function a report script defines.
pub const REPORT_FUNCTION: &str = "report";

/// A module's report script, compiled once, ready to run for a year over a ledger.
pub struct ReportScript {
    engine: Engine,
    ast: AST,
    shown: String,
    last_line: usize,
    /// The line of the entry function, where a failure without a position is placed.
    entry_line: usize,
    params: Dynamic,
    module: String,
    kinds: Arc<Vec<LedgerKind>>,
}

impl std::fmt::Debug for ReportScript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportScript")
            .field("module", &self.module)
            .field("script", &self.shown)
            .finish_non_exhaustive()
    }
}

impl ReportScript {
    /// The report scripts of every module of `pack` that has one, in module order (a
    /// workspace module's script is read from `workspace_rules_dir`). Every script that cannot
    /// be read or compiled is reported, all together.
    pub fn load_all(pack: &RulePack, workspace_rules_dir: Option<&Path>) -> Result<Vec<ReportScript>, RulesError> {
        let kinds: Arc<Vec<LedgerKind>> =
            Arc::new(pack.modules().iter().flat_map(|module| module.ledger_kinds.iter().cloned()).collect());
        let mut scripts = Vec::new();
        let mut problems = Vec::new();
        for module in pack.modules() {
            let Some(name) = module.report_script.as_deref() else { continue };
            let compiled = pack.script_file(workspace_rules_dir, module, name).and_then(|file| match file {
                Some(file) => ReportScript::compile(&module.id, &file, &module.params, kinds.clone()).map(Some),
                None => Ok(None),
            });
            match compiled {
                Ok(Some(script)) => scripts.push(script),
                Ok(None) => {}
                Err(RulesError::Invalid { problems: more }) => problems.extend(more),
                Err(other) => return Err(other),
            }
        }
        if problems.is_empty() {
            Ok(scripts)
        } else {
            Err(RulesError::Invalid { problems })
        }
    }

    /// Compiles `file` as the report script of `module`, with its `params` and the ledger
    /// `kinds` its functions may query.
    pub fn compile(
        module: &str,
        file: &SourceFile,
        params: &BTreeMap<String, ParamValue>,
        kinds: Arc<Vec<LedgerKind>>,
    ) -> Result<ReportScript, RulesError> {
        let mut engine = sandbox::new_engine(PackResolver::default());
        report_api::register(&mut engine);
        let what = format!("report script of module {module}");
        let EntryScript { ast, shown, last_line, entry_line } =
            sandbox::compile_entry(&engine, file, &what, &format!("{REPORT_FUNCTION}(year, params)"))?;
        let params = ParamValue::map_to_dynamic(params);
        Ok(ReportScript { engine, ast, shown, last_line, entry_line, params, module: module.to_string(), kinds })
    }

    /// The module's id.
    pub fn module(&self) -> &str {
        &self.module
    }

    /// The script's path as shown in messages.
    pub fn path(&self) -> &str {
        &self.shown
    }

    /// Runs the script for `year` over `ledger`. Fails, naming the script, line and column, if
    /// the script fails (a division by zero, an unknown kind or field, a sandbox limit) or
    /// returns something other than what `docs/report.md` describes.
    pub fn run(&self, year: i32, ledger: Rc<dyn LedgerSource>) -> Result<ModuleReport, ScriptError> {
        let rule = format!("{}/report", self.module);
        let context = ReportContext { ledger, year, kinds: self.kinds.clone() };
        let mut scope = Scope::new();
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let result = report_api::with_report(context, || {
            sandbox::guarded(|| {
                self.engine.call_fn_with_options::<Dynamic>(
                    options,
                    &mut scope,
                    &self.ast,
                    REPORT_FUNCTION,
                    (Dynamic::from_int(INT::from(year)), self.params.clone()),
                )
            })
        });
        let value = result.map_err(|err| match sandbox::classify(&err, &self.shown, &rule) {
            ScriptFailure::Script(err) | ScriptFailure::BadDate { error: err, .. } if err.line == 0 => {
                self.error(&rule, self.entry_line, err.message)
            }
            ScriptFailure::Script(err) | ScriptFailure::BadDate { error: err, .. } => err,
            ScriptFailure::OutsideCalendar { date, message } => {
                self.error(&rule, self.entry_line, format!("{date}: {message}"))
            }
        })?;
        self.read(value).map_err(|message| self.error(&rule, self.last_line, message))
    }

    fn error(&self, rule: &str, line: usize, message: String) -> ScriptError {
        ScriptError { script: PathBuf::from(&self.shown), line, column: 1, rule: rule.to_string(), message }
    }

    /// Reads what `report` returned.
    fn read(&self, value: Dynamic) -> Result<ModuleReport, String> {
        let shape = "`report` must return #{ figures: #{...}, checks: [...], section: #{ title, paragraphs }, suggestions: [...] }";
        let Some(map) = value.try_cast::<Map>() else { return Err(shape.to_string()) };
        for key in map.keys() {
            if !["figures", "checks", "section", "suggestions"].contains(&key.as_str()) {
                return Err(format!("{shape}; unknown key `{key}`"));
            }
        }
        let Some(figures) = map.get("figures").and_then(|v| v.clone().try_cast::<Map>()) else {
            return Err(format!("{shape}; `figures` is missing or not a map"));
        };
        let mut out = BTreeMap::new();
        for (name, value) in figures {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.is_empty() {
                return Err(format!("figure name `{name}`: use letters, digits and _"));
            }
            let figure = if let Some(figure) = value.clone().try_cast::<Figure>() {
                figure
            } else if let Ok(integer) = value.as_int() {
                Figure::number(integer as f64)
            } else if let Ok(float) = value.as_float() {
                Figure::number(float)
            } else {
                return Err(format!("figure `{name}` is {}, not a figure or a number", value.type_name()));
            };
            out.insert(name.to_string(), figure);
        }
        let checks = match map.get("checks") {
            None => Vec::new(),
            Some(checks) => {
                let Ok(array) = checks.as_array_ref().map(|a| a.clone()) else {
                    return Err(format!("{shape}; `checks` is not an array"));
                };
                array.into_iter().map(|check| read_check(check, &out)).collect::<Result<_, _>>()?
            }
        };
        let section = match map.get("section") {
            None => None,
            Some(section) => {
                let Some(section) = section.clone().try_cast::<Map>() else {
                    return Err(format!("{shape}; `section` is not a map"));
                };
                let title = section.get("title").and_then(|t| t.clone().into_string().ok());
                let paragraphs = section.get("paragraphs").and_then(strings);
                match (title, paragraphs) {
                    (Some(title), Some(paragraphs)) => Some(ReportSection { title, paragraphs }),
                    _ => return Err(format!("{shape}; `section` needs a title (text) and paragraphs (texts)")),
                }
            }
        };
        let suggestions = match map.get("suggestions") {
            None => Vec::new(),
            Some(value) => strings(value).ok_or_else(|| format!("{shape}; `suggestions` must be an array of texts"))?,
        };
        Ok(ModuleReport { module: self.module.clone(), figures: out, checks, section, suggestions })
    }
}

fn strings(value: &Dynamic) -> Option<Vec<String>> {
    let array: Array = value.as_array_ref().ok()?.clone();
    array.into_iter().map(|item| item.into_string().ok()).collect()
}

fn read_check(check: Dynamic, figures: &BTreeMap<String, Figure>) -> Result<FigureCheck, String> {
    let expected =
        "a check is #{ sum: \"whole\", parts: [\"a\", \"b\"] } or #{ rate: \"r\", part: \"a\", whole: \"b\" }";
    let Some(map) = check.try_cast::<Map>() else { return Err(expected.to_string()) };
    let text = |key: &str| map.get(key).and_then(|value| value.clone().into_string().ok());
    let known = |name: &str| -> Result<String, String> {
        if figures.contains_key(name) {
            Ok(name.to_string())
        } else {
            Err(format!("check names figure `{name}`, which `figures` does not have"))
        }
    };
    if let Some(whole) = text("sum") {
        let parts = map.get("parts").and_then(strings).ok_or_else(|| expected.to_string())?;
        if parts.is_empty() || map.len() != 2 {
            return Err(expected.to_string());
        }
        let parts = parts.iter().map(|part| known(part)).collect::<Result<Vec<_>, _>>()?;
        return Ok(FigureCheck::Sum { whole: known(&whole)?, parts });
    }
    match (text("rate"), text("part"), text("whole")) {
        (Some(rate), Some(part), Some(whole)) if map.len() == 3 => {
            Ok(FigureCheck::Rate { rate: known(&rate)?, part: known(&part)?, whole: known(&whole)? })
        }
        _ => Err(expected.to_string()),
    }
}
