/// A composed message to record: its channel, the envelope and the bytes (RFC 5322 for mail, the
/// platform's JSON for a robot), sent as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// `email`, or `robot` (then `address` names the robot and `raw` is its JSON message).
    pub channel: String,
    /// The envelope sender address.
    pub sender: String,
    /// The recipient's address.
    pub address: String,
    /// The subject, for listings.
    pub subject: String,
    /// The whole message, headers and body.
    pub raw: Vec<u8>,
}
