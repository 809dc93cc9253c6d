use serde::{Deserialize, Serialize};

/// How a person is reminded (`channels: {"id": [Email, Robot]}` in `fazhi.ron`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChannelKind {
    /// A digest mailed to the person's address.
    Email,
    /// The person's items posted by the group robots that serve the person's unit.
    Robot,
}
