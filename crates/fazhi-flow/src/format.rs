//! The shape of a workflow's RON file, exactly as written.

use std::collections::BTreeMap;

use fazhi_core::Counting;
use serde::Deserialize;

use crate::{Extension, Guard, Pause, StepKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "workflow")]
pub(crate) struct WorkflowFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub module: Option<String>,
    #[serde(default)]
    pub dossier: Option<String>,
    #[serde(default)]
    pub params: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    pub steps: Vec<StepEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "step")]
pub(crate) struct StepEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kind: StepKind,
    pub owner: String,
    #[serde(default)]
    pub fallback: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub guard: Option<Guard>,
    #[serde(default)]
    pub timing: Vec<TimingEntry>,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "timing")]
pub(crate) enum TimingEntry {
    NotBefore {
        days: u32,
        #[serde(default)]
        working: bool,
        #[serde(default)]
        counting: Option<Counting>,
        #[serde(default)]
        from: Option<String>,
        #[serde(default)]
        basis: Option<String>,
    },
    NotAfter {
        days: u32,
        #[serde(default)]
        working: bool,
        #[serde(default)]
        counting: Option<Counting>,
        #[serde(default)]
        from: Option<String>,
        #[serde(default)]
        pauses: Vec<Pause>,
        #[serde(default)]
        extension: Option<Extension>,
        #[serde(default)]
        basis: Option<String>,
    },
    ByDate {
        month: u32,
        day: u32,
        #[serde(default)]
        basis: Option<String>,
    },
}
