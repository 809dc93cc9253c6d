//! Load on `fazhi web` over loopback: clients signed in as a browser would (the sign-in form,
//! its token and cookie), each on its own keep-alive connection, asking for pages at once.
//! A small HTTP/1.1 client of its own: the pages answer with a `Content-Length`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::{BenchError, LoadFigures};

/// One keep-alive connection to the server.
pub struct Connection {
    address: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    /// The body of the last answer of [`Connection::get`], read into the same memory each time.
    body: Vec<u8>,
}

/// An answer: status, `Set-Cookie` values (`name=value`), body.
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The cookies set, as `name=value`.
    pub cookies: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

fn failed(what: &str) -> impl FnOnce(std::io::Error) -> BenchError + '_ {
    move |err| BenchError::Command { command: what.to_string(), message: err.to_string() }
}

impl Connection {
    /// Connects to `address` (`127.0.0.1:PORT`).
    pub fn open(address: &str) -> Result<Connection, BenchError> {
        let stream = TcpStream::connect(address).map_err(failed("connect"))?;
        stream.set_nodelay(true).map_err(failed("connect"))?;
        let writer = stream.try_clone().map_err(failed("connect"))?;
        Ok(Connection { address: address.to_string(), reader: BufReader::new(stream), writer, body: Vec::new() })
    }

    /// Sends a request and reads its answer.
    pub fn send(&mut self, method: &str, path: &str, cookie: &str, form: Option<&str>) -> Result<Answer, BenchError> {
        let (status, cookies, length) = self.head(method, path, cookie, form)?;
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).map_err(failed(path))?;
        Ok(Answer { status, cookies, body })
    }

    /// `GET path` with `cookie`: the answer's status. The body is read into memory this
    /// connection keeps, so that the client does not fault in fresh memory for every page (at
    /// 100,000 tasks the dashboard is half a megabyte, and the client shares the cores with the
    /// server).
    pub fn get(&mut self, path: &str, cookie: &str) -> Result<u16, BenchError> {
        let (status, _, length) = self.head("GET", path, cookie, None)?;
        self.body.resize(length, 0);
        self.reader.read_exact(&mut self.body).map_err(failed(path))?;
        Ok(status)
    }

    /// Sends a request and reads the answer's status line and headers: the status, the
    /// cookies set and the body's length.
    fn head(
        &mut self,
        method: &str,
        path: &str,
        cookie: &str,
        form: Option<&str>,
    ) -> Result<(u16, Vec<String>, usize), BenchError> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.address);
        if !cookie.is_empty() {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if let Some(form) = form {
            request.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
                form.len()
            ));
        } else {
            request.push_str("\r\n");
        }
        self.writer.write_all(request.as_bytes()).map_err(failed(path))?;
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(failed(path))?;
        let status = line.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
        let (mut length, mut cookies) = (0usize, Vec::new());
        loop {
            line.clear();
            self.reader.read_line(&mut line).map_err(failed(path))?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "set-cookie" => cookies.extend(value.trim().split(';').next().map(str::to_string)),
                    _ => {}
                }
            }
        }
        Ok((status, cookies, length))
    }
}

/// Signs `login` in with `password` through the sign-in form: the session cookie
/// (`fazhi_session=…`).
pub fn sign_in(connection: &mut Connection, login: &str, password: &str) -> Result<String, BenchError> {
    let refused = |message: String| BenchError::Command { command: "sign in".to_string(), message };
    let form = connection.send("GET", "/login", "", None)?;
    let csrf_cookie = form.cookies.first().cloned().ok_or_else(|| refused("no anti-forgery cookie".into()))?;
    let token = csrf_cookie.split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default();
    let body = format!("login={login}&password={password}&csrf={token}&next=%2F");
    let answer = connection.send("POST", "/login", &csrf_cookie, Some(&body))?;
    answer
        .cookies
        .iter()
        .find(|cookie| cookie.starts_with("fazhi_session=") && cookie.len() > "fazhi_session=".len())
        .cloned()
        .ok_or_else(|| refused(format!("answered {}", answer.status)))
}

/// `clients` clients, each with its session cookie and connection, ask for `path` `rounds`
/// times each, all at once (they start together).
pub fn load(connections: Vec<(Connection, String)>, path: &str, rounds: usize) -> LoadFigures {
    let barrier = std::sync::Barrier::new(connections.len() + 1);
    let (latencies, failed, elapsed) = std::thread::scope(|scope| {
        let handles: Vec<_> = connections
            .into_iter()
            .map(|(mut connection, cookie)| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    let mut latencies = Vec::with_capacity(rounds);
                    let mut failed = 0;
                    for _ in 0..rounds {
                        let started = Instant::now();
                        match connection.get(path, &cookie) {
                            Ok(200) => latencies.push(started.elapsed()),
                            _ => failed += 1,
                        }
                    }
                    (latencies, failed)
                })
            })
            .collect();
        barrier.wait();
        let started = Instant::now();
        let mut all = Vec::new();
        let mut failed = 0;
        for handle in handles {
            let (latencies, lost) = handle.join().unwrap_or_default();
            all.extend(latencies);
            failed += lost;
        }
        (all, failed, started.elapsed())
    });
    let mut latencies: Vec<Duration> = latencies;
    latencies.sort_unstable();
    LoadFigures { latencies, failed, elapsed }
}
