use std::fmt;

/// Why a name written in a file names no unit or person of `org.ron` (see
/// [`crate::OrgNames`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing has this id or name; the nearest ids and names, each shown as `id（名称）`.
    Unknown {
        /// The name as written.
        written: String,
        /// The nearest matches, nearest first (none when nothing is near).
        nearest: Vec<String>,
    },
    /// Several have this name; each candidate shown as `id（名称，单位）`.
    Ambiguous {
        /// The name as written.
        written: String,
        /// Every unit or person of that name.
        candidates: Vec<String>,
    },
}

impl NameError {
    /// The problem as the end of a sentence about a `what` (`unit`, `owner`, `person`):
    /// `unknown owner "李晶"; did you mean li_jing（李静，党政办）?` or
    /// `owner "李静" is ambiguous: … ; write the id`.
    pub fn describe(&self, what: &str) -> String {
        match self {
            NameError::Unknown { written, .. } => format!("unknown {what} \"{written}\"{}", self.suggestion()),
            NameError::Ambiguous { written, candidates } => format!(
                "{what} \"{written}\" is ambiguous: {} of org.ron have that name ({}); write the id",
                candidates.len(),
                candidates.join(", ")
            ),
        }
    }

    /// `; did you mean …?` naming the nearest matches of an unknown name, or nothing.
    pub fn suggestion(&self) -> String {
        match self {
            NameError::Unknown { nearest, .. } if !nearest.is_empty() => {
                format!("; did you mean {}?", nearest.join(" or "))
            }
            _ => String::new(),
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe("name"))
    }
}

impl std::error::Error for NameError {}
