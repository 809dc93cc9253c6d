use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Figure, FigureCheck, LedgerKind, LedgerSource, Module, ReportSection};

/// What a module's report script returned for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleReport {
    /// The module's id.
    pub module: String,
    /// Figure name → figure.
    pub figures: BTreeMap<String, Figure>,
    /// Relations between its figures that must hold.
    pub checks: Vec<FigureCheck>,
    /// Its own text, if it has one.
    pub section: Option<ReportSection>,
    /// Shortcomings the data suggests.
    pub suggestions: Vec<String>,
}

impl ModuleReport {
    /// The figures `module` declares in its `module.ron` for `year` over `ledger` (`kinds`: the
    /// pack's ledger kinds), with its checks; no section. Fails with the ledger's error.
    pub fn declared(
        module: &Module,
        kinds: &[&LedgerKind],
        year: i32,
        ledger: &dyn LedgerSource,
    ) -> Result<ModuleReport, String> {
        let mut figures = BTreeMap::new();
        // Counts and sums first: a share is of two of them.
        let (shares, others): (Vec<_>, Vec<_>) = module.figures.iter().partition(|(_, spec)| spec.share.is_some());
        for (name, spec) in others.into_iter().chain(shares) {
            let figure =
                spec.compute(year, kinds, ledger, &figures).map_err(|err| format!("figure \"{name}\": {err}"))?;
            figures.insert(name.clone(), figure);
        }
        let checks = module
            .checks
            .iter()
            .map(|check| check.check(&module.figures).map_err(|problem| problem.message))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ModuleReport { module: module.id.clone(), figures, checks, section: None, suggestions: Vec::new() })
    }

    /// Adds the figures and checks of `other` (the same module's, from its script); a figure
    /// name both have is an error.
    pub fn merge(&mut self, other: ModuleReport) -> Result<(), String> {
        for (name, figure) in other.figures {
            if self.figures.contains_key(&name) {
                return Err(format!(
                    "figure \"{name}\" of module {} is both declared in module.ron and returned by its report script",
                    self.module
                ));
            }
            self.figures.insert(name, figure);
        }
        self.checks.extend(other.checks);
        self.section = self.section.take().or(other.section);
        self.suggestions.extend(other.suggestions);
        Ok(())
    }
}
