//! A browser, as far as the route tests need one, driving a router through tower's `oneshot`.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::{password, Site};

/// A browser, as far as these tests need one: it keeps cookies.
pub struct Client {
    router: Router,
    pub cookies: HashMap<String, String>,
    /// The address the requests come from, as the server sees its connection.
    pub address: SocketAddr,
    /// The `X-Forwarded-For` a proxy in front adds, if any.
    pub forwarded_for: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The first anti-forgery token of the page's forms.
    pub fn csrf(&self) -> String {
        let start = self.body.find("name=\"csrf\" value=\"").expect("a form with a token") + 19;
        self.body[start..start + 64].to_string()
    }
}

impl Client {
    pub fn new(site: &Site) -> Client {
        Client::from(site, "192.0.2.1")
    }

    /// A browser on the machine at `address`.
    pub fn from(site: &Site, address: &str) -> Client {
        Client::on(fazhi_web::router(site.app.clone()), address)
    }

    /// A browser on the machine at `address`, talking to `router`.
    pub fn on(router: Router, address: &str) -> Client {
        let address = SocketAddr::new(address.parse().unwrap(), 50000);
        Client { router, cookies: HashMap::new(), address, forwarded_for: None }
    }

    pub async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Reply {
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut request = request.header(header::COOKIE, cookie.join("; "));
        if let Some(forwarded) = &self.forwarded_for {
            request = request.header("x-forwarded-for", forwarded);
        }
        let mut request = request.body(body).unwrap();
        request.extensions_mut().insert(ConnectInfo(self.address));
        let response = self.router.clone().oneshot(request).await.unwrap();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path), Body::empty()).await
    }

    pub async fn post_form(&mut self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        let request = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(request, Body::from(body.join("&"))).await
    }

    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Reply {
        self.post_file(path, fields, "evidence", file).await
    }

    /// A multipart form with the file `file` (name, content) in the part `part`.
    pub async fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        part: &str,
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        let boundary = "----fazhi-test-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        if let Some((file_name, content)) = file {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .bytes(),
            );
            body.extend(content);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let request =
            Request::post(path).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        self.send(request, Body::from(body)).await
    }

    pub async fn sign_in_with(&mut self, person: &str, password: &str) -> Reply {
        self.sign_in_under("", person, password).await
    }

    /// Signs in to the pages under `base` (empty: the server's root).
    pub async fn sign_in_under(&mut self, base: &str, person: &str, password: &str) -> Reply {
        let form = self.get(&format!("{base}/login")).await;
        assert_eq!(form.status, StatusCode::OK, "{base}/login: {}", form.body);
        let csrf = form.csrf();
        let (path, next) = (format!("{base}/login"), format!("{base}/"));
        self.post_form(&path, &[("login", person), ("password", password), ("csrf", &csrf), ("next", &next)]).await
    }

    pub async fn sign_in(site: &Site, person: &str) -> Client {
        let mut client = Client::new(site);
        let reply = client.sign_in_with(person, &password(person)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{person} signs in: {}", reply.body);
        client
    }

    /// The anti-forgery token of the signed-in session (from the dashboard's sign-out form).
    pub async fn csrf(&mut self) -> String {
        self.get("/").await.csrf()
    }
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
