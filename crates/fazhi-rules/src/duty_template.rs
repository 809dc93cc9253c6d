use serde::{Deserialize, Serialize};

/// A recurring duty a module brings to the checklist (任务模板). Declared and validated here;
/// expanded into duties by later features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyTemplate {
    /// Short identifier, unique in the module.
    pub id: String,
    /// What is to be done, in Chinese.
    pub title: String,
    /// Where the duty comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// What to do, in more detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}
