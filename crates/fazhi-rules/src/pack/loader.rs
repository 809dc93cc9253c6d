//! Loading the rule packs: the stock modules embedded in the binary, then the workspace's
//! `rules/` folder, which adds modules or replaces stock ones of the same id. Every manifest is
//! validated and every script compiled; all problems are collected before failing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fazhi_core::{Diagnostic, SourceFile};
use rhai::{Caches, Dynamic, Engine, EvalAltResult, ImmutableString, ModuleResolver, Position, Scope, AST};
use serde::Deserialize;

use crate::sandbox::{self, PackResolver, ScriptFailure, RULE_VARIABLES};
use crate::{DutyTemplate, LedgerKind, Module, ModuleOrigin, ParamValue, ScriptError};

/// The variables reminder and report scripts are compiled against (later features give them
/// more).
const SCRIPT_VARIABLES: &[&str] = &["params"];

/// `module.ron`, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Module")]
struct Manifest {
    id: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    reviews: Vec<String>,
    #[serde(default)]
    params: BTreeMap<String, ParamValue>,
    #[serde(default)]
    ledger_kinds: Vec<LedgerKind>,
    #[serde(default)]
    duty_templates: Vec<DutyTemplate>,
    #[serde(default)]
    reminder_script: Option<String>,
    #[serde(default)]
    report_script: Option<String>,
    #[serde(default)]
    figures: BTreeMap<String, crate::FigureSpec>,
    #[serde(default)]
    checks: Vec<crate::CheckSpec>,
    #[serde(default)]
    figure_labels: crate::FigureLabels,
}

/// A module's files before compiling.
struct ModuleSource {
    folder: String,
    origin: ModuleOrigin,
    dir: PathBuf,
    /// (path relative to the module folder with `/` separators, text)
    files: Vec<(String, SourceFile)>,
}

/// A compiled script.
pub(crate) struct Script {
    /// The script's path as shown in messages.
    pub shown: String,
    /// The same, as the AST's source.
    pub source: ImmutableString,
    /// The compiled script.
    pub ast: Arc<AST>,
    /// The last line holding code: where a wrong return value is reported.
    pub last_line: usize,
    /// The script's lines, for placing errors found after the run.
    pub lines: Vec<String>,
    /// Whether the script might add a field to `dossier` or `params` (rhai allows adding a key
    /// to a constant map): only then does the review check them after the run.
    pub may_change_constants: bool,
    /// Whether the script may run with function-resolution caches shared with other scripts:
    /// it defines no functions (closures included) and imports no module, so every call in it
    /// resolves to the same function as in any other such script.
    pub shares_caches: bool,
    /// Whether the script reads `params` when it runs: false for a rule whose `params.NAME`
    /// were all replaced by their values when it was compiled.
    pub needs_params: bool,
    /// Whether the script may read `rule` (the word appears in it, strings included).
    pub needs_rule: bool,
}

impl Script {
    /// Evaluates the script with `scope`, as [`Engine::eval_ast_with_scope`] does, but, when
    /// the script [shares caches](Script::shares_caches), with `caches`: a function call then
    /// resolves once per pack rather than once (or twice) per script run. Every run still has
    /// its own runtime state: operations, call depth and imports are counted from zero.
    pub fn eval(&self, engine: &Engine, caches: &mut Caches, scope: &mut Scope) -> Result<Dynamic, Box<EvalAltResult>> {
        if !self.shares_caches {
            return engine.eval_ast_with_scope(scope, &self.ast);
        }
        let mut global = engine.new_global_runtime_state();
        global.source = Some(self.source.clone());
        global.lib.push(self.ast.shared_lib().clone());
        #[allow(deprecated)] // the one entry point taking the caller's caches
        engine.eval_statements_raw(&mut global, caches, scope, self.ast.statements())
    }

    /// Where the script seems to assign to a field of `dossier` or `params`: the line and
    /// column of the first `dossier.…=` or `params[…]=`, or (1, 1).
    pub fn assignment_to_constant(&self) -> (usize, usize) {
        (self.lines.iter().enumerate())
            .find_map(|(i, line)| find_assignment(line).map(|column| (i + 1, column)))
            .unwrap_or((1, 1))
    }
}

/// The 1-based column of an assignment to a field of `dossier` or `params` in `line`.
fn find_assignment(line: &str) -> Option<usize> {
    for name in ["dossier", "params"] {
        let mut from = 0;
        while let Some(at) = line[from..].find(name).map(|at| at + from) {
            from = at + name.len();
            let before_ok = !line[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
            let rest = &line[from..];
            if before_ok && rest.starts_with(['.', '[']) {
                let assigns = rest.find('=').is_some_and(|eq| {
                    let after = &rest[eq + 1..];
                    let before = &rest[..eq];
                    !after.starts_with('=') && !before.ends_with(['=', '!', '<', '>'])
                });
                if assigns {
                    return Some(line[..at].chars().count() + 1);
                }
            }
        }
    }
    None
}

/// A compiled review rule.
pub(crate) struct CompiledRule {
    /// `<module>/<file stem>`.
    pub id: ImmutableString,
    /// Its script.
    pub script: Script,
}

impl CompiledRule {
    /// An error of this rule at `line` and `column` of its script.
    pub fn error(&self, line: usize, column: usize, message: String) -> ScriptError {
        ScriptError { script: PathBuf::from(&self.script.shown), line, column, rule: self.id.to_string(), message }
    }
}

/// What a module keeps besides its public description.
pub(crate) struct CompiledModule {
    /// The parameters as scripts see them.
    pub params: Dynamic,
    /// The review rules, in order.
    pub rules: Vec<CompiledRule>,
    /// Whether some rule reads `params` when it runs.
    pub needs_params: bool,
    /// The reminder script, compiled for later features.
    #[allow(dead_code)]
    pub reminder: Option<Script>,
    /// The report script, compiled for later features.
    #[allow(dead_code)]
    pub report: Option<Script>,
}

/// Everything loaded.
pub(crate) struct Loaded {
    pub engine: Engine,
    pub modules: Vec<Module>,
    pub compiled: Vec<CompiledModule>,
}

/// Loads the stock modules and those of `workspace_rules` (if given and present).
pub(crate) fn load(workspace_rules: Option<&Path>) -> Result<Loaded, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut sources = stock_sources();
    if let Some(dir) = workspace_rules {
        for source in workspace_sources(dir, &mut diagnostics) {
            match sources.iter_mut().find(|stock| stock.folder == source.folder) {
                Some(stock) => *stock = ModuleSource { origin: ModuleOrigin::Override, ..source },
                None => sources.push(source),
            }
        }
    }

    let resolver = PackResolver::default();
    let engine = sandbox::new_engine(resolver.clone());
    let mut modules = Vec::new();
    let mut compiled = Vec::new();
    let mut imports = Vec::new();
    for source in &sources {
        if let Some((module, module_compiled)) =
            compile_module(&engine, &resolver, source, &mut imports, &mut diagnostics)
        {
            modules.push(module);
            compiled.push(module_compiled);
        }
    }
    check_ledger_kinds(&modules, &sources, &mut diagnostics);
    check_figures(&modules, &sources, &mut diagnostics);
    let before = diagnostics.len();
    check_imports(&resolver, &imports, &mut diagnostics);
    // A library importing what is not there was just reported: evaluating it would say so again.
    if diagnostics.len() == before {
        warm_up(&engine, &resolver, &mut diagnostics);
    }

    if diagnostics.is_empty() {
        Ok(Loaded { engine, modules, compiled })
    } else {
        diagnostics.sort();
        diagnostics.dedup();
        Err(diagnostics)
    }
}

/// The stock modules, grouped by folder, sorted.
fn stock_sources() -> Vec<ModuleSource> {
    let mut by_folder: BTreeMap<&str, Vec<(String, SourceFile)>> = BTreeMap::new();
    for (path, text) in crate::stock::STOCK_FILES {
        let Some((folder, rest)) = path.split_once('/') else { continue };
        let shown = PathBuf::from(format!("rules/{path} (built in)"));
        by_folder.entry(folder).or_default().push((rest.to_string(), SourceFile::new(shown, *text)));
    }
    by_folder
        .into_iter()
        .map(|(folder, files)| ModuleSource {
            folder: folder.to_string(),
            origin: ModuleOrigin::Stock,
            dir: PathBuf::from(format!("rules/{folder} (built in)")),
            files,
        })
        .collect()
}

/// The module folders of a workspace's `rules/`, sorted. Paths are shown from the folder's
/// own name (`rules/<module>/<file>`), that is relative to the workspace root.
fn workspace_sources(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<ModuleSource> {
    let shown_root = PathBuf::from(dir.file_name().unwrap_or(dir.as_os_str()));
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(err) => {
            diagnostics.push(Diagnostic {
                file: shown_root,
                line: 1,
                column: 1,
                message: format!("cannot read the folder: {err}"),
            });
            return Vec::new();
        }
    };
    // Files are read relative to the workspace: the folder holding `rules/`.
    let root = dir.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut folders: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).filter(|path| path.is_dir()).collect();
    folders.sort();
    let mut sources = Vec::new();
    for folder in folders {
        let name = folder.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let shown_dir = shown_root.join(&name);
        // A module folder linked out of the workspace (a stock module's override included) is
        // refused as a whole, naming the link.
        if let Err(outside) = fazhi_core::resolve_inside(root, &shown_dir) {
            diagnostics.push(Diagnostic { file: shown_dir, line: 1, column: 1, message: outside.to_string() });
            continue;
        }
        let mut files = Vec::new();
        collect_files(root, &folder, &shown_dir, "", &mut files, diagnostics);
        if !files.iter().any(|(relative, _)| relative == "module.ron") {
            if let Some((_, script)) = files.first() {
                diagnostics.push(Diagnostic {
                    file: script.path.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "{} has rhai scripts but no module.ron, so it is not a module",
                        shown_dir.display()
                    ),
                });
            }
            continue;
        }
        sources.push(ModuleSource { folder: name, origin: ModuleOrigin::Workspace, dir: shown_dir, files });
    }
    sources
}

/// Reads `module.ron` and every `.rhai` file under `dir` (shown as `shown`, relative to the
/// workspace folder `root`), each with [`SourceFile::read_in`].
fn collect_files(
    root: &Path,
    dir: &Path,
    shown: &Path,
    prefix: &str,
    files: &mut Vec<(String, SourceFile)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            collect_files(root, &path, &shown.join(&name), &format!("{relative}/"), files, diagnostics);
        } else if relative == "module.ron" || name.ends_with(".rhai") {
            match SourceFile::read_in(root, &shown.join(&name)) {
                Ok(source) => files.push((relative, source)),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
    }
}

/// Reads a manifest's text, nothing more.
pub(crate) fn parse_manifest(source: &SourceFile) -> Result<(), Diagnostic> {
    source.parse_ron::<Manifest>().map(drop)
}

/// Validates a module's manifest and compiles its scripts.
fn compile_module(
    engine: &Engine,
    resolver: &PackResolver,
    source: &ModuleSource,
    imports: &mut Vec<Import>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Module, CompiledModule)> {
    let manifest_file = &source.files.iter().find(|(relative, _)| relative == "module.ron")?.1;
    let manifest: Manifest = match manifest_file.parse_ron() {
        Ok(manifest) => manifest,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let before = diagnostics.len();
    let at = |field: &str, value: &str, message: String| {
        let offset =
            manifest_file.find_field(Some(field), value, 0).or_else(|| manifest_file.find_field(None, value, 0));
        manifest_file.diagnostic_at(offset.unwrap_or(0), message)
    };

    if !is_id(&manifest.id) {
        diagnostics.push(at(
            "id",
            &manifest.id,
            format!("module id \"{}\": use lowercase letters, digits, - and _", manifest.id),
        ));
    } else if manifest.id != source.folder {
        diagnostics.push(at(
            "id",
            &manifest.id,
            format!(
                "module id \"{}\" differs from its folder \"{}\": they must be the same",
                manifest.id, source.folder
            ),
        ));
    }
    if manifest.title.trim().is_empty() {
        diagnostics.push(at("title", &manifest.title, "the module needs a title".to_string()));
    }
    let mut labelled = BTreeSet::new();
    for (figure, label) in manifest.figure_labels.iter() {
        if !labelled.insert(figure) {
            diagnostics.push(at(figure, label, format!("figure_labels: \"{figure}\" is labelled twice")));
        } else if label.trim().is_empty() || label.chars().any(char::is_control) {
            diagnostics.push(at(
                figure,
                label,
                format!("figure_labels: the label of \"{figure}\" must be one line of text"),
            ));
        }
    }
    let mut kinds = BTreeSet::new();
    for kind in &manifest.reviews {
        if !is_id(kind) {
            diagnostics.push(at(
                "reviews",
                kind,
                format!("dossier kind \"{kind}\": use lowercase letters, digits, - and _"),
            ));
        } else if !kinds.insert(kind) {
            diagnostics.push(at("reviews", kind, format!("dossier kind \"{kind}\" is listed twice")));
        }
    }
    for name in manifest.params.keys() {
        if !is_identifier(name) {
            diagnostics.push(at(
                "params",
                name,
                format!("parameter \"{name}\": use a name scripts can write as params.NAME (letters, digits, _)"),
            ));
        }
    }
    let mut kind_ids = BTreeSet::new();
    for kind in &manifest.ledger_kinds {
        if !is_id(&kind.id) {
            diagnostics.push(at(
                "id",
                &kind.id,
                format!("ledger kind \"{}\": use lowercase letters, digits, - and _", kind.id),
            ));
        } else if !kind_ids.insert(&kind.id) {
            diagnostics.push(at("id", &kind.id, format!("ledger kind \"{}\" is declared twice", kind.id)));
        }
        if kind.name.trim().is_empty() {
            diagnostics.push(at("id", &kind.id, format!("ledger kind \"{}\" needs a name", kind.id)));
        }
        for problem in kind.problems() {
            diagnostics.push(at("id", &kind.id, problem));
        }
    }
    let mut template_ids = BTreeSet::new();
    for template in &manifest.duty_templates {
        if !is_id(&template.id) {
            diagnostics.push(at(
                "id",
                &template.id,
                format!("duty template id \"{}\": use lowercase letters, digits, - and _", template.id),
            ));
        } else if !template_ids.insert(&template.id) {
            diagnostics.push(at("id", &template.id, format!("duty template \"{}\" is declared twice", template.id)));
        }
        if template.title.trim().is_empty() {
            diagnostics.push(at("id", &template.id, format!("duty template \"{}\" needs a title", template.id)));
        }
    }
    for (field, script) in [("reminder_script", &manifest.reminder_script), ("report_script", &manifest.report_script)]
    {
        if let Some(script) = script {
            let present = source.files.iter().any(|(relative, _)| relative == script);
            if !script.ends_with(".rhai") || script.contains('/') || !present {
                diagnostics.push(at(
                    field,
                    script,
                    format!("{field} \"{script}\": no such .rhai file in {}", source.dir.display()),
                ));
            }
        }
    }

    let params = ParamValue::map_to_dynamic(&manifest.params);
    let special: Vec<&str> =
        [&manifest.reminder_script, &manifest.report_script].into_iter().flatten().map(String::as_str).collect();
    let mut rules = Vec::new();
    let mut libraries = Vec::new();
    let mut reminder = None;
    let mut report = None;
    for (relative, file) in &source.files {
        if !relative.ends_with(".rhai") {
            continue;
        }
        let stem = relative.rsplit('/').next().unwrap_or(relative).trim_end_matches(".rhai");
        if !is_id(stem) {
            diagnostics
                .push(file.diagnostic_at(0, format!("script name \"{stem}\": use lowercase letters, digits, - and _")));
            continue;
        }
        let kind = if relative.contains('/') {
            if relative.strip_prefix("lib/").is_some_and(|rest| !rest.contains('/')) {
                ScriptKind::Library
            } else {
                diagnostics.push(
                    file.diagnostic_at(
                        0,
                        "a script belongs in the module folder (a review rule) or in its lib/ folder (a library)"
                            .to_string(),
                    ),
                );
                continue;
            }
        } else if special.contains(&relative.as_str()) {
            ScriptKind::Other
        } else {
            ScriptKind::Rule
        };
        let variables: &[&str] = match kind {
            ScriptKind::Rule => RULE_VARIABLES,
            ScriptKind::Library => &[],
            ScriptKind::Other => SCRIPT_VARIABLES,
        };
        let what = match kind {
            ScriptKind::Rule => format!("rule {}/{stem}", manifest.id),
            ScriptKind::Library => format!("library {}/{stem}", manifest.id),
            ScriptKind::Other => format!("script {relative} of module {}", manifest.id),
        };
        let constants = matches!(kind, ScriptKind::Rule).then_some(&params);
        let Some(script) = compile(engine, file, variables, constants, &what, diagnostics) else { continue };
        imports.extend(imported(&script.ast, &file.path, &what));
        match kind {
            ScriptKind::Rule => rules.push(CompiledRule { id: format!("{}/{stem}", manifest.id).into(), script }),
            ScriptKind::Library => {
                let path = format!("{}/{stem}", manifest.id);
                resolver.add(path.clone(), script.shown.clone(), script.ast.clone());
                libraries.push(path);
            }
            ScriptKind::Other if manifest.reminder_script.as_deref() == Some(relative) => reminder = Some(script),
            ScriptKind::Other => report = Some(script),
        }
    }
    if diagnostics.len() > before {
        return None;
    }

    let module = Module {
        id: manifest.id,
        title: manifest.title,
        description: manifest.description,
        origin: source.origin,
        dir: source.dir.clone(),
        reviews: manifest.reviews,
        params: manifest.params,
        rules: rules.iter().map(|rule| rule.id.to_string()).collect(),
        libraries,
        ledger_kinds: manifest.ledger_kinds,
        duty_templates: manifest.duty_templates,
        reminder_script: manifest.reminder_script,
        report_script: manifest.report_script,
        figures: manifest.figures,
        checks: manifest.checks,
        figure_labels: manifest.figure_labels,
    };
    let needs_params = rules.iter().any(|rule| rule.script.needs_params);
    Some((module, CompiledModule { params, rules, needs_params, reminder, report }))
}

#[derive(Clone, Copy)]
enum ScriptKind {
    Rule,
    Library,
    Other,
}

/// Compiles one script against `variables`, keeping its path as the AST's source; `what` names
/// it in an error (e.g. "rule decision/hearing"). `params`, a rule's module parameters, are
/// folded into the script as constants where [`folds_params`] allows it.
fn compile(
    engine: &Engine,
    file: &SourceFile,
    variables: &[&str],
    params: Option<&Dynamic>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Script> {
    if let Some(diagnostic) = sandbox::too_large(file, what) {
        diagnostics.push(diagnostic);
        return None;
    }
    let mut scope = sandbox::compile_scope(variables);
    let folded = params.filter(|params| folds_params(&file.text, params));
    if let Some(params) = folded {
        // A constant of the same name after the placeholder: the optimiser sees this one.
        scope.push_constant_dynamic("params", params.clone());
    }
    let compiled = engine.compile_with_scope(&scope, &file.text).and_then(|ast| {
        let hidden: Vec<&str> =
            variables.iter().copied().filter(|name| folded.is_none() || *name != "params").collect();
        functions_see_no_variables(engine, &file.text, &hidden, folded, &ast).map(|()| ast)
    });
    match compiled {
        Ok(mut ast) => {
            if let Some(position) = sandbox::index_assignment(&ast) {
                let mut diagnostic = sandbox::index_assignment_diagnostic(&file.path, position);
                diagnostic.message = format!("{what}: {}", diagnostic.message);
                diagnostics.push(diagnostic);
                return None;
            }
            let shown = file.path.display().to_string();
            ast.set_source(shown.clone());
            let lines = file.text.lines().map(str::to_string).collect();
            let may_change_constants = may_change_constants(&file.text);
            let shares_caches = ast.iter_functions().next().is_none() && !imports(&file.text);
            // No function or closure reads `params` from the scope (they cannot see it).
            let needs_params = folded.is_none();
            Some(Script {
                source: shown.as_str().into(),
                shown,
                ast: Arc::new(ast),
                last_line: sandbox::last_code_line(&file.text),
                lines,
                may_change_constants,
                shares_caches,
                needs_params,
                needs_rule: names_word(&file.text, "rule"),
            })
        }
        Err(err) => {
            let mut diagnostic = sandbox::parse_diagnostic(&err, file);
            diagnostic.message = format!("{what}: {}", diagnostic.message);
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// Checks that no function or closure of a compiled script uses one of `variables` (such as
/// `dossier`), which it cannot see when it runs: the engine is built without shared values, so
/// closures capture nothing. The parser accepts such a use, because the names are in the scope
/// the script is compiled against; compiling the script again with them declared by the script
/// itself turns each use into an "Undefined variable" error at its line and column, at load
/// time instead of when the function runs. Only scripts that define a function pay for this.
/// `folded` are the parameters folded into the script, which stay visible.
fn functions_see_no_variables(
    engine: &Engine,
    text: &str,
    variables: &[&str],
    folded: Option<&Dynamic>,
    ast: &AST,
) -> Result<(), rhai::ParseError> {
    if variables.is_empty() || ast.iter_functions().next().is_none() {
        return Ok(());
    }
    let mut declared: String = variables.iter().map(|name| format!("let {name} = ();")).collect();
    declared.push('\n');
    declared.push_str(text);
    let mut scope = Scope::new();
    if let Some(params) = folded {
        scope.push_constant_dynamic("params", params.clone());
    }
    engine.compile_with_scope(&scope, &declared).map(drop).map_err(|err| {
        // The declarations took one line before the script's first.
        let position = err.position();
        let line = position.line().map_or(1, |line| line.saturating_sub(1).max(1));
        rhai::ParseError(err.0, Position::new(line as u16, position.position().unwrap_or(0) as u16))
    })
}

/// Whether `text` might assign to a field of `dossier` or `params`: some assignment (`=`,
/// `+=`, …) whose statement, up to the `=`, names one of them, or any use of `this`. Errs on
/// the side of yes: a yes only costs a check after the run.
fn may_change_constants(text: &str) -> bool {
    let code = code_only(text);
    let text = code.as_str();
    let names = |span: &str| ["dossier", "params", "this"].iter().any(|name| names_word(span, name));
    // A method using `this` could change the map it is called on.
    if names_word(text, "this") {
        return true;
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b';' | b'{' | b'}' => start = i + 1,
            b'=' => {
                let next = bytes.get(i + 1).copied();
                let previous = i.checked_sub(1).map(|j| bytes[j]);
                let comparison =
                    matches!(next, Some(b'=') | Some(b'>')) || matches!(previous, Some(b'=' | b'!' | b'<' | b'>'));
                if !comparison && names(&text[start..i]) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether `text` holds `name` as a whole word (not as part of a longer name).
fn names_word(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(word) && !text[at + name.len()..].chars().next().is_some_and(word)
    })
}

/// Whether a rule's `params.NAME` may be replaced by the parameter's value when the rule is
/// compiled, which spares the lookup on every run: when the script defines no function and
/// imports nothing, cannot change `params`, and every `params` anywhere in it (strings
/// included, for interpolation) is `params.NAME` naming a parameter of the module, so that a
/// misspelt name still fails at run time as it did, and the script does not need `params`
/// when it runs.
fn folds_params(text: &str, params: &Dynamic) -> bool {
    let Ok(params) = params.as_map_ref() else { return false };
    let code = code_only(text);
    let word = |c: char| c.is_alphanumeric() || c == '_';
    if names_word(&code, "fn") || imports(text) || may_change_constants(text) {
        return false;
    }
    text.match_indices("params").all(|(at, _)| {
        let rest = &text[at + "params".len()..];
        if text[..at].chars().next_back().is_some_and(word) || rest.chars().next().is_some_and(word) {
            return true; // part of another name
        }
        // Anything but `params.NAME` (`params["x"]`, `let p = params`, `params.keys()`) keeps
        // the lookups.
        let Some(rest) = rest.strip_prefix('.') else { return false };
        let name: String = rest.chars().take_while(|&c| word(c)).collect();
        let after = rest[name.len()..].trim_start();
        !after.starts_with('(') && params.contains_key(name.as_str())
    })
}

/// `text` with comments removed and string and character literals blanked, so that only code
/// is looked at.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                out.push(' ');
            }
            '"' | '`' | '\'' => {
                let mut escaped = false;
                for inner in chars.by_ref() {
                    if inner == c && !escaped {
                        break;
                    }
                    escaped = inner == '\\' && !escaped;
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` might import a module (an `import` outside comments and strings).
fn imports(text: &str) -> bool {
    names_word(&code_only(text), "import")
}

/// One `import "PATH" as NAME;` of a script, with a constant path.
pub(crate) struct Import {
    /// The path imported.
    path: String,
    /// The script, as shown.
    script: PathBuf,
    /// What the script is ("rule decision/hearing").
    what: String,
    /// Where the `import` is.
    line: usize,
    column: usize,
}

/// Every `import` with a constant path in `ast` (function bodies included).
fn imported(ast: &AST, script: &Path, what: &str) -> Vec<Import> {
    let mut found = Vec::new();
    ast.walk(&mut |path: &[rhai::ASTNode]| {
        if let Some(rhai::ASTNode::Stmt(rhai::Stmt::Import(import, position))) = path.last() {
            if let rhai::Expr::StringConstant(imported, _) = &import.0 {
                found.push(Import {
                    path: imported.to_string(),
                    script: script.to_path_buf(),
                    what: what.to_string(),
                    line: position.line().unwrap_or(1),
                    column: position.position().unwrap_or(1),
                });
            }
        }
        true
    });
    found
}

/// Every import names a library of the loaded packs (`rules/MODULE/lib/NAME.rhai`, imported as
/// `"MODULE/NAME"`): one that does not is reported now, where it is written, rather than when
/// the script first runs in a review.
fn check_imports(resolver: &PackResolver, imports: &[Import], diagnostics: &mut Vec<Diagnostic>) {
    let known = resolver.paths();
    for import in imports.iter().filter(|import| !known.contains(&import.path)) {
        let libraries = if known.is_empty() { "none".to_string() } else { known.join(", ") };
        diagnostics.push(Diagnostic {
            file: import.script.clone(),
            line: import.line,
            column: import.column,
            message: format!(
                "{}: imports \"{}\", which is no library of the rule packs (a library is rules/MODULE/lib/NAME.rhai, \
                 imported as \"MODULE/NAME\"; libraries: {libraries})",
                import.what, import.path
            ),
        });
    }
}

/// Ledger kind ids are unique across the loaded modules.
fn check_ledger_kinds(modules: &[Module], sources: &[ModuleSource], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for module in modules {
        let Some(manifest) = sources
            .iter()
            .find(|source| source.folder == module.id)
            .and_then(|source| source.files.iter().find(|(relative, _)| relative == "module.ron"))
            .map(|(_, file)| file)
        else {
            continue;
        };
        for kind in &module.ledger_kinds {
            if let Some(other) = seen.insert(&kind.id, &module.id) {
                let offset = manifest.find_field(Some("id"), &kind.id, 0).unwrap_or(0);
                diagnostics.push(manifest.diagnostic_at(
                    offset,
                    format!("ledger kind \"{}\" is also declared by module \"{other}\"", kind.id),
                ));
            }
        }
    }
}

/// Checks the figures and checks every module declares in its `module.ron` against the
/// ledger kinds of the whole pack (a figure may count another module's kind), each problem
/// placed at what it is about.
fn check_figures(modules: &[Module], sources: &[ModuleSource], diagnostics: &mut Vec<Diagnostic>) {
    let kinds: Vec<&LedgerKind> = modules.iter().flat_map(|module| module.ledger_kinds.iter()).collect();
    for module in modules.iter().filter(|module| !module.figures.is_empty() || !module.checks.is_empty()) {
        let Some(manifest) = sources
            .iter()
            .find(|source| source.folder == module.id)
            .and_then(|source| source.files.iter().find(|(relative, _)| relative == "module.ron"))
            .map(|(_, file)| file)
        else {
            continue;
        };
        let start = manifest.text.find("figures").unwrap_or(0);
        let place = |problem: crate::spec_problem::SpecProblem, from: usize| {
            let offset = manifest
                .find_field(Some(problem.field), &problem.value, from)
                .or_else(|| manifest.find_field(None, &problem.value, from))
                .unwrap_or(from);
            manifest.diagnostic_at(offset, problem.message)
        };
        for (name, spec) in &module.figures {
            let from = manifest.find_field(None, name, start).unwrap_or(start);
            for problem in spec.problems(name, &module.figures, &kinds) {
                diagnostics.push(place(problem, from));
            }
        }
        let checks_at = manifest.text.find("checks").unwrap_or(0);
        for check in &module.checks {
            if let Err(problem) = check.check(&module.figures) {
                diagnostics.push(place(problem, checks_at));
            }
        }
    }
}

/// Evaluates every library once, so that a library that fails is reported now, with the
/// others, rather than in the middle of a review.
fn warm_up(engine: &Engine, resolver: &PackResolver, diagnostics: &mut Vec<Diagnostic>) {
    for path in resolver.paths() {
        let result = sandbox::guarded(|| resolver.resolve(engine, None, &path, Position::NONE));
        if let Err(err) = result {
            if let ScriptFailure::Script(err) | ScriptFailure::BadDate { error: err, .. } =
                sandbox::classify(&err, &path, &format!("library {path}"))
            {
                diagnostics.push(Diagnostic {
                    file: err.script,
                    line: err.line.max(1),
                    column: err.column.max(1),
                    message: err.message,
                });
            }
        }
    }
}

/// A short ASCII identifier: lowercase letters, digits, `-`, `_`.
fn is_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A name rhai can use after a dot.
fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_that_may_add_to_a_constant_are_spotted() {
        for text in [
            "dossier.x = 1;",
            "params[\"x\"] = 1;",
            "let a = 1;\ndossier\n    .hearing\n    .x = 2;",
            "let f = || { dossier.x = 1 };",
            "fn f() { this.x = 1; }\ndossier.f();",
            "dossier.count += 1;",
            "let u = \"http://x\"; dossier.x = 1;",
        ] {
            assert!(may_change_constants(text), "{text}");
        }
        for text in [
            "let x = dossier.a;\nif x == params.b || x != 3 || x <= 4 || x >= params.c { return []; }",
            "let mydossier = 1;\nmydossier.x = 2;",
            "switch dossier.stage { \"draft\" => 1, _ => 2 }",
            "reasons += if dossier.x { \"a\" } else { \"b\" };",
            "// params.x is read\nconst BASIS = \"dossier.y = 1\";",
            "/* dossier.x */ let a = `${dossier.x} = 1`;",
        ] {
            assert!(!may_change_constants(text), "{text}");
        }
    }

    #[test]
    fn params_are_folded_only_when_every_use_names_a_parameter() {
        let mut map = rhai::Map::new();
        map.insert("days".into(), Dynamic::from(7_i64));
        let params = Dynamic::from_map(map);
        for text in [
            "if x < params.days { return []; }\n[]",
            "// 期限 params.days 日\nlet t = `${params.days}日`;\n[]",
            "let my_params = 1;\nlet x = my_params + params.days;\n[]",
        ] {
            assert!(folds_params(text, &params), "{text}");
        }
        for text in [
            "if x < params.dayz { return []; }",
            "let t = `${params.dayz}日`;",
            "let p = params;",
            "let n = params.keys().len();",
            "let d = params[\"days\"];",
            "params.days = 1;",
            "fn f() { 1 }\nparams.days",
            "import \"a/b\" as b;\nparams.days",
        ] {
            assert!(!folds_params(text, &params), "{text}");
        }
    }

    #[test]
    fn no_stock_script_needs_the_check() {
        for (path, text) in crate::stock::STOCK_FILES {
            assert!(!path.ends_with(".rhai") || !may_change_constants(text), "{path}");
        }
    }
}
