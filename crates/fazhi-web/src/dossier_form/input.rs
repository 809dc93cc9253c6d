/// How a field of a dossier form is entered.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines.
    LongText,
    /// A date (`<input type=date>`, sent as `YYYY-MM-DD`).
    Date,
    /// A number (yuan, days).
    Number,
    /// A checkbox: yes, or no once its group is filled in.
    Check,
    /// 是 / 否 / not stated.
    YesNo,
    /// One value of a fixed set: `(value, label)`.
    Choice(&'static [(&'static str, &'static str)]),
    /// Any number of values of a fixed set.
    Several(&'static [(&'static str, &'static str)]),
}
