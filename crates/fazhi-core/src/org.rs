use serde::Serialize;

use crate::{Person, Unit};

/// The organisation: its units and its people, from `org.ron`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Org {
    /// Units, in file order.
    pub units: Vec<Unit>,
    /// People, in file order.
    pub people: Vec<Person>,
    /// Roles named by the stock workflows and modules, mapped to the town's own titles
    /// (`roles: { "党政办主任": "党政综合办公室主任" }` in fazhi.ron).
    pub role_names: std::collections::BTreeMap<String, String>,
}

impl Org {
    /// The unit with `id`, or whose name is `id`.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|unit| unit.id == id).or_else(|| self.units.iter().find(|unit| unit.name == id))
    }

    /// Whether `person` holds `role`: under that name, or under the town's title fazhi.ron maps
    /// it to.
    pub fn holds(&self, person: &Person, role: &str) -> bool {
        let mapped = self.role_names.get(role).map(String::as_str);
        person.roles.iter().any(|held| held == role || Some(held.as_str()) == mapped)
    }

    /// The people holding `role` (as [`Org::holds`] says), in file order.
    pub fn holders<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a Person> + 'a {
        self.people.iter().filter(move |person| self.holds(person, role))
    }

    /// The person with `id`, or whose name is `id`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|person| person.id == id)
            .or_else(|| self.people.iter().find(|person| person.name == id))
    }
}
