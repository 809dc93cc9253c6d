use serde::Serialize;

use crate::{Aggregate, QueryCondition};

/// The ledger query behind a figure: a kind, conditions on its rows (the report's year is
/// implied unless `every_year`) and what is computed over them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureQuery {
    /// The ledger kind's id.
    pub kind: String,
    /// Conditions that all hold.
    pub conditions: Vec<QueryCondition>,
    /// What is computed.
    pub aggregate: Aggregate,
    /// Whether rows of every year count (the conditions then say which), not only the report
    /// year's.
    pub every_year: bool,
}
