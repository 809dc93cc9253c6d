use serde::Serialize;

/// A responsible unit (责任单位): an office, team, station or village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Short ASCII identifier.
    pub id: String,
    /// The unit's name, e.g. 综合执法办公室.
    pub name: String,
    /// The person who leads it (receives escalations), if known.
    pub leader: Option<String>,
}
