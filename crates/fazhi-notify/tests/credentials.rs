//! Credentials go only over an encrypted connection, or to a server on this machine.

use std::time::Duration;

use fazhi_notify::{MailError, SmtpMailer};

#[tokio::test]
async fn a_login_over_plain_smtp_is_refused_unless_the_server_is_local() {
    for url in ["smtp://mail.example.org", "smtp://mail.example.org:25?tls=opportunistic", "smtp://10.0.0.1"] {
        match SmtpMailer::new(url, Some("fazhi"), Some("s3cret"), None, Duration::from_secs(1)) {
            Err(MailError::Smtp(message)) => assert!(message.contains("unencrypted"), "{url}: {message}"),
            other => panic!("{url}: expected a refusal, got {other:?}"),
        }
    }
    for url in [
        "smtp://127.0.0.1:2525",
        "smtp://localhost",
        "smtp://[::1]:25",
        "smtp://mail.example.org?tls=required",
        "smtps://mail.example.org",
    ] {
        assert!(SmtpMailer::new(url, Some("fazhi"), Some("s3cret"), None, Duration::from_secs(1)).is_ok(), "{url}");
    }
    // No login, no credentials to protect: a relay on the local network.
    assert!(SmtpMailer::new("smtp://mail.example.org", None, None, None, Duration::from_secs(1)).is_ok());
}
