use serde::Serialize;

/// A relation between figures of one module that must hold, declared by its report script or
/// its `module.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "check")]
pub enum FigureCheck {
    /// `whole` = the sum of `parts`.
    Sum {
        /// The whole's figure name.
        whole: String,
        /// The parts' figure names.
        parts: Vec<String>,
    },
    /// `rate` = `part` / `whole`, to one decimal.
    Rate {
        /// The rate's figure name.
        rate: String,
        /// The part's figure name.
        part: String,
        /// The whole's figure name.
        whole: String,
    },
    /// `part` ≤ `whole` (problems rectified are at most those found).
    AtMost {
        /// The lesser figure's name.
        part: String,
        /// The greater figure's name.
        whole: String,
    },
}
