//! The rule pack: every loaded module, one engine, compiled scripts; and the review.

pub(crate) mod collect;
mod loader;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use fazhi_core::{Calendar, Diagnostic, Org, SourceFile};
use rhai::{Caches, Dynamic, Engine, Scope};

use crate::sandbox::{self, host_api, ScriptFailure};
use crate::{Dossier, Finding, Module, ModuleOrigin, Review, RulesError, ScriptError, Verdict};
use loader::{CompiledModule, CompiledRule};

/// The number of values in a tree of maps and arrays.
fn value_size(value: &Dynamic) -> usize {
    if let Ok(map) = value.as_map_ref() {
        return 1 + map.values().map(value_size).sum::<usize>();
    }
    if let Ok(array) = value.as_array_ref() {
        return 1 + array.iter().map(value_size).sum::<usize>();
    }
    1
}

/// The loaded rule packs: the stock modules plus the workspace's, compiled once into one
/// locked-down engine, ready to review any number of dossiers.
///
/// A `RulePack` is `Send + Sync`; a failing script never leaves it unusable.
pub struct RulePack {
    engine: Engine,
    modules: Vec<Module>,
    compiled: Vec<CompiledModule>,
    /// Function-resolution caches of finished reviews, for the next ones: one is taken for a
    /// review and given back after it, so reviews on several threads never share one.
    caches: Mutex<Vec<Caches>>,
}

impl std::fmt::Debug for RulePack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RulePack").field("modules", &self.modules).finish_non_exhaustive()
    }
}

impl RulePack {
    /// Loads the stock modules and, if given, the modules of a workspace's `rules/` folder
    /// (which may be absent): a workspace module adds to the stock ones, or replaces the stock
    /// module of the same id. Every manifest is validated and every script compiled; all the
    /// problems found are returned together as [`RulesError::Invalid`].
    ///
    /// This is also what `fazhi check` runs to validate a workspace's rules.
    pub fn load(workspace_rules_dir: Option<&Path>) -> Result<RulePack, RulesError> {
        let loaded = loader::load(workspace_rules_dir).map_err(|problems| RulesError::Invalid { problems })?;
        Ok(RulePack {
            engine: loaded.engine,
            modules: loaded.modules,
            compiled: loaded.compiled,
            caches: Mutex::new(Vec::new()),
        })
    }

    /// The stock modules only.
    pub fn stock() -> Result<RulePack, RulesError> {
        RulePack::load(None)
    }

    /// The text of script `name` of `module`: built in for a stock module (or when there is no
    /// workspace `rules/`), otherwise read from the workspace's `rules/<module>/`. `Ok(None)`
    /// when a stock module has no such file.
    pub(crate) fn script_file(
        &self,
        workspace_rules_dir: Option<&Path>,
        module: &Module,
        name: &str,
    ) -> Result<Option<SourceFile>, RulesError> {
        match (module.origin, workspace_rules_dir) {
            (ModuleOrigin::Stock, _) | (_, None) => {
                let path = format!("{}/{name}", module.id);
                let text = crate::stock::STOCK_FILES.iter().find(|(p, _)| *p == path).map(|(_, text)| *text);
                Ok(text.map(|text| SourceFile::new(PathBuf::from(format!("rules/{path} (built in)")), text)))
            }
            (_, Some(dir)) => {
                let root = dir.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
                SourceFile::read_in(root, &module.dir.join(name))
            }
            .map(Some)
            .map_err(|diagnostic| RulesError::Invalid { problems: vec![diagnostic] }),
        }
    }

    /// The modules, stock ones first (an override takes its stock module's place), then the
    /// workspace's additions, each group by id.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    /// The module with `id`.
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|module| module.id == id)
    }

    /// The dossier kinds some module reviews, sorted.
    pub fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> =
            self.modules.iter().flat_map(|module| module.reviews.iter().map(String::as_str)).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }

    /// Reviews `dossier`: runs every rule of every module that reviews its kind, with
    /// `calendar` for working days, and returns the findings and the verdict.
    ///
    /// Fails if no module reviews the kind, if a date the rules count with lies outside the
    /// calendar, or if rule scripts fail (every failure is reported, each naming its script,
    /// line, column and rule). The pack stays usable after any failure.
    pub fn review(&self, dossier: &Dossier, calendar: &Calendar) -> Result<Review, RulesError> {
        self.review_in(dossier, calendar, None)
    }

    /// Reviews `dossier` as [`RulePack::review`] does, with the workspace's `org` (org.ron)
    /// known to the rules, so that they can check the dossier against it (the enforcement
    /// officers' certificates, for one). Rules that need the org find nothing without it.
    pub fn review_in(&self, dossier: &Dossier, calendar: &Calendar, org: Option<&Org>) -> Result<Review, RulesError> {
        let selected: Vec<usize> = (0..self.modules.len())
            .filter(|&i| self.modules[i].reviews.iter().any(|kind| kind == dossier.kind()))
            .collect();
        if selected.is_empty() {
            let (line, column) = dossier.kind_position();
            return Err(RulesError::UnknownKind {
                file: dossier.path().to_path_buf(),
                line,
                column,
                kind: dossier.kind().to_string(),
                known: self.kinds().join(", "),
            });
        }

        let mut findings = Vec::new();
        let mut errors: Vec<ScriptError> = Vec::new();
        let mut outside: Vec<Diagnostic> = Vec::new();
        let mut unreadable: Vec<Diagnostic> = Vec::new();
        let mut rules_run = 0;
        let mut caches = self.caches.lock().ok().and_then(|mut pool| pool.pop()).unwrap_or_default();
        let ((), provisional) = host_api::with_review(calendar, org, dossier.value(), || {
            sandbox::within_review_time(|| {
                let mut scope = Scope::new();
                scope.push_constant_dynamic("dossier", dossier.value().clone());
                for &i in &selected {
                    let (module, compiled) = (&self.modules[i], &self.compiled[i]);
                    let base = scope.len();
                    if compiled.needs_params {
                        scope.push_constant_dynamic("params", compiled.params.clone());
                    }
                    for rule in &compiled.rules {
                        if sandbox::review_time_is_up() {
                            let message = format!(
                                "not run: the review's rules ran for more than {} s together before it",
                                sandbox::REVIEW_TIME_LIMIT.as_secs_f64()
                            );
                            errors.push(rule.error(1, 1, message));
                            continue;
                        }
                        rules_run += 1;
                        match self.run_rule(&mut scope, &mut caches, dossier, compiled, rule) {
                            Ok(value) => match collect::findings(value, &module.id) {
                                Ok(mut found) => findings.append(&mut found),
                                Err(message) => errors.push(rule.error(rule.script.last_line, 1, message)),
                            },
                            Err(ScriptFailure::Script(err)) => errors.push(err),
                            // A date of a kind without a schema, which nothing checked: the
                            // dossier is at fault, not the rule.
                            Err(ScriptFailure::BadDate { date, error }) if dossier.holds_text(&date) => {
                                unreadable.push(dossier.diagnostic_at_value(&date, &date_problem(&error)));
                            }
                            Err(ScriptFailure::BadDate { error, .. }) => errors.push(error),
                            Err(ScriptFailure::OutsideCalendar { date, message }) => {
                                outside.push(dossier.diagnostic_at_value(&date, &message));
                            }
                        }
                    }
                    scope.rewind(base);
                }
            })
        });
        if let Ok(mut pool) = self.caches.lock() {
            pool.push(caches);
        }

        if !errors.is_empty() {
            return Err(RulesError::Script { errors });
        }
        if !unreadable.is_empty() {
            unreadable.sort();
            unreadable.dedup();
            return Err(RulesError::UnreadableDates { problems: unreadable });
        }
        if !outside.is_empty() {
            outside.sort();
            outside.dedup();
            return Err(RulesError::OutsideCalendar { problems: outside });
        }
        if !provisional.is_empty() {
            findings.push(provisional_note(&provisional));
        }
        findings.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
        let verdict = Verdict::of(&findings);
        Ok(Review {
            dossier: dossier.path().to_path_buf(),
            kind: dossier.kind().to_string(),
            id: dossier.id().to_string(),
            title: dossier.title().to_string(),
            modules: selected.iter().map(|&i| self.modules[i].id.clone()).collect(),
            rules_run,
            findings,
            verdict,
        })
    }

    /// Runs one rule with `scope` holding `dossier` and, if a rule of the module reads it when
    /// it runs, `params` (and nothing else when it returns) and the review's
    /// function-resolution `caches`: what the script ended with, or why it failed.
    fn run_rule(
        &self,
        scope: &mut Scope,
        caches: &mut Caches,
        dossier: &Dossier,
        module: &CompiledModule,
        rule: &CompiledRule,
    ) -> Result<Dynamic, ScriptFailure> {
        let base = scope.len();
        host_api::set_rule(&rule.id);
        if rule.script.needs_rule {
            scope.push_constant("rule", rule.id.clone());
        }
        let result = sandbox::guarded(|| rule.script.eval(&self.engine, caches, scope));
        if result.is_err() {
            // A run that failed (or panicked) part way leaves nothing the next rule should use.
            *caches = Caches::new();
        }
        scope.rewind(base);
        // rhai lets a script add keys to a constant map: a rule that does fails, and the next
        // rule gets the dossier and parameters as they were.
        let changed = rule.script.may_change_constants
            && (scope.get("dossier").map(value_size) != Some(value_size(dossier.value()))
                || scope.get("params").map(value_size) != Some(value_size(&module.params)));
        if changed {
            scope.clear();
            scope.push_constant_dynamic("dossier", dossier.value().clone());
            scope.push_constant_dynamic("params", module.params.clone());
            let (line, column) = rule.script.assignment_to_constant();
            let message = "a rule may not change `dossier` or `params` (it added a field)";
            return Err(ScriptFailure::Script(rule.error(line, column, message.to_string())));
        }
        result.map_err(|err| sandbox::classify(&err, &rule.script.shown, &rule.id))
    }

    /// Reads `source` as a module's `module.ron` is read, without its scripts: for the format
    /// examples of the documentation, which a test reads so that they cannot drift.
    ///
    /// # Errors
    ///
    /// The parse error, at its position.
    pub fn parse_manifest(source: &fazhi_core::SourceFile) -> Result<(), Diagnostic> {
        loader::parse_manifest(source)
    }

    /// Everything `fazhi check` needs from the rules of the workspace at `root`: every problem
    /// of its `rules/` modules (manifests, scripts, libraries) and, if they load, of its
    /// dossiers in `decisions/`. Paths are relative to `root`; empty when all is well.
    pub fn check_workspace(root: &Path) -> Vec<Diagnostic> {
        match RulePack::load(Some(&root.join("rules"))) {
            Ok(pack) => pack.check_dossiers(root),
            Err(err) => err.diagnostics(),
        }
    }

    /// Checks the dossiers of a workspace (`decisions/*.ron` and `decisions/*.json` under
    /// `root`): each must parse against its kind's schema and have a module that reviews its
    /// kind. Returns every problem, paths relative to `root`; for `fazhi check`.
    pub fn check_dossiers(&self, root: &Path) -> Vec<Diagnostic> {
        let Ok(entries) = std::fs::read_dir(root.join("decisions")) else { return Vec::new() };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "ron" || ext == "json"))
            .collect();
        paths.sort();
        let mut diagnostics = Vec::new();
        for path in paths {
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let path = match fazhi_core::resolve_inside(root, &shown) {
                Ok(real) => real,
                Err(outside) => {
                    diagnostics.push(Diagnostic { file: shown, line: 1, column: 1, message: outside.to_string() });
                    continue;
                }
            };
            match Dossier::read(&path, &shown) {
                Ok(dossier) if !self.kinds().contains(&dossier.kind()) => {
                    let (line, column) = dossier.kind_position();
                    diagnostics.push(Diagnostic {
                        file: shown,
                        line,
                        column,
                        message: format!("no rule module reviews dossiers of kind \"{}\"", dossier.kind()),
                    });
                }
                Ok(_) => {}
                Err(err) => diagnostics.extend(err.diagnostics().iter().cloned()),
            }
        }
        diagnostics
    }
}

/// What a rule's date function said of a date, without the calls it came through.
fn date_problem(error: &ScriptError) -> String {
    error.message.split(" (in ").next().unwrap_or(&error.message).to_string()
}

/// The note a review adds when a working-day count of its rules went through a provisional
/// (暂定) calendar year: the verdict may change once the year's arrangement is known.
fn provisional_note(years: &[i32]) -> Finding {
    let years: Vec<String> = years.iter().map(|year| format!("{year}年")).collect();
    Finding {
        rule: "calendar/provisional".to_string(),
        module: "calendar".to_string(),
        severity: crate::Severity::Info,
        message: format!(
            "本次审查的工作日计算涉及{}，该年节假日安排尚未公布，所用日历为暂定（依《全国年节及纪念日放假办法》推定，未含调休）；国务院办公厅公布安排后请导入日历并重新审查",
            years.join("、")
        ),
        basis: "《全国年节及纪念日放假办法》".to_string(),
        field: None,
    }
}
