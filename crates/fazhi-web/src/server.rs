use std::future::Future;

use tokio::net::TcpListener;

use crate::{router, WebApp};

/// Serves the web interface on `listener` until `shutdown` completes (requests under way are
/// finished first).
pub async fn serve(
    listener: TcpListener,
    app: WebApp,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app)).with_graceful_shutdown(shutdown).await
}
