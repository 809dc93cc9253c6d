use std::collections::HashMap;

use chrono::NaiveDateTime;
use fazhi_core::ItemState;

use crate::{InstanceRecord, NewInstance, Store, StoreError};

/// Workflow instances: each with its workflow, start and every version of its dossier. The
/// states of their steps (items `ID/STEP`) are kept by the [`crate::TaskLog`].
pub trait InstanceLog {
    /// Stores a new instance with its audit entry; `Ok(None)` when one with its id exists.
    fn create_instance(&mut self, new: &NewInstance) -> Result<Option<i64>, StoreError>;
    /// Keeps a new version of an instance's dossier with its audit entry; `Ok(None)` when there
    /// is no such instance.
    fn update_instance_data(
        &mut self,
        instance: &str,
        name: &str,
        text: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<Option<i64>, StoreError>;
    /// Every instance, in the order they were started.
    fn instances(&self) -> Result<Vec<InstanceRecord>, StoreError>;
    /// The instance with `id`.
    fn instance(&self, id: &str) -> Result<Option<InstanceRecord>, StoreError>;
    /// The states of the steps of instance `id`, by item id (`ID/STEP`).
    fn instance_states(&self, id: &str) -> Result<HashMap<String, ItemState>, StoreError>;
}

impl InstanceLog for Store {
    fn create_instance(&mut self, new: &NewInstance) -> Result<Option<i64>, StoreError> {
        Store::create_instance(self, new)
    }
    fn update_instance_data(
        &mut self,
        instance: &str,
        name: &str,
        text: &str,
        by: &str,
        at: NaiveDateTime,
    ) -> Result<Option<i64>, StoreError> {
        Store::update_instance_data(self, instance, name, text, by, at)
    }
    fn instances(&self) -> Result<Vec<InstanceRecord>, StoreError> {
        Store::instances(self)
    }
    fn instance(&self, id: &str) -> Result<Option<InstanceRecord>, StoreError> {
        Store::instance(self, id)
    }
    fn instance_states(&self, id: &str) -> Result<HashMap<String, ItemState>, StoreError> {
        Store::instance_states(self, id)
    }
}
