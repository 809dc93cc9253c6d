//! Sending mail: the [`Mailer`] trait and its outbox, SMTP and in-memory implementations.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use fazhi_core::SmtpSecurity;
use fazhi_core::Workspace;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A boxed future, so that [`Mailer`] can be used as `dyn Mailer`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The environment variable holding the SMTP password.
pub const PASSWORD_VARIABLE: &str = "FAZHI_SMTP_PASSWORD";

pub use fazhi_core::PASSWORD_FILE_VARIABLE;

/// One message ready to go: its envelope and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing<'a> {
    /// The store's number of the message (names the outbox file).
    pub id: i64,
    /// `email`, or `robot` (then `address` names the robot and `raw` is its JSON message).
    pub channel: &'a str,
    /// The recipient's person id.
    pub recipient: &'a str,
    /// The envelope sender.
    pub sender: &'a str,
    /// The envelope recipient.
    pub address: &'a str,
    /// The whole message.
    pub raw: &'a [u8],
}

/// Why a message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// What the server (or the file system) answered.
    pub message: String,
    /// Whether trying again cannot help (an SMTP 5xx answer).
    pub permanent: bool,
}

impl SendError {
    fn transient(message: impl Into<String>) -> SendError {
        SendError { message: message.into(), permanent: false }
    }
}

/// Something that delivers messages.
pub trait Mailer: Send + Sync {
    /// Delivers one message; `Ok` once it was accepted.
    fn send<'a>(&'a self, mail: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>>;

    /// What it delivers to, for people: a folder or a server.
    fn describe(&self) -> String;

    /// Whether it only writes messages down (the outbox folder) instead of sending them: what
    /// it accepts is recorded as written, not sent.
    fn only_writes(&self) -> bool {
        false
    }
}

/// Why a message could not be built or a mailer set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// A header value holds a line break (header injection).
    #[error("{what} \"{}\" contains a line break; refused", value.escape_debug())]
    LineBreak {
        /// Which value.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// Not a mail address.
    #[error("{what} \"{value}\" is not a valid mail address")]
    Address {
        /// Which value.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// The SMTP settings cannot be used.
    #[error("SMTP: {0}")]
    Smtp(String),
    /// lettre refused to build the message.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// A robot's settings cannot be used.
    #[error("{0}")]
    Robot(String),
}

fn mailbox(what: &'static str, name: Option<&str>, address: &str) -> Result<Mailbox, MailError> {
    for value in name.into_iter().chain([address]) {
        if value.contains(['\r', '\n']) {
            return Err(MailError::LineBreak { what, value: value.to_string() });
        }
    }
    let parsed: Address = address.parse().map_err(|_| MailError::Address { what, value: address.to_string() })?;
    Ok(Mailbox::new(name.map(str::to_string), parsed))
}

/// A message with a plain-text body and an HTML alternative, as RFC 5322 bytes. Non-ASCII
/// subjects and names are encoded (RFC 2047), bodies are UTF-8; a name or an address with a line
/// break is refused. `date` and `message_id` are set so that the same input gives the same bytes.
#[allow(clippy::too_many_arguments)]
pub fn build_message(
    from_name: &str,
    from: &str,
    to_name: &str,
    to: &str,
    subject: &str,
    text: String,
    html: String,
    date: SystemTime,
    message_id: &str,
) -> Result<Vec<u8>, MailError> {
    if subject.contains(['\r', '\n']) {
        return Err(MailError::LineBreak { what: "subject", value: subject.to_string() });
    }
    let message = Message::builder()
        .from(mailbox("sender", Some(from_name), from)?)
        .to(mailbox("recipient", Some(to_name), to)?)
        .subject(subject)
        .date(date)
        .message_id(Some(message_id.to_string()))
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html)),
        )
        .map_err(|err| MailError::Build(err.to_string()))?;
    Ok(message.formatted())
}

/// Writes each message as `<folder>/<id>-<recipient>.eml` (the default when no SMTP server is
/// configured). A message written again replaces its file.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    folder: PathBuf,
}

impl OutboxMailer {
    /// An outbox in `folder` (created when the first message is written).
    pub fn new(folder: impl Into<PathBuf>) -> OutboxMailer {
        OutboxMailer { folder: folder.into() }
    }

    /// The folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The file a message goes to.
    pub fn file_for(&self, id: i64, recipient: &str) -> PathBuf {
        let safe: String = recipient
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .collect();
        self.folder.join(format!("{id:06}-{safe}.eml"))
    }
}

impl Mailer for OutboxMailer {
    fn send<'a>(&'a self, mail: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let io = |err: std::io::Error| SendError::transient(format!("{}: {err}", self.folder.display()));
            std::fs::create_dir_all(&self.folder).map_err(io)?;
            let file = self.file_for(mail.id, mail.recipient);
            let temp = file.with_extension("eml.tmp");
            std::fs::write(&temp, mail.raw).map_err(io)?;
            std::fs::rename(&temp, &file).map_err(io)?;
            Ok(())
        })
    }

    fn describe(&self) -> String {
        format!("the outbox {}", self.folder.display())
    }

    fn only_writes(&self) -> bool {
        true
    }
}

/// Sends through an SMTP server with lettre (`smtp://`, `smtp://…?tls=required` for STARTTLS,
/// `smtps://`).
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    url: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer").field("url", &self.url).finish()
    }
}

impl SmtpMailer {
    /// A mailer for the server at `url`, logging in as `user` with `password` when both are
    /// given. Connections time out after `timeout`. Call it inside a tokio runtime.
    ///
    /// A login is refused over a connection that may be unencrypted (`smtp://` without
    /// `?tls=required`) unless the server is this machine: lettre would send the password in
    /// clear.
    ///
    /// `trusted` is PEM text of certificates trusted beside the public roots (the office's own
    /// certificate authority, `mail: (ca_file: …)`); it needs a TLS URL (`smtps://` or
    /// `?tls=required` / `?tls=opportunistic`).
    pub fn new(
        url: &str,
        user: Option<&str>,
        password: Option<&str>,
        trusted: Option<&[u8]>,
        timeout: Duration,
    ) -> Result<SmtpMailer, MailError> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|err| MailError::Smtp(format!("{url}: {err}")))?
            .timeout(Some(timeout));
        if let Some(pem) = trusted {
            builder = builder.tls(tls_trusting(url, pem)?);
        }
        match (user, password) {
            (Some(user), Some(password)) => {
                let parsed =
                    fazhi_core::SmtpUrl::parse(url).map_err(|message| MailError::Smtp(format!("{url}: {message}")))?;
                parsed.check_login().map_err(|message| MailError::Smtp(format!("{url}: {message}")))?;
                builder = builder.credentials(Credentials::new(user.to_string(), password.to_string()))
            }
            (Some(user), None) => {
                return Err(MailError::Smtp(format!(
                    "user \"{user}\" has no password: set {PASSWORD_VARIABLE} or `password_file` in fazhi.ron"
                )))
            }
            _ => {}
        }
        Ok(SmtpMailer { transport: builder.build(), url: url.to_string() })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, mail: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let envelope = lettre::address::Envelope::new(
                Some(mail.sender.parse().map_err(|_| SendError::transient(format!("bad sender {}", mail.sender)))?),
                vec![mail.address.parse().map_err(|_| SendError {
                    message: format!("bad recipient address {}", mail.address),
                    permanent: true,
                })?],
            )
            .map_err(|err| SendError::transient(err.to_string()))?;
            match self.transport.send_raw(&envelope, mail.raw).await {
                Ok(_) => Ok(()),
                Err(err) => {
                    let message = error_chain(&err);
                    Err(SendError { message, permanent: err.is_permanent() })
                }
            }
        })
    }

    fn describe(&self) -> String {
        format!("the SMTP server {}", self.url)
    }
}

/// The TLS settings of `url` trusting the certificates of `pem` beside the public roots.
fn tls_trusting(url: &str, pem: &[u8]) -> Result<Tls, MailError> {
    let smtp_error = |message: String| MailError::Smtp(format!("{url}: {message}"));
    let parsed = fazhi_core::SmtpUrl::parse(url).map_err(smtp_error)?;
    let certificate =
        Certificate::from_pem(pem).map_err(|err| smtp_error(format!("the CA file: {}", error_chain(&err))))?;
    let domain = parsed.host.trim_start_matches('[').trim_end_matches(']').to_string();
    let parameters = TlsParameters::builder(domain)
        .add_root_certificate(certificate)
        .build_rustls()
        .map_err(|err| smtp_error(format!("the CA file: {}", error_chain(&err))))?;
    match parsed.security {
        SmtpSecurity::Tls => Ok(Tls::Wrapper(parameters)),
        SmtpSecurity::StartTls => Ok(Tls::Required(parameters)),
        SmtpSecurity::Opportunistic => Ok(Tls::Opportunistic(parameters)),
        SmtpSecurity::Plain => {
            Err(smtp_error("a CA file is for a TLS connection: use smtps:// or smtp://…?tls=required".to_string()))
        }
    }
}

/// `err` and its sources as one text, each cause once: lettre's errors already say their
/// source ("Connection refused (os error 111)" twice otherwise).
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = inner.source();
    }
    message
}

/// Keeps messages in memory, for tests; can be told to refuse.
#[derive(Debug, Clone, Default)]
pub struct MemoryMailer {
    inner: Arc<Mutex<MemoryState>>,
}

#[derive(Debug, Default)]
struct MemoryState {
    sent: Vec<(String, Vec<u8>)>,
    refuse: Option<SendError>,
}

impl MemoryMailer {
    /// An empty mailer that accepts everything.
    pub fn new() -> MemoryMailer {
        MemoryMailer::default()
    }

    /// The accepted messages: recipient address and bytes, in order.
    pub fn sent(&self) -> Vec<(String, Vec<u8>)> {
        self.inner.lock().expect("not poisoned").sent.clone()
    }

    /// From now on refuse every message with `error` (`None`: accept again).
    pub fn refuse(&self, error: Option<SendError>) {
        self.inner.lock().expect("not poisoned").refuse = error;
    }
}

impl Mailer for MemoryMailer {
    fn send<'a>(&'a self, mail: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let mut state = self.inner.lock().expect("not poisoned");
            if let Some(error) = &state.refuse {
                return Err(error.clone());
            }
            state.sent.push((mail.address.to_string(), mail.raw.to_vec()));
            Ok(())
        })
    }

    fn describe(&self) -> String {
        "memory".to_string()
    }
}

/// The password in the regular file `file` (`shown` so in errors), without its line break.
fn read_password(file: &Path, shown: &str) -> Result<String, MailError> {
    let cannot = |reason: String| MailError::Smtp(format!("cannot read the password file ({shown}): {reason}"));
    let metadata = std::fs::metadata(file).map_err(|err| cannot(err.to_string()))?;
    if !metadata.is_file() {
        return Err(cannot(format!("it is not a regular file but {}", fazhi_core::file_kind(&metadata.file_type()))));
    }
    let text = std::fs::read_to_string(file).map_err(|err| cannot(err.to_string()))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}

/// The workspace's outbox folder, `.fazhi/outbox/` next to the state database's folder.
pub fn outbox_folder(workspace: &Workspace) -> PathBuf {
    workspace.root.join(".fazhi").join("outbox")
}

/// The mailer `fazhi.ron` asks for: SMTP when `mail.smtp` is set, otherwise the outbox. Call
/// it inside a tokio runtime (lettre's connection pool spawns a task).
///
/// The password comes from `FAZHI_SMTP_PASSWORD`, else from the file the environment variable
/// `FAZHI_SMTP_PASSWORD_FILE` names (the user's choice: any regular file), else from
/// `password_file` in fazhi.ron, which must be inside the workspace or the user's configuration
/// folder and readable by its owner only (checked again here, as the workspace was loaded).
pub fn configured_mailer(workspace: &Workspace) -> Result<Box<dyn Mailer>, MailError> {
    let Some(mail) = &workspace.config.mail else { return Ok(Box::new(OutboxMailer::new(outbox_folder(workspace)))) };
    let Some(url) = &mail.smtp else { return Ok(Box::new(OutboxMailer::new(outbox_folder(workspace)))) };
    let from_variable = std::env::var_os(PASSWORD_FILE_VARIABLE).filter(|file| !file.is_empty()).map(PathBuf::from);
    let password = match std::env::var(PASSWORD_VARIABLE) {
        // Without a user there is no login: no password is read.
        _ if mail.user.is_none() => None,
        Ok(password) if !password.is_empty() => Some(password),
        _ => match (from_variable, &mail.password_file) {
            (Some(file), _) => {
                let shown = format!("{PASSWORD_FILE_VARIABLE}={}", file.display());
                Some(read_password(&file, &shown)?)
            }
            (None, Some(file)) => {
                let real = fazhi_core::check_password_file(&workspace.root, file).map_err(MailError::Smtp)?;
                Some(read_password(&real, &format!("password_file {}", file.display()))?)
            }
            (None, None) => None,
        },
    };
    let trusted = match &mail.ca_file {
        Some(file) => {
            let real = fazhi_core::check_ca_file(&workspace.root, file).map_err(MailError::Smtp)?;
            let cannot =
                |err: std::io::Error| MailError::Smtp(format!("cannot read the CA file {}: {err}", file.display()));
            Some(std::fs::read(real).map_err(cannot)?)
        }
        None => None,
    };
    let mailer =
        SmtpMailer::new(url, mail.user.as_deref(), password.as_deref(), trusted.as_deref(), Duration::from_secs(30))?;
    Ok(Box::new(mailer))
}

/// The channels `fazhi.ron` configures: the mailer of [`configured_mailer`] and the robots of
/// [`configured_robots`](crate::configured_robots). Call it inside a tokio runtime.
pub fn configured_channels(workspace: &Workspace) -> Result<crate::Channels, MailError> {
    Ok(crate::Channels::new(configured_mailer(workspace)?, crate::robot::configured_robots(workspace)?))
}
