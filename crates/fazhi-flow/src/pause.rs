use serde::{Deserialize, Serialize};

/// A span between two steps that a deadline does not count (不计算在期限内), such as the time a
/// third party is consulted before a disclosure reply (《政府信息公开条例》第三十三条第三款): from the
/// completion of `from` to the completion of `to` (up to today while `to` is open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "pause")]
pub struct Pause {
    /// The step that starts the span (e.g. the written consultation).
    pub from: String,
    /// The step that ends it (e.g. the third party's opinion, or its period running out).
    pub to: String,
}
