/// A correction or a void of one ledger row asked for by a person (`fazhi ledger correct`,
/// `fazhi ledger void`).
#[derive(Debug, Clone)]
pub struct LedgerCorrection {
    /// The ledger kind (its id or name).
    pub kind: String,
    /// The row, by its number as `fazhi ledger list` shows it (`2024-17`) or its id.
    pub row: String,
    /// The corrected cells: `(field id or label, value)`, the value read as a cell of the
    /// field (an empty value empties an optional field). Empty for a void.
    pub cells: Vec<(String, String)>,
    /// Why (required).
    pub reason: String,
    /// Who (a person id or name from org.ron); `None`: the user the front end names.
    pub by: Option<String>,
}
