use chrono::{DateTime, Utc};

/// A signed-in browser: who, the token its forms must carry, and until when it lasts. It is
/// found by the hash of the random token its cookie holds (the token itself is never stored).
#[derive(Clone, PartialEq, Eq)]
pub struct WebSession {
    /// The SHA-256 of the cookie's token, lower-case hex.
    pub token_hash: String,
    /// The person signed in.
    pub person: String,
    /// The anti-forgery token every form of this session carries.
    pub csrf_token: String,
    /// When the person signed in.
    pub created_at: DateTime<Utc>,
    /// When the session ends, whatever is done meanwhile.
    pub expires_at: DateTime<Utc>,
}

/// Without the tokens.
impl std::fmt::Debug for WebSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebSession")
            .field("person", &self.person)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}
