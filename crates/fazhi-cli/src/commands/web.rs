//! `fazhi web`: the web interface.

use clap::Args;
use fazhi_app::Access;
use fazhi_web::{CountySite, WebApp};

use super::remind::runtime;
use crate::shutdown_signal::ShutdownSignal;
use crate::{CliError, Context};

/// `fazhi web`
#[derive(Debug, Args)]
pub struct WebArgs {
    /// The address and port to listen on (default: `web: (listen: …)` of fazhi.ron, or
    /// `listen:` of county.ron in a county's folder, else 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<String>,
}

/// Serves the pages until stopped (see `ShutdownSignal`).
pub fn run(context: &Context, args: &WebArgs) -> Result<(), CliError> {
    if context.today_if_set().is_some() {
        return Err(CliError::BadInput("`fazhi web` records changes at the server's clock: drop --today".to_string()));
    }
    // In a county's folder: every town of county.ron on one server (docs/county.md).
    let site = match context.start_dir().join(fazhi_core::COUNTY_FILE).is_file() {
        true => {
            Site::County(CountySite::open(context.start_dir(), &context.options(Access::Write)).map_err(web_error)?)
        }
        false => Site::Town(WebApp::open(&context.root()?, &context.options(Access::Write)).map_err(web_error)?),
    };
    let listen = args.listen.clone().unwrap_or_else(|| site.listen());
    let runtime = runtime()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .map_err(|err| CliError::BadInput(format!("--listen {listen}: {err}")))?;
        let address = listener.local_addr().map_err(anyhow::Error::from)?;
        eprintln!(
            "{}",
            tr!(
                "fazhi web: listening on http://{address}/ (stop with Ctrl-C)",
                "fazhi web：网页界面在 http://{address}/（按 Ctrl-C 停止）"
            )
        );
        let signal = ShutdownSignal::listen().map_err(anyhow::Error::from)?;
        let shutdown = signal.received();
        site.serve(listener, shutdown).await.map_err(anyhow::Error::from)?;
        eprintln!("{}", tr!("fazhi web: stopped", "fazhi web：已停止"));
        Ok(())
    })
}

/// What `fazhi web` (and `fazhi serve` with a listen address) serves: one town's pages, or a
/// county's.
pub(crate) enum Site {
    Town(WebApp),
    County(CountySite),
}

impl Site {
    /// Where it listens unless told: as its file says, else 127.0.0.1:8080.
    fn listen(&self) -> String {
        match self {
            Site::Town(app) => app.config().listen.clone(),
            Site::County(site) => {
                site.county().config().listen.clone().unwrap_or_else(|| site.office().config().listen.clone())
            }
        }
    }

    /// Serves the pages on `listener` until `shutdown` completes.
    pub(crate) async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        match self {
            Site::Town(app) => fazhi_web::serve(listener, app, shutdown).await,
            Site::County(site) => fazhi_web::serve_county(listener, site, shutdown).await,
        }
    }
}

/// A failure to open the web interface as the CLI's error.
pub(crate) fn web_error(err: fazhi_web::WebError) -> CliError {
    match err {
        fazhi_web::WebError::App(err) => err.into(),
        other => CliError::Internal(anyhow::Error::new(other)),
    }
}
