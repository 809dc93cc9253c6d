use std::net::IpAddr;

use crate::SmtpSecurity;

/// An SMTP server URL as `fazhi.ron` gives it (`mail: (smtp: …)`), checked: `smtp://` or
/// `smtps://`, a host, an optional port, no password, and for `smtp://` an optional
/// `?tls=required` or `?tls=opportunistic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// The server's host name or address (an IPv6 address keeps its brackets).
    pub host: String,
    /// The port, if given.
    pub port: Option<u16>,
    /// How the connection is protected.
    pub security: SmtpSecurity,
}

impl SmtpUrl {
    /// Parses and checks `url`; the error says what is wrong with it.
    pub fn parse(url: &str) -> Result<SmtpUrl, String> {
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err("expected smtp://HOST[:PORT] or smtps://HOST[:PORT]".to_string());
        };
        if scheme != "smtp" && scheme != "smtps" {
            return Err(format!("unknown scheme `{scheme}` (use smtp or smtps)"));
        }
        let (authority, query) = match rest.split_once('?') {
            Some((authority, query)) => (authority, Some(query)),
            None => (rest, None),
        };
        let authority = authority.split('/').next().unwrap_or_default();
        let host_port = match authority.rsplit_once('@') {
            Some((userinfo, host)) => {
                if userinfo.contains(':') {
                    return Err("it holds a password; set FAZHI_SMTP_PASSWORD or `password_file` instead".to_string());
                }
                host
            }
            None => authority,
        };
        // An IPv6 address is in brackets, its colons not the port's.
        let (host, port) = match host_port.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
            Some((address, "")) => (&host_port[..address.len() + 2], None),
            Some((address, rest)) => (&host_port[..address.len() + 2], Some(rest.strip_prefix(':').unwrap_or(rest))),
            None => match host_port.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            },
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("no valid host".to_string());
        }
        let port = match port {
            Some(port) => match port.parse::<u16>() {
                Ok(port) if port != 0 => Some(port),
                _ => return Err(format!("`{port}` is not a port number")),
            },
            None => None,
        };
        let security = match (scheme, query) {
            ("smtps", None) => SmtpSecurity::Tls,
            ("smtp", None) => SmtpSecurity::Plain,
            ("smtp", Some("tls=required")) => SmtpSecurity::StartTls,
            ("smtp", Some("tls=opportunistic")) => SmtpSecurity::Opportunistic,
            (_, Some(query)) => {
                return Err(format!("unknown parameter `{query}` (smtp:// takes ?tls=required or ?tls=opportunistic)"))
            }
            _ => unreachable!("the scheme was checked"),
        };
        Ok(SmtpUrl { host: host.to_string(), port, security })
    }

    /// Whether the server is this machine: `localhost` or a loopback address (no name is
    /// looked up).
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || host.eq_ignore_ascii_case("localhost.")
            || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// Refuses a login (user name and password) over this connection unless it is always
    /// encrypted or goes to this machine: lettre would send the credentials in clear over a
    /// plain (or an opportunistic, unencrypted) connection.
    pub fn check_login(&self) -> Result<(), String> {
        if self.security.is_encrypted() || self.is_loopback() {
            return Ok(());
        }
        Err(format!(
            "the SMTP password would be sent unencrypted to {}: use smtps://{host} or smtp://{host}?tls=required \
             (plain smtp:// with a login is allowed only to this machine, e.g. smtp://127.0.0.1)",
            self.host,
            host = self.host
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_with_their_security() {
        let url = SmtpUrl::parse("smtp://mail.example.org:587?tls=required").unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.security),
            ("mail.example.org", Some(587), SmtpSecurity::StartTls)
        );
        assert_eq!(SmtpUrl::parse("smtps://m.example.org").unwrap().security, SmtpSecurity::Tls);
        assert_eq!(SmtpUrl::parse("smtp://[::1]:25").unwrap().host, "[::1]");
        assert_eq!(SmtpUrl::parse("smtp://[::1]:25").unwrap().port, Some(25));
        assert_eq!(SmtpUrl::parse("smtp://[::1]").unwrap().port, None);
        assert!(SmtpUrl::parse("smtp://u:pw@m.example.org").unwrap_err().contains("password"));
        assert!(SmtpUrl::parse("smtps://m.example.org?tls=required").is_err());
        assert!(SmtpUrl::parse("http://m.example.org").is_err());
        assert!(SmtpUrl::parse("smtp://m.example.org:0").is_err());
    }

    #[test]
    fn a_login_needs_encryption_or_this_machine() {
        for (url, allowed) in [
            ("smtp://mail.example.org", false),
            ("smtp://mail.example.org?tls=opportunistic", false),
            ("smtp://10.1.2.3", false),
            ("smtp://127.0.0.1:2525", true),
            ("smtp://127.8.9.1", true),
            ("smtp://[::1]", true),
            ("smtp://LOCALHOST", true),
            ("smtp://mail.example.org?tls=required", true),
            ("smtps://mail.example.org", true),
        ] {
            assert_eq!(SmtpUrl::parse(url).unwrap().check_login().is_ok(), allowed, "{url}");
        }
    }
}
