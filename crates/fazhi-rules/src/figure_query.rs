use serde::Serialize;

use crate::{Aggregate, QueryCondition};

/// The ledger query behind a figure: a kind, conditions on its rows (the report's year is
/// implied) and what is computed over them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureQuery {
    /// The ledger kind's id.
    pub kind: String,
    /// Conditions that all hold.
    pub conditions: Vec<QueryCondition>,
    /// What is computed.
    pub aggregate: Aggregate,
}
