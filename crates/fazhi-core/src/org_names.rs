use std::collections::HashMap;

use crate::{NameError, Org};

/// The organisation's ids and names, indexed, so that a unit or a person written in any
/// workspace file — by id (`dangzhengban`, `li_jing`) or by the Chinese name everyone uses
/// (`党政办`, `李静`) — resolves to the id: an id first, else a name that only one unit (or
/// person) has. An ambiguous name is an error listing the candidates; an unknown one names the
/// nearest ids and names (edit distance, Chinese names by characters). This is the one place
/// where names in files are resolved against the org.
#[derive(Debug, Clone, Default)]
pub struct OrgNames {
    units: Table,
    people: Table,
}

/// One kind of entry: ids, names, and each entry shown in a message.
#[derive(Debug, Clone, Default)]
struct Table {
    ids: HashMap<String, usize>,
    names: HashMap<String, Vec<usize>>,
    /// Each entry's id, name and how it is shown.
    entries: Vec<(String, String, String)>,
}

impl Table {
    fn push(&mut self, id: &str, name: &str, shown: String) {
        let index = self.entries.len();
        self.ids.entry(id.to_string()).or_insert(index);
        self.names.entry(name.to_string()).or_default().push(index);
        self.entries.push((id.to_string(), name.to_string(), shown));
    }

    fn resolve(&self, written: &str) -> Result<&str, NameError> {
        if let Some(&index) = self.ids.get(written) {
            return Ok(&self.entries[index].0);
        }
        match self.names.get(written).map(Vec::as_slice) {
            Some([index]) => Ok(&self.entries[*index].0),
            Some(several) if !several.is_empty() => Err(NameError::Ambiguous {
                written: written.to_string(),
                candidates: several.iter().map(|&i| self.entries[i].2.clone()).collect(),
            }),
            _ => Err(NameError::Unknown { written: written.to_string(), nearest: self.nearest(written) }),
        }
    }

    /// The entries whose id or name is nearest to `written`, if near enough to be a slip.
    fn nearest(&self, written: &str) -> Vec<String> {
        let length = written.chars().count();
        let limit = (length / 3).max(1);
        let mut scored: Vec<(usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (id, name, _))| (edit_distance(written, id).min(edit_distance(written, name)), i))
            .filter(|(distance, _)| *distance <= limit)
            .collect();
        scored.sort();
        let best = scored.first().map(|(distance, _)| *distance);
        scored
            .into_iter()
            .filter(|(distance, _)| Some(*distance) == best)
            .take(3)
            .map(|(_, i)| self.entries[i].2.clone())
            .collect()
    }
}

impl OrgNames {
    /// Indexes `org`.
    pub fn new(org: &Org) -> OrgNames {
        let mut names = OrgNames::default();
        for unit in &org.units {
            names.units.push(&unit.id, &unit.name, format!("{}（{}）", unit.id, unit.name));
        }
        let unit_names: HashMap<&str, &str> = org.units.iter().map(|u| (u.id.as_str(), u.name.as_str())).collect();
        for person in &org.people {
            let unit = unit_names.get(person.unit.as_str()).copied().unwrap_or(person.unit.as_str());
            names.people.push(&person.id, &person.name, format!("{}（{}，{unit}）", person.id, person.name));
        }
        names
    }

    /// The id of the unit `written` names (its id or its name).
    pub fn unit(&self, written: &str) -> Result<&str, NameError> {
        self.units.resolve(written)
    }

    /// The id of the person `written` names (their id or their name).
    pub fn person(&self, written: &str) -> Result<&str, NameError> {
        self.people.resolve(written)
    }

    /// The id of the person or else the unit `written` names, and whether it is a person. A
    /// name unknown as either is reported with the nearest of both.
    pub fn person_or_unit(&self, written: &str) -> Result<(&str, bool), NameError> {
        match (self.people.resolve(written), self.units.resolve(written)) {
            (Ok(person), _) => Ok((person, true)),
            (_, Ok(unit)) => Ok((unit, false)),
            (Err(err @ NameError::Ambiguous { .. }), _) | (_, Err(err @ NameError::Ambiguous { .. })) => Err(err),
            (Err(NameError::Unknown { nearest: mut people, .. }), Err(NameError::Unknown { nearest: units, .. })) => {
                people.extend(units);
                Err(NameError::Unknown { written: written.to_string(), nearest: people })
            }
        }
    }
}

/// The Levenshtein distance between `a` and `b`, counted in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, OrgNames};
    use crate::{NameError, Org, Person, Unit};

    fn org() -> Org {
        let unit = |id: &str, name: &str| Unit { id: id.into(), name: name.into(), leader: None };
        let person = |id: &str, name: &str, unit: &str| Person {
            id: id.into(),
            name: name.into(),
            unit: unit.into(),
            email: String::new(),
            mobile: None,
            roles: Vec::new(),
            certificate: None,
        };
        Org {
            units: vec![unit("dangzhengban", "党政办"), unit("sifasuo", "王团司法所")],
            people: vec![
                person("li_jing", "李静", "dangzhengban"),
                person("ma_hua", "马华", "dangzhengban"),
                person("ma_hua2", "马华", "sifasuo"),
            ],
            role_names: Default::default(),
        }
    }

    #[test]
    fn ids_and_unique_names_resolve_to_ids() {
        let names = OrgNames::new(&org());
        assert_eq!(names.unit("党政办"), Ok("dangzhengban"));
        assert_eq!(names.unit("sifasuo"), Ok("sifasuo"));
        assert_eq!(names.person("李静"), Ok("li_jing"));
        assert_eq!(names.person_or_unit("党政办"), Ok(("dangzhengban", false)));
    }

    #[test]
    fn an_ambiguous_name_lists_its_candidates() {
        let err = OrgNames::new(&org()).person("马华").unwrap_err();
        assert_eq!(
            err.describe("owner"),
            "owner \"马华\" is ambiguous: 2 of org.ron have that name (ma_hua（马华，党政办）, \
             ma_hua2（马华，王团司法所）); write the id"
        );
    }

    #[test]
    fn an_unknown_name_gets_the_nearest() {
        let names = OrgNames::new(&org());
        assert_eq!(
            names.person("李晶").unwrap_err().describe("owner"),
            "unknown owner \"李晶\"; did you mean li_jing（李静，党政办）?"
        );
        assert_eq!(
            names.unit("dangzhengbna").unwrap_err().describe("unit"),
            "unknown unit \"dangzhengbna\"; did you mean dangzhengban（党政办）?"
        );
        assert!(matches!(names.unit("xyz"), Err(NameError::Unknown { nearest, .. }) if nearest.is_empty()));
    }

    #[test]
    fn distance_counts_characters() {
        assert_eq!(edit_distance("党证办", "党政办"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
