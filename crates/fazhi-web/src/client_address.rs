use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::WebApp;

/// Where a request comes from: the peer's address, or — when the peer is one of the
/// `trusted_proxies` of `fazhi.ron` (a reverse proxy in front of the server) — the address the
/// proxy says it forwards for (the last address of `X-Forwarded-For` that is not a trusted
/// proxy). `None` when the server was not started by [`crate::serve`] (a router driven
/// without connections), which gives no peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<WebApp> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &WebApp) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
        Ok(ClientAddress(peer.map(|peer| client(peer, &parts.headers, &app.config().trusted_proxies))))
    }
}

/// The client behind `peer`, given the proxies trusted.
fn client(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let trusts = |address: &IpAddr| trusted.iter().any(|proxy| same(proxy, address));
    if !trusts(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|part| part.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        // A header the proxy did not write properly says nothing to go by.
        .unwrap_or_default();
    forwarded.into_iter().rev().find(|address| !trusts(address)).unwrap_or(peer)
}

/// Whether two addresses are the same, an IPv4 one also when written as IPv6.
fn same(a: &IpAddr, b: &IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded.parse().unwrap());
        headers
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let trusted = [proxy];
        let stranger: IpAddr = "192.0.2.5".parse().unwrap();
        assert_eq!(client(stranger, &headers("198.51.100.1"), &trusted), stranger, "not a proxy: its own address");
        assert_eq!(client(proxy, &headers("198.51.100.1"), &trusted), "198.51.100.1".parse::<IpAddr>().unwrap());
        // What the client wrote itself comes first; the proxy appends the address it saw.
        assert_eq!(
            client(proxy, &headers("203.0.113.9, 198.51.100.1"), &trusted),
            "198.51.100.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client(proxy, &HeaderMap::new(), &trusted), proxy, "no header: the proxy itself");
        assert_eq!(client(proxy, &headers("not an address"), &trusted), proxy);
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(client(mapped, &headers("198.51.100.1"), &trusted), "198.51.100.1".parse::<IpAddr>().unwrap());
        assert_eq!(client(proxy, &headers("198.51.100.1"), &[]), proxy, "no proxies trusted");
    }
}
