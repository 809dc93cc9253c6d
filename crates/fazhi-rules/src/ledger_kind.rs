use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A kind of ledger record a module declares (台账), e.g. 行政处罚案件: its fields and their
/// types. Declared and validated here; imported and used by later features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerKind {
    /// Short identifier, unique among the loaded modules, e.g. `"penalty_case"`.
    pub id: String,
    /// The Chinese name, e.g. "行政处罚案件".
    pub name: String,
    /// Field name → type: one of [`LedgerKind::FIELD_TYPES`].
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl LedgerKind {
    /// The field types a ledger kind may use.
    pub const FIELD_TYPES: &'static [&'static str] = &["text", "integer", "number", "date", "bool"];
}
