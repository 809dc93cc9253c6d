/// A composed message to record: the envelope and the RFC 5322 bytes, sent as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// The envelope sender address.
    pub sender: String,
    /// The recipient's address.
    pub address: String,
    /// The subject, for listings.
    pub subject: String,
    /// The whole message, headers and body.
    pub raw: Vec<u8>,
}
