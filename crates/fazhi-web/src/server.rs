use std::future::Future;
use std::net::SocketAddr;

use tokio::net::TcpListener;

use crate::{county_router, router, CountySite, WebApp};

/// Serves the web interface on `listener` until `shutdown` completes (requests under way are
/// finished first).
pub async fn serve(
    listener: TcpListener,
    app: WebApp,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The first page made while the server starts to listen, not when the first clerk asks.
    let warming = app.clone();
    tokio::spawn(async move {
        if let Err(err) = crate::routes::warm(&warming).await {
            eprintln!("fazhi web: the first view of the tasks could not be made: {err}");
        }
    });
    // With each connection's peer address, which the throttle of failed sign-ins counts by.
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}

/// Serves a county's pages ([`CountySite`]) on `listener` until `shutdown` completes.
pub async fn serve_county(
    listener: TcpListener,
    site: CountySite,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = county_router(site).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}
