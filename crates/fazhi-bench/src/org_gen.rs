//! The synthetic organisation: towns, each with the same offices, three people per office.

use std::fmt::Write as _;

use crate::names::{self, OFFICES};
use crate::Random;

/// One generated unit (责任单位).
#[derive(Debug, Clone)]
pub struct GenUnit {
    /// Its id, e.g. `t0003_sifasuo`.
    pub id: String,
    /// Its name, e.g. 石岔镇司法所.
    pub name: String,
    /// The town it belongs to.
    pub town: usize,
    /// Index of its people in [`GenOrg::people`]: the first is the leader.
    pub people: Vec<usize>,
}

/// One generated person.
#[derive(Debug, Clone)]
pub struct GenPerson {
    /// ASCII id, e.g. `ma_jun_0003_4_1`.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Index of the unit in [`GenOrg::units`].
    pub unit: usize,
    /// Roles (the leader of an office holds the office's roles).
    pub roles: Vec<&'static str>,
}

/// The organisation: `towns` towns with every office of [`OFFICES`].
#[derive(Debug, Clone)]
pub struct GenOrg {
    /// Town names, by index.
    pub towns: Vec<String>,
    /// Units, town by town, in [`OFFICES`] order.
    pub units: Vec<GenUnit>,
    /// People, unit by unit.
    pub people: Vec<GenPerson>,
}

/// People per office.
const PER_OFFICE: usize = 3;

impl GenOrg {
    /// Generates `towns` towns.
    pub fn generate(towns: usize, random: &mut Random) -> GenOrg {
        let mut org = GenOrg { towns: Vec::new(), units: Vec::new(), people: Vec::new() };
        for town in 0..towns {
            let town_name = names::town(town);
            for (office, (suffix, office_name, roles)) in OFFICES.iter().enumerate() {
                let unit = org.units.len();
                let mut people = Vec::new();
                for k in 0..PER_OFFICE {
                    let (name, stem) = names::person(random);
                    people.push(org.people.len());
                    org.people.push(GenPerson {
                        id: format!("{stem}_{town:04}_{office}_{k}"),
                        name,
                        unit,
                        roles: if k == 0 { roles.to_vec() } else { Vec::new() },
                    });
                }
                org.units.push(GenUnit {
                    id: format!("t{town:04}_{suffix}"),
                    name: format!("{town_name}{office_name}"),
                    town,
                    people,
                });
            }
            org.towns.push(town_name);
        }
        org
    }

    /// The units of `town`.
    pub fn town_units(&self, town: usize) -> &[GenUnit] {
        &self.units[town * OFFICES.len()..(town + 1) * OFFICES.len()]
    }

    /// `org.ron`.
    pub fn ron(&self, organisation: &str) -> String {
        let mut out = String::with_capacity(self.people.len() * 160);
        let _ = writeln!(out, "// {organisation}：责任单位与人员（合成数据，人名为随机生成）。");
        out.push_str("(\n    units: [\n");
        for unit in &self.units {
            let leader = &self.people[unit.people[0]].id;
            let _ = writeln!(out, "        (id: \"{}\", name: \"{}\", leader: \"{leader}\"),", unit.id, unit.name);
        }
        out.push_str("    ],\n    people: [\n");
        for person in &self.people {
            let unit = &self.units[person.unit];
            let _ = write!(
                out,
                "        (id: \"{}\", name: \"{}\", unit: \"{}\", email: \"{}@example.org\"",
                person.id,
                person.name,
                unit.id,
                person.id.replace('_', ".")
            );
            if !person.roles.is_empty() {
                let roles: Vec<String> = person.roles.iter().map(|role| format!("\"{role}\"")).collect();
                let _ = write!(out, ",\n         roles: [{}]", roles.join(", "));
            }
            out.push_str("),\n");
        }
        out.push_str("    ],\n)\n");
        out
    }
}
