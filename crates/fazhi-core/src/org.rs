use serde::Serialize;

use crate::{Person, Unit};

/// The organisation: its units and its people, from `org.ron`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Org {
    /// Units, in file order.
    pub units: Vec<Unit>,
    /// People, in file order.
    pub people: Vec<Person>,
}

impl Org {
    /// The unit with `id`, or whose name is `id`.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|unit| unit.id == id).or_else(|| self.units.iter().find(|unit| unit.name == id))
    }

    /// The person with `id`, or whose name is `id`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|person| person.id == id)
            .or_else(|| self.people.iter().find(|person| person.name == id))
    }
}
