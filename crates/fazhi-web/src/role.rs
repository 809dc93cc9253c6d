use fazhi_core::{Item, Org, Person, WebConfig};

/// What a signed-in person may do, from `org.ron` and the `web` section of `fazhi.ron`.
///
/// Everyone signed in sees every task. A person with a read-only role changes nothing; an
/// administrator (a person of an `admin_units` unit or with an `admin_roles` role) changes
/// every task and sees the audit log; anyone else changes the tasks they own and, as a unit's
/// leader, that unit's tasks; a reviewer (a person of a `reviewer_units` unit or with a
/// `reviewer_roles` role) does the same and runs legality reviews, as administrators do. A
/// read-only role wins over everything else. On a county's server, a person of the county
/// office's own workspace reads every town's pages, audit log included, and changes nothing
/// there ([`Role::County`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Changes every task, sees the audit log.
    Admin,
    /// Changes their own tasks and those of the units they lead.
    Member,
    /// A member who also runs legality reviews (合法性审查).
    Reviewer,
    /// Sees, changes nothing.
    ReadOnly,
    /// A person of the county office on a town's pages: sees everything, the audit log
    /// included, and changes nothing.
    County,
}

impl Role {
    /// The role of `person`.
    pub fn of(person: &Person, config: &WebConfig) -> Role {
        let has = |roles: &[String]| person.roles.iter().any(|role| roles.contains(role));
        if has(&config.read_only_roles) {
            Role::ReadOnly
        } else if config.admin_units.contains(&person.unit) || has(&config.admin_roles) {
            Role::Admin
        } else if config.reviewer_units.contains(&person.unit) || has(&config.reviewer_roles) {
            Role::Reviewer
        } else {
            Role::Member
        }
    }

    /// Whether `person` with this role may change `item`.
    pub fn may_change(self, person: &Person, org: &Org, item: &Item) -> bool {
        self.may_change_owned(person, org, &item.unit, &item.owner)
    }

    /// Whether `person` with this role may change what `owner` of `unit` is responsible for
    /// (a task, a workflow step).
    pub fn may_change_owned(self, person: &Person, org: &Org, unit: &str, owner: &str) -> bool {
        match self {
            Role::Admin => true,
            Role::ReadOnly | Role::County => false,
            Role::Member | Role::Reviewer => {
                owner == person.id
                    || org.unit(unit).is_some_and(|unit| unit.leader.as_deref() == Some(person.id.as_str()))
            }
        }
    }

    /// Whether this role runs legality reviews.
    pub fn reviews(self) -> bool {
        matches!(self, Role::Admin | Role::Reviewer)
    }

    /// Whether this role imports ledger files and voids or corrects ledger rows (the 党政办,
    /// which keeps the ledger and writes the report).
    pub fn keeps_ledger(self) -> bool {
        self == Role::Admin
    }

    /// Whether this role sees the audit log.
    pub fn sees_audit(self) -> bool {
        matches!(self, Role::Admin | Role::County)
    }

    /// The role's name on the pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Member => "责任人",
            Role::Reviewer => "审查人员",
            Role::ReadOnly => "只读",
            Role::County => "县级督查",
        }
    }
}
