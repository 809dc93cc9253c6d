//! Load on `fazhi web` over loopback: clients signed in as a browser would (the sign-in form,
//! its token and cookie), each on its own keep-alive connection, asking for pages at once.
//! A small HTTP/1.1 client of its own: the pages answer with a `Content-Length`.
//!
//! The clients of a load share one thread, each a task waiting on its socket (as `wrk` or
//! `oha` drive their connections), rather than a thread each: on the two cores the server
//! runs on too, 200 client threads woken in turn took more of the CPU than the server and
//! made the slowest answers wait on their scheduling.

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

    /// The socket, for a load to drive (every answer read before was read whole, so nothing
    /// is left in the buffer).
    fn into_stream(self) -> TcpStream {
        self.reader.into_inner()
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
/// times each, all at once (they start together), on one thread.
pub fn load(connections: Vec<(Connection, String)>, path: &str, rounds: usize) -> LoadFigures {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_io().build() {
        Ok(runtime) => runtime,
        Err(_) => {
            return LoadFigures { latencies: Vec::new(), failed: connections.len() * rounds, elapsed: Duration::ZERO }
        }
    };
    let (latencies, failed, elapsed) = runtime.block_on(async {
        let mut clients = tokio::task::JoinSet::new();
        let mut failed = 0;
        for (connection, cookie) in connections {
            let address = connection.address.clone();
            let stream = connection.into_stream();
            let stream = stream.set_nonblocking(true).and_then(|()| tokio::net::TcpStream::from_std(stream));
            let Ok(stream) = stream else {
                failed += rounds;
                continue;
            };
            let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\r\n");
            clients.spawn(client(stream, request.into_bytes(), rounds));
        }
        // The tasks run once this one waits: all together.
        let started = Instant::now();
        let mut all = Vec::new();
        while let Some(joined) = clients.join_next().await {
            let (latencies, lost) = joined.unwrap_or_else(|_| (Vec::new(), rounds));
            all.extend(latencies);
            failed += lost;
        }
        (all, failed, started.elapsed())
    });
    let mut latencies: Vec<Duration> = latencies;
    latencies.sort_unstable();
    LoadFigures { latencies, failed, elapsed }
}

/// One client of a load: `request` sent `rounds` times on `stream`, each answer read whole
/// (into the same memory) before the next is sent. The latencies of the answers `200 OK`, and
/// how many were not.
async fn client(mut stream: tokio::net::TcpStream, request: Vec<u8>, rounds: usize) -> (Vec<Duration>, usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut latencies, mut failed) = (Vec::with_capacity(rounds), 0);
    let mut buffer = vec![0u8; 64 * 1024];
    for round in 0..rounds {
        let started = Instant::now();
        let answer = async {
            stream.write_all(&request).await?;
            // The status line and headers, and whatever of the body came with them.
            let mut filled = 0;
            let end = loop {
                let read = stream.read(&mut buffer[filled..]).await?;
                if read == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                filled += read;
                if let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                    break end + 4;
                }
                if filled == buffer.len() {
                    return Err(std::io::ErrorKind::InvalidData.into());
                }
            };
            let head = String::from_utf8_lossy(&buffer[..end]);
            let status: u16 = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
            // Every page answers with its length; without one (or with more than it), the
            // rounds after would read the wrong bytes.
            let header = |wanted: &str| {
                head.lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                    .map(|(_, value)| value.trim().to_string())
            };
            let length = match (header("content-length"), header("transfer-encoding")) {
                (Some(length), None) => length.parse::<usize>().map_err(|_| std::io::ErrorKind::InvalidData)?,
                _ => return Err(std::io::ErrorKind::InvalidData.into()),
            };
            if filled - end > length {
                return Err(std::io::ErrorKind::InvalidData.into());
            }
            let mut left = length - (filled - end);
            while left > 0 {
                let read = stream.read(&mut buffer[..left.min(64 * 1024)]).await?;
                if read == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                left -= read;
            }
            Ok::<u16, std::io::Error>(status)
        };
        match answer.await {
            Ok(200) => latencies.push(started.elapsed()),
            Ok(_) => failed += 1,
            // The connection is gone: the rounds left are lost.
            Err(_) => {
                failed += rounds - round;
                break;
            }
        }
    }
    (latencies, failed)
}
