use chrono::{DateTime, Utc};

/// What became of a sign-in ([`crate::Session::sign_in`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// The password is right: the person (an id of `org.ron`) may be let in.
    Accepted {
        /// The person's id.
        person: String,
    },
    /// Unknown person, no password set, or a wrong password: which of these is not said.
    Refused,
    /// Too many failed sign-ins: refused, right password or not, until then.
    Locked {
        /// When sign-ins are accepted again.
        until: DateTime<Utc>,
    },
}
