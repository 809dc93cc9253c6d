use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Figure, FigureCheck, ReportSection};

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
