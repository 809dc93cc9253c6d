use serde::Serialize;

/// One field a correction changed, with its values as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's id.
    pub field: String,
    /// The field's label (its column header).
    pub label: String,
    /// The value before; `None` when it was empty.
    pub from: Option<String>,
    /// The value now; `None` when it is empty.
    pub to: Option<String>,
}
