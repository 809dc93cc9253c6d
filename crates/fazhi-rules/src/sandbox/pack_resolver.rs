use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rhai::{Engine, EvalAltResult, Module, ModuleResolver, Position, Scope, Shared, AST};

type SharedModule = Shared<Module>;

/// Serves `import "MODULE/NAME"` from the libraries of the loaded rule packs
/// (`rules/MODULE/lib/NAME.rhai`), and nothing else: no file system, no network.
///
/// A library is evaluated once, the first time it is imported (the pack warms every library
/// up while loading), and the resulting module is shared by every later import.
#[derive(Clone, Default)]
pub(crate) struct PackResolver {
    libraries: Arc<Mutex<HashMap<String, Library>>>,
}

#[derive(Clone)]
enum Library {
    /// Compiled, not evaluated yet.
    Compiled { shown: String, ast: Arc<AST> },
    /// Being evaluated (an import while in this state is a cycle).
    Loading { shown: String },
    /// Evaluated.
    Ready(SharedModule),
}

impl PackResolver {
    /// Adds a compiled library under its import path.
    pub(crate) fn add(&self, path: String, shown: String, ast: Arc<AST>) {
        self.lock().insert(path, Library::Compiled { shown, ast });
    }

    /// The import paths served, sorted.
    pub(crate) fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.lock().keys().cloned().collect();
        paths.sort();
        paths
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Library>> {
        self.libraries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl ModuleResolver for PackResolver {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<SharedModule, Box<EvalAltResult>> {
        let entry = self.lock().get(path).cloned();
        let (shown, ast) = match entry {
            None => return Err(Box::new(EvalAltResult::ErrorModuleNotFound(path.to_string(), pos))),
            Some(Library::Ready(module)) => return Ok(module),
            Some(Library::Loading { shown }) => {
                return Err(Box::new(EvalAltResult::ErrorRuntime(
                    format!("import cycle: \"{path}\" ({shown}) imports itself, directly or through other libraries")
                        .into(),
                    pos,
                )));
            }
            Some(Library::Compiled { shown, ast }) => (shown, ast),
        };
        self.lock().insert(path.to_string(), Library::Loading { shown: shown.clone() });
        match Module::eval_ast_as_new(Scope::new(), &ast, engine) {
            Ok(module) => {
                let module: SharedModule = module.into();
                self.lock().insert(path.to_string(), Library::Ready(module.clone()));
                Ok(module)
            }
            Err(err) => {
                self.lock().insert(path.to_string(), Library::Compiled { shown: shown.clone(), ast });
                Err(Box::new(EvalAltResult::ErrorInModule(shown, err, pos)))
            }
        }
    }
}
