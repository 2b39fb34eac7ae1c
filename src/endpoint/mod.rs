//! The loopback endpoint the browser extension (`clipper/`) sends pages to: a small HTTP server
//! on 127.0.0.1 that does one thing, `POST /clip`, which adds the page (see
//! [`Library::import_clipping`]). It never reads or lists the library.
//!
//! It answers only a paired extension: the request must carry the pairing token
//! (`Authorization: Bearer …`, else 401) and come from a browser extension's origin
//! (`chrome-extension://…` or `moz-extension://…`, else 403). The first request accepted with a
//! token pins its origin; from then on another extension holding the same token is refused
//! (403) until the reader pairs again. Bodies over [`MAX_BODY_BYTES`] are refused before they
//! are read (413); any other path is 404, any other method 405. The token is read from the
//! library at every request, so a new token or an unpairing takes effect at once.
//!
//! One connection is answered at a time, on a thread of the endpoint's own, with a library
//! connection of its own (SQLite's WAL lets the app read meanwhile).

mod http;

use crate::fetch::FetchOptions;
use crate::{Clipping, Error, ErrorKind, ImportStatus, Library, Result};
use http::{read_body, read_head, respond, Head};
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The one path the endpoint answers.
pub const PATH: &str = "/clip";
/// The largest request body accepted: a page's DOM as JSON. The biggest 公众号 capture we have
/// is 3 MB of HTML; the importer takes 64 MiB files, but a rendered DOM past 32 MiB is not an
/// article.
pub const MAX_BODY_BYTES: usize = 32 << 20;
/// How long a client may take to send its request, and to take the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the rest of a refused request is waited for.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// A running endpoint; it stops when dropped (or told to).
pub struct Endpoint {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Endpoint {
    /// Opens the library at `db` (a connection of the endpoint's own) and listens on
    /// 127.0.0.1:`port` (0: a free port). Fails when the port is taken.
    pub fn start(db: &Path, port: u16) -> Result<Endpoint> {
        let lib = Library::open(db)?;
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot listen on 127.0.0.1:{port}: {e}"))
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::new(ErrorKind::Io, format!("no local address: {e}")))?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let halt = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("zhaji-endpoint".into())
            .spawn(move || serve(listener, lib, &halt))
            .map_err(|e| Error::internal(format!("cannot start the endpoint's thread: {e}")))?;
        Ok(Endpoint { port, stop, thread: Some(thread) })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops listening and returns once the port is free again (a request being answered is
    /// finished first).
    pub fn stop(&mut self) {
        if !self.stop.swap(true, Ordering::SeqCst) {
            // Wakes the accepting thread, which then sees the flag.
            let _ = TcpStream::connect(("127.0.0.1", self.port));
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve(listener: TcpListener, mut lib: Library, stop: &AtomicBool) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut conn) = conn else { continue };
        let _ = conn.set_read_timeout(Some(IO_TIMEOUT));
        let _ = conn.set_write_timeout(Some(IO_TIMEOUT));
        let (status, json) = match answer(&mut lib, &mut conn) {
            Ok(reply) => reply,
            // The client went away or was too slow: nobody to answer.
            Err(_) => continue,
        };
        let allow: &[(&str, &str)] = if status == 405 { &[("Allow", "POST")] } else { &[] };
        let _ = respond(&mut conn, status, allow, &json);
        // A refused request's body may still be coming: take it (up to the cap, briefly) so that
        // closing does not reset the connection before the client has read the answer.
        let _ = conn.shutdown(std::net::Shutdown::Write);
        let _ = conn.set_read_timeout(Some(DRAIN_TIMEOUT));
        let _ = std::io::copy(&mut (&mut conn).take(MAX_BODY_BYTES as u64), &mut std::io::sink());
    }
}

/// A refusal or failure as the endpoint's JSON.
fn refuse(status: u16, why: &str) -> (u16, String) {
    (status, serde_json::json!({ "error": why }).to_string())
}

/// Reads one request and decides its answer (status, JSON body).
fn answer(lib: &mut Library, conn: &mut TcpStream) -> std::io::Result<(u16, String)> {
    let Some((head, rest)) = read_head(conn)? else {
        return Ok(refuse(400, "not an HTTP request"));
    };
    if let Err(refusal) = admit(lib, &head) {
        return Ok(refusal);
    }
    if head.header("transfer-encoding").is_some() {
        return Ok(refuse(411, "send the page with a Content-Length"));
    }
    let len = match head.header("content-length").map(str::parse::<usize>) {
        None => return Ok(refuse(411, "send the page with a Content-Length")),
        Some(Err(_)) => return Ok(refuse(400, "a malformed Content-Length")),
        Some(Ok(n)) if n > MAX_BODY_BYTES => {
            return Ok(refuse(413, "the page is larger than the app accepts (32 MiB)"))
        }
        Some(Ok(n)) => n,
    };
    let body = read_body(conn, rest, len)?;
    let clip: Clipping = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return Ok(refuse(400, &format!("not a page: {e}"))),
    };
    // `admit` checked the origin is an extension's.
    let origin = head.header("origin").unwrap_or_default();
    match lib.pin_clipper_extension(origin) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::Conflict => return Ok(refuse(403, e.message())),
        Err(e) => return Ok(refuse(500, e.message())),
    }
    Ok(match lib.import_clipping(&clip, &FetchOptions::default()) {
        Ok(done) => {
            let status = match done.outcome.status {
                ImportStatus::Imported => "imported",
                ImportStatus::AlreadyPresent => "already_present",
                ImportStatus::Updated { .. } => "updated",
            };
            let json = serde_json::json!({
                "title": done.outcome.article.meta.title,
                "status": status,
                "highlighted": done.highlight.is_some(),
                "warnings": done.outcome.warnings,
            });
            (200, json.to_string())
        }
        Err(e) if e.kind() == ErrorKind::InvalidInput => refuse(422, e.message()),
        Err(e) => refuse(500, e.message()),
    })
}

/// Whether the request may be heard at all: the path, the method, the token, the origin.
fn admit(lib: &Library, head: &Head) -> std::result::Result<(), (u16, String)> {
    if head.path != PATH {
        return Err(refuse(404, "no such path"));
    }
    if head.method != "POST" {
        return Err(refuse(405, "only POST"));
    }
    let pairing = match lib.clipper_pairing() {
        Ok(Some(p)) => p,
        Ok(None) => return Err(refuse(401, "the app is not paired with an extension")),
        Err(e) => return Err(refuse(500, e.message())),
    };
    let sent = head.header("authorization").and_then(|a| a.strip_prefix("Bearer ")).unwrap_or("");
    if !same_secret(sent.trim().as_bytes(), pairing.token.as_bytes()) {
        return Err(refuse(401, "a missing or wrong token: pair the extension again"));
    }
    let origin = head.header("origin").unwrap_or("");
    let extension = ["chrome-extension://", "moz-extension://"]
        .iter()
        .any(|scheme| origin.strip_prefix(scheme).is_some_and(|id| !id.is_empty()));
    if !extension || pairing.extension.as_deref().is_some_and(|pinned| pinned != origin) {
        return Err(refuse(403, "only the paired extension may send pages"));
    }
    Ok(())
}

/// Compares two secrets in time that depends on their lengths only.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
