use serde::Serialize;

use crate::Certificate;

/// A person who owns duties, leads a unit or acts on cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Short ASCII identifier.
    pub id: String,
    /// Full name.
    pub name: String,
    /// The unit the person belongs to.
    pub unit: String,
    /// Where reminders are sent; empty if org.ron gives no address (no mail is sent then).
    pub email: String,
    /// The mobile number, if org.ron gives one: the group robots mention the person by it (钉钉
    /// `atMobiles`).
    pub mobile: Option<String>,
    /// Roles, e.g. 镇长, 司法所所长, 村法律顾问.
    pub roles: Vec<String>,
    /// The person's enforcement certificate, if any.
    pub certificate: Option<Certificate>,
}
