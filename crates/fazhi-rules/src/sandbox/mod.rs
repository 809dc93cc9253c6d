//! The locked-down rhai engine: only the packages rules need, no `eval`, no file, network,
//! clock or process access, `import` only from the loaded rule packs, strict variables, and
//! limits on operations, call depth, expression depth, sizes and wall-clock time.

mod error_map;
pub(crate) mod host_api;
mod pack_resolver;
pub(crate) mod report_api;

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use fazhi_core::{Diagnostic, SourceFile};
use rhai::packages::{
    ArithmeticPackage, BasicArrayPackage, BasicIteratorPackage, BasicMapPackage, BasicMathPackage, BasicStringPackage,
    LogicPackage, MoreStringPackage, Package,
};
use rhai::{ASTNode, Dynamic, Engine, EvalAltResult, Expr, Module, Position, Scope, Stmt, AST};

use crate::RulesError;

pub(crate) use error_map::{classify, parse_diagnostic, ScriptFailure};
pub(crate) use pack_resolver::PackResolver;

/// The longest one script call may run, by the wall clock.
pub const TIME_LIMIT: Duration = Duration::from_secs(1);
/// The longest the rules of one review may run together, by the wall clock: each rule has
/// [`TIME_LIMIT`], and this bounds them all (five slow rules would otherwise take five
/// seconds). A rule still running when it passes is stopped; the rules after it are not run.
pub const REVIEW_TIME_LIMIT: Duration = Duration::from_secs(2);
/// The most operations one script call may perform (the stock rules need a few hundred).
pub const MAX_OPERATIONS: u64 = 200_000;
/// The deepest function calls may nest.
pub const MAX_CALL_LEVELS: usize = 32;
/// The longest string a script may build, in bytes (also the total of the strings an array
/// or a map holds, a dossier's included: a dossier whose texts hold more is refused when it is
/// read). 64 KiB: a dossier of a few long texts (reasons, opinions) is about 10 KiB.
pub const MAX_STRING_SIZE: usize = 64 * 1024;
/// The most elements an array may hold.
pub const MAX_ARRAY_SIZE: usize = 10_000;
/// The most entries a map may hold, nested maps' entries included, as an array's elements
/// are counted. rhai checks it whenever a map is built, added to with `+`/`mixin` or set
/// with `m.key = v` or `m.set(key, v)`, but not for `m[key] = v`, which checks only the value
/// set: scripts may not set anything through an index ([`index_assignment`]).
pub const MAX_MAP_SIZE: usize = 10_000;

/// The largest script a rule pack may hold, in bytes (the stock ones are under 6 KiB). rhai's
/// optimiser takes time that grows with the square of a script's declarations: a 1.4 MB
/// script took 43 s to load.
pub const MAX_SCRIPT_SIZE: usize = 64 * 1024;

/// A script larger than [`MAX_SCRIPT_SIZE`], as a problem of `what` (e.g. "rule x/y").
pub(crate) fn too_large(file: &SourceFile, what: &str) -> Option<Diagnostic> {
    (file.text.len() > MAX_SCRIPT_SIZE).then(|| Diagnostic {
        file: file.path.clone(),
        line: 1,
        column: 1,
        message: format!(
            "{what}: the script is {} bytes; a script may hold at most {MAX_SCRIPT_SIZE} (split it, or move code to lib/)",
            file.text.len()
        ),
    })
}

/// The names a rule script sees besides the host functions: the dossier, the module's
/// parameters and the rule's id.
pub(crate) const RULE_VARIABLES: &[&str] = &["dossier", "params", "rule"];

/// What the progress callback stops a script with when the review's time is up, rather than
/// the script call's own.
pub(crate) const REVIEW_TIME_UP: &str = "review time limit";

thread_local! {
    /// When the script call running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// When the review running on this thread must stop, if one is.
    static REVIEW_DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Builds the engine. It is built once per rule pack and never changed afterwards.
pub(crate) fn new_engine(resolver: PackResolver) -> Engine {
    let mut engine = Engine::new_raw();
    // One module holding every package's functions: a function call then searches two
    // modules (this one and the host API) instead of one per package.
    let mut language = Module::new();
    for package in [
        ArithmeticPackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BasicStringPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
        BasicIteratorPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
    ] {
        language.combine_flatten((*package).clone());
    }
    language.build_index();
    engine.register_global_module(language.into());

    engine.disable_symbol("eval");
    engine.set_strict_variables(true);
    engine.set_fail_on_invalid_map_property(true);

    engine.set_max_operations(MAX_OPERATIONS);
    engine.set_max_call_levels(MAX_CALL_LEVELS);
    engine.set_max_expr_depths(64, 32);
    engine.set_max_string_size(MAX_STRING_SIZE);
    engine.set_max_array_size(MAX_ARRAY_SIZE);
    engine.set_max_map_size(MAX_MAP_SIZE);
    engine.set_max_modules(32);
    engine.set_max_variables(256);
    engine.set_max_functions(256);
    engine.on_progress(|operations| {
        if operations % 128 != 0 {
            return None;
        }
        let now = Instant::now();
        if DEADLINE.get().is_none_or(|deadline| now < deadline) {
            return None;
        }
        let review = REVIEW_DEADLINE.get().is_some_and(|deadline| now >= deadline);
        Some(Dynamic::from(if review { REVIEW_TIME_UP } else { "time limit" }))
    });
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});

    engine.set_module_resolver(resolver);
    host_api::register(&mut engine);
    engine
}

/// The scope rule scripts are compiled against: the names exist, so strict variables accept
/// them, but hold no constant values the optimiser could fold in.
pub(crate) fn compile_scope(names: &[&str]) -> Scope<'static> {
    let mut scope = Scope::new();
    for name in names {
        scope.push(name.to_string(), ());
    }
    scope
}

/// Runs one script call under the wall-clock limit, turning a panic inside the engine into an
/// error, so that whatever a script does the caller can go on to the next one.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Box<EvalAltResult>>) -> Result<T, Box<EvalAltResult>> {
    let outer = DEADLINE.get();
    if outer.is_none() {
        let own = Instant::now() + TIME_LIMIT;
        DEADLINE.set(Some(REVIEW_DEADLINE.get().map_or(own, |review| review.min(own))));
    }
    let result = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        Err(Box::new(EvalAltResult::ErrorRuntime(
            format!("the script engine failed: {message}").into(),
            Position::NONE,
        )))
    });
    DEADLINE.set(outer);
    result
}

/// Runs `f`, host work such as a ledger query, without counting its time against the script's
/// wall-clock limit: the limit bounds what a script computes, not how long the ledger takes.
pub(crate) fn off_the_clock<T>(f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    for clock in [&DEADLINE, &REVIEW_DEADLINE] {
        if let Some(deadline) = clock.get() {
            clock.set(Some(deadline + started.elapsed()));
        }
    }
    result
}

/// Runs `f`, the rules of one review, under [`REVIEW_TIME_LIMIT`]: every script call in it
/// stops at the review's deadline if that comes before its own.
pub(crate) fn within_review_time<T>(f: impl FnOnce() -> T) -> T {
    let outer = REVIEW_DEADLINE.get();
    REVIEW_DEADLINE.set(Some(Instant::now() + REVIEW_TIME_LIMIT));
    let result = catch_unwind(AssertUnwindSafe(f));
    REVIEW_DEADLINE.set(outer);
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Whether the review running on this thread is past [`REVIEW_TIME_LIMIT`].
pub(crate) fn review_time_is_up() -> bool {
    REVIEW_DEADLINE.get().is_some_and(|deadline| Instant::now() >= deadline)
}

/// Where `ast` sets something through an index: `x[i] = v`, `x[i] += v`, `x[i].y = v`,
/// `x.y[i] = v`. rhai then checks the size of the element set but not of `x`, so a map grown
/// key by key with long keys, or an array whose elements are set to large arrays, grows past
/// every limit until the operation or time limit stops it (hundreds of MiB). `x.set(i, v)` is
/// a method call, after which rhai checks all of `x`; the position is where the assignment's
/// target begins.
pub(crate) fn index_assignment(ast: &AST) -> Option<Position> {
    fn has_index(expr: &Expr) -> bool {
        match expr {
            Expr::Index(..) => true,
            Expr::Dot(x, ..) => has_index(&x.lhs) || has_index(&x.rhs),
            _ => false,
        }
    }
    let mut found = None;
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(ASTNode::Stmt(Stmt::Assignment(x))) = path.last() {
            if has_index(&x.1.lhs) {
                found = Some(x.1.lhs.start_position());
                return false;
            }
        }
        true
    });
    found
}

/// The problem of a script that sets something through an index at `position`, as
/// [`index_assignment`] finds it.
pub(crate) fn index_assignment_diagnostic(file: &Path, position: Position) -> Diagnostic {
    Diagnostic {
        file: file.to_path_buf(),
        line: position.line().unwrap_or(1),
        column: position.position().unwrap_or(1),
        message: "`x[…] = …` cannot be used in a rule script, since the sandbox cannot bound what it grows: \
                  set an element with `x.set(index, value)` (an array) or `x.set(key, value)` (a map)"
            .to_string(),
    }
}

/// A module script with one entry function (a reminder or report script), compiled: its AST
/// (with the path as its source), the path as shown, its last line of code, where a problem
/// with what the function returned is reported, and the line of `fn NAME`, where a failure
/// rhai gives no position (a sandbox limit hit inside the function) is placed.
pub(crate) struct EntryScript {
    pub(crate) ast: AST,
    pub(crate) shown: String,
    pub(crate) last_line: usize,
    pub(crate) entry_line: usize,
}

/// Compiles `file` in `engine` as `what` (e.g. "reminder script of module x"), which must
/// define `fn NAME(PARAMS)` as `signature` writes it, e.g. `remind(deadline, params)`.
pub(crate) fn compile_entry(
    engine: &Engine,
    file: &SourceFile,
    what: &str,
    signature: &str,
) -> Result<EntryScript, RulesError> {
    if let Some(diagnostic) = too_large(file, what) {
        return Err(RulesError::Invalid { problems: vec![diagnostic] });
    }
    let (name, arguments) = signature.split_once('(').expect("a signature has a parameter list");
    let arity = arguments.trim_end_matches(')').split(',').filter(|param| !param.trim().is_empty()).count();
    let mut ast = engine.compile_with_scope(&compile_scope(&[]), &file.text).map_err(|err| {
        let mut diagnostic = parse_diagnostic(&err, file);
        diagnostic.message = format!("{what}: {}", diagnostic.message);
        RulesError::Invalid { problems: vec![diagnostic] }
    })?;
    if let Some(position) = index_assignment(&ast) {
        let mut diagnostic = index_assignment_diagnostic(&file.path, position);
        diagnostic.message = format!("{what}: {}", diagnostic.message);
        return Err(RulesError::Invalid { problems: vec![diagnostic] });
    }
    let shown = file.path.display().to_string();
    ast.set_source(shown.clone());
    if !ast.iter_functions().any(|f| f.name == name && f.params.len() == arity) {
        let kind = what.split(" of ").next().unwrap_or(what);
        return Err(RulesError::Invalid {
            problems: vec![Diagnostic {
                file: file.path.clone(),
                line: 1,
                column: 1,
                message: format!("a {kind} must define `fn {signature}`"),
            }],
        });
    }
    let entry_line = file.text.find(&format!("fn {name}")).map_or(1, |offset| file.line_column(offset).0);
    Ok(EntryScript { ast, shown, last_line: last_code_line(&file.text), entry_line })
}

/// The last line that is neither blank nor a comment.
pub(crate) fn last_code_line(text: &str) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with("//")
        })
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(1)
}
