use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::{CheckSpec, DutyTemplate, FigureSpec, LedgerKind, ModuleOrigin, ParamValue};

/// A module (plugin) of a rule pack: a folder `rules/<id>/` with a `module.ron` and rhai
/// scripts. What `fazhi modules` lists.
///
/// In the folder, every `*.rhai` file is a review rule (id `<module>/<file stem>`) except the
/// reminder and report scripts; `lib/*.rhai` are libraries other scripts may `import` as
/// `"<module>/<file stem>"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Module {
    /// Short identifier, the folder's name, e.g. `decision`.
    pub id: String,
    /// The Chinese title, e.g. "重大行政决策合法性审查".
    pub title: String,
    /// What the module is for, in a sentence.
    pub description: Option<String>,
    /// Where it comes from.
    pub origin: ModuleOrigin,
    /// The folder, as shown in messages.
    pub dir: PathBuf,
    /// The dossier kinds its review rules apply to, e.g. `major_decision`.
    pub reviews: Vec<String>,
    /// The parameters scripts see as `params`: thresholds and periods that vary by province.
    pub params: BTreeMap<String, ParamValue>,
    /// The ids of its review rules, in the order they run.
    pub rules: Vec<String>,
    /// The import paths of its libraries.
    pub libraries: Vec<String>,
    /// The ledger kinds it declares.
    pub ledger_kinds: Vec<LedgerKind>,
    /// The recurring duties it brings.
    pub duty_templates: Vec<DutyTemplate>,
    /// Its reminder script, a file in the module folder.
    pub reminder_script: Option<String>,
    /// Its report script, a file in the module folder.
    pub report_script: Option<String>,
    /// The report figures it declares in `module.ron`, by name.
    pub figures: BTreeMap<String, FigureSpec>,
    /// The checks between them.
    pub checks: Vec<CheckSpec>,
    /// The names of its figures (declared here or computed by its report script) in tables.
    pub figure_labels: crate::FigureLabels,
}
