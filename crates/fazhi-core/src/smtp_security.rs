/// How an SMTP connection is protected, as its URL asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://HOST`: no encryption at all.
    Plain,
    /// `smtp://HOST?tls=opportunistic`: STARTTLS if the server offers it, plain otherwise.
    Opportunistic,
    /// `smtp://HOST?tls=required`: STARTTLS, or no mail.
    StartTls,
    /// `smtps://HOST`: TLS from the start.
    Tls,
}

impl SmtpSecurity {
    /// Whether the connection is always encrypted (an opportunistic one may not be).
    pub fn is_encrypted(self) -> bool {
        matches!(self, SmtpSecurity::StartTls | SmtpSecurity::Tls)
    }
}
