//! A group robot's webhook on loopback, as 钉钉, 企业微信 or 飞书 document it: it checks the
//! token and the signature the documented way (and 企业微信's 4096-byte markdown bound), answers
//! with the platform's success and error bodies, can answer "too fast" on demand, and can go
//! down and come back on the same port.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use fazhi_core::RobotPlatform;
use fazhi_notify::hmac_sha256;
use serde_json::Value;

/// What the server was sent and accepted.
#[derive(Debug, Default)]
pub struct Record {
    /// The bodies of the messages accepted, in order.
    pub accepted: Vec<Value>,
    /// The answers given to refused requests.
    pub refused: Vec<String>,
}

/// A scripted answer for the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Answers the platform's rate-limit error.
    TooFast,
}

pub struct RobotServer {
    pub platform: RobotPlatform,
    pub token: String,
    pub secret: Option<String>,
    pub address: SocketAddr,
    pub record: Arc<Mutex<Record>>,
    pub script: Arc<Mutex<VecDeque<Script>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RobotServer {
    /// A server on a free loopback port.
    pub fn start(platform: RobotPlatform, token: &str, secret: Option<&str>) -> RobotServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut server = RobotServer {
            platform,
            token: token.to_string(),
            secret: secret.map(str::to_string),
            address: listener.local_addr().unwrap(),
            record: Arc::default(),
            script: Arc::default(),
            stop: Arc::default(),
            thread: None,
        };
        server.serve(listener);
        server
    }

    /// The robot's `url` in fazhi.ron (without the credential).
    pub fn url(&self) -> String {
        match self.platform {
            RobotPlatform::DingTalk => format!("http://{}/robot/send", self.address),
            RobotPlatform::WeCom => format!("http://{}/cgi-bin/webhook/send", self.address),
            RobotPlatform::Feishu => format!("http://{}/open-apis/bot/v2/hook", self.address),
        }
    }

    /// Stops listening: connections are refused until [`RobotServer::restart`].
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }

    /// Listens again on the same port.
    pub fn restart(&mut self) {
        self.stop = Arc::default();
        let listener = TcpListener::bind(self.address).unwrap();
        self.serve(listener);
    }

    fn serve(&mut self, listener: TcpListener) {
        let (stop, record, script) = (self.stop.clone(), self.record.clone(), self.script.clone());
        let (platform, token, secret) = (self.platform, self.token.clone(), self.secret.clone());
        self.thread = Some(std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let _ = handle(stream, platform, &token, secret.as_deref(), &record, &script);
            }
        }));
    }
}

impl Drop for RobotServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn handle(
    stream: TcpStream,
    platform: RobotPlatform,
    token: &str,
    secret: Option<&str>,
    record: &Mutex<Record>,
    script: &Mutex<VecDeque<Script>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or_default().to_string();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let query: HashMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), percent_decode(v)))
        .collect();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let answer = judge(platform, token, secret, path, &query, &body, script);
    let mut record = record.lock().unwrap();
    match &answer {
        Ok(_) => record.accepted.push(body),
        Err(text) => record.refused.push(text.clone()),
    }
    drop(record);
    let text = answer.unwrap_or_else(|text| text);
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )?;
    stream.flush()
}

/// The platform's answer: `Ok(success body)` or `Err(error body)`.
fn judge(
    platform: RobotPlatform,
    token: &str,
    secret: Option<&str>,
    path: &str,
    query: &HashMap<String, String>,
    body: &Value,
    script: &Mutex<VecDeque<Script>>,
) -> Result<String, String> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let b64 = |bytes: [u8; 32]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let too_fast = script.lock().unwrap().pop_front() == Some(Script::TooFast);
    match platform {
        RobotPlatform::DingTalk => {
            if query.get("access_token").map(String::as_str) != Some(token) {
                return Err(r#"{"errcode":300005,"errmsg":"token is not exist"}"#.into());
            }
            if let Some(secret) = secret {
                // 加签: timestamp in ms within an hour; sign = Base64(HMAC-SHA256(secret, "ts\nsecret")).
                let ts: i64 = query.get("timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
                let fresh = (ts - now.as_millis() as i64).abs() < 3_600_000;
                let expected = b64(hmac_sha256(secret.as_bytes(), format!("{ts}\n{secret}").as_bytes()));
                if !fresh || query.get("sign") != Some(&expected) {
                    return Err(r#"{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}"#.into());
                }
            }
            if body["msgtype"] != "markdown"
                || !body["markdown"]["title"].is_string()
                || !body["markdown"]["text"].is_string()
            {
                return Err(r#"{"errcode":40035,"errmsg":"缺少参数 json"}"#.into());
            }
            if too_fast {
                return Err(r#"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#.into());
            }
            Ok(r#"{"errcode":0,"errmsg":"ok"}"#.into())
        }
        RobotPlatform::WeCom => {
            if query.get("key").map(String::as_str) != Some(token) {
                return Err(r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1672900000_1_abc]"}"#.into());
            }
            let Some(content) = body["markdown"]["content"].as_str().filter(|_| body["msgtype"] == "markdown") else {
                return Err(r#"{"errcode":40008,"errmsg":"invalid message type"}"#.into());
            };
            if content.len() > 4096 {
                return Err(r#"{"errcode":40058,"errmsg":"markdown.content exceed max length 4096"}"#.into());
            }
            if too_fast {
                return Err(r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#.into());
            }
            Ok(r#"{"errcode":0,"errmsg":"ok"}"#.into())
        }
        RobotPlatform::Feishu => {
            if path.rsplit('/').next().map(percent_decode).as_deref() != Some(token) {
                return Err(
                    r#"{"code":19001,"msg":"param invalid: incoming webhook access token invalid","data":{}}"#.into()
                );
            }
            if let Some(secret) = secret {
                // 签名校验: timestamp in s within an hour; sign = Base64(HMAC-SHA256(key "ts\nsecret", "")).
                let ts: i64 = body["timestamp"].as_str().and_then(|t| t.parse().ok()).unwrap_or(0);
                let fresh = (ts - now.as_secs() as i64).abs() < 3600;
                let expected = b64(hmac_sha256(format!("{ts}\n{secret}").as_bytes(), b""));
                if !fresh || body["sign"].as_str() != Some(&expected) {
                    return Err(r#"{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time","data":{}}"#.into());
                }
            }
            if body["msg_type"] != "text" || !body["content"]["text"].is_string() {
                return Err(r#"{"code":19002,"msg":"params error, msg_type need","data":{}}"#.into());
            }
            if too_fast {
                return Err(r#"{"code":9499,"msg":"too many request","data":{}}"#.into());
            }
            Ok(r#"{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}"#.into())
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
