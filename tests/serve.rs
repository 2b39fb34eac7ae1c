//! A small HTTP server on 127.0.0.1 for tests that fetch: each route answers with a page, a
//! redirect, an error status, silence, or a body that never ends; every request is recorded. And
//! a CONNECT proxy that records what it tunnels. Standard library only (the desktop's tests use
//! it too); one thread per connection; nothing leaves the machine.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a route answers.
#[derive(Clone)]
pub enum Reply {
    /// A status, headers and a body (`Content-Length` is added).
    Body { status: u16, headers: Vec<(String, String)>, body: Arc<Mutex<Vec<u8>>> },
    /// `302 Found` to this location.
    Redirect(String),
    /// Reads the request and never answers.
    Silent,
    /// Headers, then a body without a length that never ends, as fast as it is taken.
    Endless,
    /// Headers, then one byte every 100 ms, forever.
    Trickle,
}

impl Reply {
    /// `200 OK` with this content type and body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::with(200, &[("Content-Type", content_type)], body)
    }
    /// An HTML page in UTF-8.
    pub fn html(body: &str) -> Reply {
        Reply::ok("text/html; charset=utf-8", body)
    }
    pub fn status(status: u16) -> Reply {
        Reply::with(status, &[("Content-Type", "text/html")], format!("<h1>{status}</h1>"))
    }
    pub fn with(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
        let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Reply::Body { status, headers, body: Arc::new(Mutex::new(body.into())) }
    }
    /// Replaces the body this reply sends (the page changed on the server).
    pub fn set_body(&self, new: impl Into<Vec<u8>>) {
        if let Reply::Body { body, .. } = self {
            *body.lock().unwrap() = new.into();
        }
    }
}

/// A running server; it stops accepting when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Serves `routes` (path with its query, or path alone, to reply); other paths are 404.
    pub fn start(routes: Vec<(&str, Reply)>) -> Server {
        let routes: HashMap<String, Reply> =
            routes.into_iter().map(|(p, r)| (p.to_owned(), r)).collect();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, halt) = (Arc::clone(&requests), Arc::clone(&stop));
        let routes = Arc::new(routes);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (routes, log) = (Arc::clone(&routes), Arc::clone(&log));
                std::thread::spawn(move || answer(conn, &routes, &log));
            }
        });
        Server { addr, requests, stop }
    }

    /// The address of `path` on this server (`http://127.0.0.1:PORT/path`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far: the request line and headers, as received.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the accepting thread
    }
}

/// Reads one request's head (up to the blank line).
fn read_head(conn: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match conn.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

fn answer(mut conn: TcpStream, routes: &HashMap<String, Reply>, log: &Mutex<Vec<String>>) {
    let Some(head) = read_head(&mut conn) else { return };
    log.lock().unwrap().push(head.clone());
    let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let path = target.split('?').next().unwrap_or("/").to_owned();
    let reply = routes.get(&target).or_else(|| routes.get(&path)).cloned();
    let reply = reply.unwrap_or_else(|| Reply::status(404));
    let _ = send(&mut conn, reply);
}

fn send(conn: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Body { status, headers, body } => {
            let body = body.lock().unwrap().clone();
            let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            let declares_length =
                headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
            for (k, v) in &headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            if !declares_length {
                out.push_str(&format!("Content-Length: {}\r\n", body.len()));
            }
            out.push_str("Connection: close\r\n\r\n");
            conn.write_all(out.as_bytes())?;
            conn.write_all(&body)?;
            conn.flush()?;
            let _ = conn.shutdown(Shutdown::Write);
            Ok(())
        }
        Reply::Redirect(to) => {
            let out = format!(
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            conn.write_all(out.as_bytes())
        }
        Reply::Silent => {
            // Wait for the client to give up and close.
            let mut sink = [0u8; 1024];
            while matches!(conn.read(&mut sink), Ok(n) if n > 0) {}
            Ok(())
        }
        Reply::Endless => {
            conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")?;
            let chunk = "无尽的正文。".repeat(4096).into_bytes();
            loop {
                conn.write_all(&chunk)?;
            }
        }
        Reply::Trickle => {
            conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")?;
            loop {
                conn.write_all(b"a")?;
                conn.flush()?;
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A CONNECT proxy: records each `CONNECT host:port` and tunnels it, to the host asked for or,
/// when made with [`Proxy::to`], always to one server (a stand-in for the whole web).
pub struct Proxy {
    addr: SocketAddr,
    tunnels: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// A proxy that tunnels to the host each CONNECT names.
    pub fn start() -> Proxy {
        Proxy::spawn(None)
    }

    /// A proxy that tunnels every CONNECT to `server`, whatever host it names.
    pub fn to(server: SocketAddr) -> Proxy {
        Proxy::spawn(Some(server))
    }

    fn spawn(fixed: Option<SocketAddr>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().unwrap();
        let tunnels = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&tunnels);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let log = Arc::clone(&log);
                std::thread::spawn(move || tunnel(conn, fixed, &log));
            }
        });
        Proxy { addr, tunnels }
    }

    /// `http://127.0.0.1:PORT`, for `HTTP_PROXY`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `host:port` of every CONNECT so far.
    pub fn tunnels(&self) -> Vec<String> {
        self.tunnels.lock().unwrap().clone()
    }
}

fn tunnel(mut client: TcpStream, fixed: Option<SocketAddr>, log: &Mutex<Vec<String>>) {
    let Some(head) = read_head(&mut client) else { return };
    let mut words = head.split_whitespace();
    if words.next() != Some("CONNECT") {
        let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    let target = words.next().unwrap_or("").to_owned();
    log.lock().unwrap().push(target.clone());
    let upstream = match fixed {
        Some(addr) => TcpStream::connect(addr),
        None => TcpStream::connect(target.as_str()),
    };
    let Ok(upstream) = upstream else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    if client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").is_err() {
        return;
    }
    let (Ok(mut c2), Ok(mut u2)) = (client.try_clone(), upstream.try_clone()) else { return };
    let mut upstream = upstream;
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut c2, &mut u2);
        let _ = u2.shutdown(Shutdown::Write);
    });
    let _ = std::io::copy(&mut upstream, &mut client);
    let _ = client.shutdown(Shutdown::Write);
}
