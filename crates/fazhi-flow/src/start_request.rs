use chrono::{NaiveDate, NaiveDateTime};

use crate::Dossier;

/// What starting a workflow instance needs ([`crate::Engine::start`]).
#[derive(Debug, Clone)]
pub struct StartRequest {
    /// The workflow's id.
    pub workflow: String,
    /// The new instance's id (short ASCII name).
    pub id: String,
    /// Its dossier.
    pub dossier: Dossier,
    /// The day it starts (timing rules without a step count from it); not after today.
    pub started: NaiveDate,
    /// Who starts it (a person id or name); `None`: the start step's owner.
    pub by: Option<String>,
    /// When it is recorded (workspace local time).
    pub at: NaiveDateTime,
}
