use super::FormField;

/// A part of a dossier form: the dossier's top level, one of its structs, or a list of structs.
#[derive(Debug, Clone, Copy)]
pub struct FormGroup {
    /// Where its fields go: `""` for the top level, else the dotted path of the struct or list
    /// (`expert_argumentation.experts`).
    pub path: &'static str,
    /// Its heading.
    pub label: &'static str,
    /// Whether the dossier always has it (a required struct or list).
    pub required: bool,
    /// For a list: how many rows the form offers (empty rows are left out).
    pub rows: usize,
    /// Its fields.
    pub fields: &'static [FormField],
}

/// A struct (`rows` 0) of the dossier.
pub const fn group(path: &'static str, label: &'static str, required: bool, fields: &'static [FormField]) -> FormGroup {
    FormGroup { path, label, required, rows: 0, fields }
}

/// A list of structs of the dossier, with `rows` rows on the form.
pub const fn list(path: &'static str, label: &'static str, rows: usize, fields: &'static [FormField]) -> FormGroup {
    FormGroup { path, label, required: true, rows, fields }
}
