use fazhi_core::{Item, Org, Person, WebConfig};

/// What a signed-in person may do, from `org.ron` and the `web` section of `fazhi.ron`.
///
/// Everyone signed in sees every task. A person with a read-only role changes nothing; an
/// administrator (a person of an `admin_units` unit or with an `admin_roles` role) changes
/// every task and sees the audit log; anyone else changes the tasks they own and, as a unit's
/// leader, that unit's tasks. A read-only role wins over everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Changes every task, sees the audit log.
    Admin,
    /// Changes their own tasks and those of the units they lead.
    Member,
    /// Sees, changes nothing.
    ReadOnly,
}

impl Role {
    /// The role of `person`.
    pub fn of(person: &Person, config: &WebConfig) -> Role {
        let has = |roles: &[String]| person.roles.iter().any(|role| roles.contains(role));
        if has(&config.read_only_roles) {
            Role::ReadOnly
        } else if config.admin_units.contains(&person.unit) || has(&config.admin_roles) {
            Role::Admin
        } else {
            Role::Member
        }
    }

    /// Whether `person` with this role may change `item`.
    pub fn may_change(self, person: &Person, org: &Org, item: &Item) -> bool {
        match self {
            Role::Admin => true,
            Role::ReadOnly => false,
            Role::Member => {
                item.owner == person.id
                    || org.unit(&item.unit).is_some_and(|unit| unit.leader.as_deref() == Some(person.id.as_str()))
            }
        }
    }

    /// Whether this role sees the audit log.
    pub fn sees_audit(self) -> bool {
        self == Role::Admin
    }

    /// The role's name on the pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Member => "责任人",
            Role::ReadOnly => "只读",
        }
    }
}
