use std::fmt;

use serde::{Deserialize, Serialize};

/// The right-hand side of a guard's comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Operand {
    /// A parameter of the workflow (`params` in its RON file), e.g. a locally set threshold.
    Param(String),
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Param(name) => write!(f, "param {name}"),
            Operand::Number(number) => write!(f, "{number}"),
            Operand::Text(text) => write!(f, "\"{text}\""),
            Operand::Bool(value) => write!(f, "{value}"),
        }
    }
}
