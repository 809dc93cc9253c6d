use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A workflow instance to create with [`Store::create_instance`](crate::Store::create_instance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewInstance {
    /// The instance's id (short ASCII name; its steps are the items `ID/STEP`).
    pub id: String,
    /// The workflow it follows.
    pub workflow: String,
    /// The day it started (timing rules without a step count from it).
    pub started: NaiveDate,
    /// The name of the file its dossier came from.
    pub data_name: String,
    /// The dossier's text.
    pub data: String,
    /// Who started it (a person id).
    pub by: String,
    /// When (workspace local time).
    pub at: NaiveDateTime,
}
