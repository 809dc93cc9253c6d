use super::Input;

/// A field of a dossier form: its key in the dossier, its label, how it is entered.
#[derive(Debug, Clone, Copy)]
pub struct FormField {
    /// The field's name in the dossier (docs/dossiers.md).
    pub key: &'static str,
    /// What the form calls it.
    pub label: &'static str,
    /// How it is entered.
    pub input: Input,
}

/// A field entered as `input`.
pub const fn field(key: &'static str, label: &'static str, input: Input) -> FormField {
    FormField { key, label, input }
}
