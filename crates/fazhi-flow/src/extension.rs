use serde::{Deserialize, Serialize};

/// A deadline that a step may extend (延长): once `step` is done, the deadline is later by the
/// number of days the dossier field `days` gives, at most `max` (《政府信息公开条例》第三十三条
/// 第二款: 延长的期限最长不得超过20个工作日).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "extension")]
pub struct Extension {
    /// The step that grants the extension (approved and notified).
    pub step: String,
    /// The dotted path of the dossier field with the days granted, e.g. `extension.days`.
    pub days: String,
    /// The most days an extension may add.
    pub max: u32,
}
