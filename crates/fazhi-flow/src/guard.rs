use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Comparison, Operand};

/// A condition on an instance's dossier that decides whether a step applies at all (e.g. a
/// hearing only when the fine is above the local threshold). A step whose guard is false is
/// skipped: it is neither open nor waited for.
///
/// Fields are dotted paths into the dossier (`penalty.fine_amount`). A missing field (or
/// `None`) makes a comparison false. Guards are evaluated through a [`crate::GuardEvaluator`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Guard {
    /// `field op value`, e.g. `Compare(field: "amount", op: Gt, value: Param("major_contract_threshold"))`.
    Compare {
        /// The dotted path of the dossier field.
        field: String,
        /// The comparison.
        op: Comparison,
        /// What the field is compared with.
        value: Operand,
    },
    /// The field is present and not empty: not `None`, `false`, `""`, `[]` or `()`.
    Present(String),
    /// Every guard holds.
    All(Vec<Guard>),
    /// At least one guard holds.
    Any(Vec<Guard>),
    /// The guard does not hold.
    Not(Box<Guard>),
}

impl Guard {
    /// Every parameter the guard names, in order.
    pub fn params(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_params(&mut out);
        out
    }

    fn collect_params<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Guard::Compare { value: Operand::Param(name), .. } => out.push(name),
            Guard::Compare { .. } | Guard::Present(_) => {}
            Guard::All(guards) | Guard::Any(guards) => guards.iter().for_each(|g| g.collect_params(out)),
            Guard::Not(guard) => guard.collect_params(out),
        }
    }
}

impl fmt::Display for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, guards: &[Guard], word: &str| -> fmt::Result {
            if guards.is_empty() {
                return f.write_str(if word == "and" { "always" } else { "never" });
            }
            for (i, guard) in guards.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                match guard {
                    Guard::All(_) | Guard::Any(_) => write!(f, "({guard})")?,
                    _ => write!(f, "{guard}")?,
                }
            }
            Ok(())
        };
        match self {
            Guard::Compare { field, op, value } => write!(f, "{field} {op} {value}"),
            Guard::Present(field) => write!(f, "{field} is present"),
            Guard::All(guards) => join(f, guards, "and"),
            Guard::Any(guards) => join(f, guards, "or"),
            Guard::Not(guard) => write!(f, "not ({guard})"),
        }
    }
}
