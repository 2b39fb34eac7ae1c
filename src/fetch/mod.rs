//! Fetching from the web: a page the reader gives a link to, and the images of a page.
//!
//! A blocking HTTP client (ureq, with rustls) that behaves the same everywhere: a connect timeout
//! and a total one, a limit on redirects, the import size cap enforced while the body streams in
//! (so a body that never ends stops at the cap or at the total timeout, whichever comes first),
//! gzip and brotli, a desktop browser's User-Agent, and the proxy of `HTTPS_PROXY`/`HTTP_PROXY`/
//! `ALL_PROXY` with the exceptions of `NO_PROXY`. Each failure is a [`FetchError`] whose message
//! is one line a person understands (no network, the server's name not found, timed out, HTTP
//! 404…).
//!
//! [`fetch`] takes any http(s) link: the reader chose it. [`fetch_image`] fetches what a page
//! asks for, so it refuses loopback and private addresses (checked on the addresses the host
//! resolves to, at every redirect) unless the page itself came from such an address: a page on
//! the internet must not make Zhaji probe the reader's own network. `page.rs` turns a fetched
//! body into a [`crate::import::Document`].
//!
//! Nothing here touches the database.

mod address;
mod page;

pub use address::is_public_ip;
pub use page::{fetch_document, to_document, ContentKind};

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use ureq::http::Uri;

/// What a browser on a desktop says it is: some sites serve a stripped page, or nothing, to
/// clients they do not recognise.
pub const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
     Chrome/126.0.0.0 Safari/537.36";

/// How a fetch behaves. [`FetchOptions::default`] is what the command line and the desktop use.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Time allowed to reach the server (name lookup, connection, TLS handshake).
    pub connect_timeout: Duration,
    /// Time allowed for the whole fetch, redirects and body included.
    pub timeout: Duration,
    /// Redirects followed at most; one more is an error (a loop ends here too).
    pub max_redirects: u32,
    /// Bytes of body accepted at most, after decompression.
    pub max_bytes: u64,
    pub user_agent: String,
    /// When set, the fetch stops soon after this becomes true (checked between reads).
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_bytes: crate::import::MAX_FILE_BYTES,
            user_agent: USER_AGENT.to_owned(),
            cancel: None,
        }
    }
}

/// A body fetched with success (HTTP 2xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address the body came from, after redirects.
    pub url: String,
    pub status: u16,
    /// The media type of `Content-Type`, lower case, without parameters (`text/html`).
    pub media_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, if any.
    pub charset: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why a fetch failed, coarsely enough to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchErrorKind {
    /// Not an http(s) link, or not a well-formed one.
    BadUrl,
    /// The network or the server cannot be reached.
    Offline,
    /// The server's name was not found.
    Dns,
    Timeout,
    /// The server answered with this error status.
    Status(u16),
    /// More redirects than allowed (a redirect loop, usually).
    Redirects,
    /// The body is over the size cap.
    TooLarge,
    /// What came back is not something to read (an image, a program…), or has no text.
    NotArticle,
    /// A format recognised but not supported yet (PDF).
    Unsupported,
    /// An image address that is loopback or private, asked for by a page that is not.
    Refused,
    Cancelled,
    /// Anything else (a TLS failure, a broken response).
    Other,
}

/// A failed fetch: its kind and one line for a person, which starts with the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub kind: FetchErrorKind,
    /// The address as given.
    pub url: String,
    message: String,
}

impl FetchError {
    pub fn new(kind: FetchErrorKind, url: &str, message: impl Into<String>) -> FetchError {
        FetchError { kind, url: url.to_owned(), message: message.into() }
    }
    /// What went wrong, without the address.
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.url, self.message)
    }
}

impl std::error::Error for FetchError {}

impl From<FetchError> for crate::Error {
    fn from(e: FetchError) -> crate::Error {
        use crate::ErrorKind as K;
        let kind = match e.kind {
            FetchErrorKind::BadUrl | FetchErrorKind::TooLarge | FetchErrorKind::NotArticle => {
                K::InvalidInput
            }
            FetchErrorKind::Unsupported => K::Unsupported,
            FetchErrorKind::Refused => K::InvalidInput,
            _ => K::Network,
        };
        crate::Error::new(kind, e.to_string())
    }
}

/// True if and only if `s` is an http or https link (what `zhaji import` and the desktop take
/// as a link rather than a file's path).
pub fn is_web_url(s: &str) -> bool {
    let lower: String = s.trim().chars().take(8).collect::<String>().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `url` (any http or https address: the reader chose it).
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    let uri = parse_url(url)?;
    let agent = agent(opts, None);
    let (u, o) = (url.to_owned(), opts.clone());
    cancellable(url, opts, move || {
        let accept = "text/html,application/xhtml+xml,text/*;q=0.9,*/*;q=0.8";
        get(&agent, &u, &uri, &o, None, accept)?.body(&u)
    })
}

/// Fetches an image (or any sub-resource) that the page at `page_url` refers to, and returns
/// its bytes. No `Referer` is sent (hosts that refuse other sites' pages then serve the real
/// picture); the size cap applies; loopback, private and link-local addresses are refused, at
/// every redirect, unless the page itself came from such an address.
///
/// For a page that is not local, redirects are followed here rather than by ureq, so that each
/// address is checked before it is asked for, also when a proxy connects for us: through a proxy
/// no name is looked up here (the proxy does that), so an address on this computer or its
/// network (`192.168.1.1`, `localhost`) is refused by its form. A redirect starts no new time
/// allowance: once `opts.timeout` has passed, no further address is asked for.
pub fn fetch_image(url: &str, page_url: &str, opts: &FetchOptions) -> Result<Vec<u8>, FetchError> {
    let uri = parse_url(url)?;
    let local_page = parse_url(page_url).ok().is_some_and(|p| address::is_local_host(&p));
    let accept = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";
    let (u, o) = (url.to_owned(), opts.clone());
    if local_page {
        let agent = agent(opts, None);
        return cancellable(url, opts, move || {
            Ok(get(&agent, &u, &uri, &o, None, accept)?.body(&u)?.bytes)
        });
    }
    let refused = Arc::new(AtomicBool::new(false));
    let agent = agent(&FetchOptions { max_redirects: 0, ..opts.clone() }, Some(refused.clone()));
    cancellable(url, opts, move || {
        let started = Instant::now();
        let mut at = uri;
        for _ in 0..=o.max_redirects {
            if address::is_local_literal(&at) || address::is_local_name(&at) {
                return Err(refused_error(&u));
            }
            if started.elapsed() > o.timeout {
                return Err(timeout_error(&u, &o));
            }
            match get(&agent, &u, &at, &o, Some(&refused), accept)? {
                Answer::Body(f) => return Ok(f.bytes),
                Answer::Redirect(to) => {
                    let next = crate::import::resolve_href(&to, Some(&at.to_string()));
                    at = next.as_deref().map(parse_url).transpose()?.ok_or_else(|| {
                        FetchError::new(
                            FetchErrorKind::BadUrl,
                            &u,
                            "redirected to an address that is not a web address",
                        )
                    })?;
                }
            }
        }
        Err(too_many_redirects(&u, &o))
    })
}

/// Runs `work` so that a cancel takes effect at once: with a cancel flag, on a thread of its own
/// that this one leaves behind when the flag is set (that thread ends by itself, at its next read
/// or at the timeout). Without one, right here.
fn cancellable<T: Send + 'static>(
    url: &str,
    opts: &FetchOptions,
    work: impl FnOnce() -> Result<T, FetchError> + Send + 'static,
) -> Result<T, FetchError> {
    let Some(cancel) = opts.cancel.clone() else { return work() };
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("zhaji-fetch".into())
        .spawn(move || {
            let _ = tx.send(work());
        })
        .map_err(|e| FetchError::new(FetchErrorKind::Other, url, format!("cannot start: {e}")))?;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(result) => return result,
            Err(RecvTimeoutError::Timeout) if cancel.load(Ordering::SeqCst) => {
                return Err(FetchError::new(FetchErrorKind::Cancelled, url, "cancelled"));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(FetchError::new(FetchErrorKind::Other, url, "the fetch stopped"));
            }
        }
    }
}

fn refused_error(url: &str) -> FetchError {
    FetchError::new(
        FetchErrorKind::Refused,
        url,
        "refused: the address is on this computer or its local network, and the page is not",
    )
}

/// Checks and parses an address given by a person or a page. Characters a URI cannot hold
/// (Chinese in a path, spaces) are percent-encoded first, as browsers do.
fn parse_url(url: &str) -> Result<Uri, FetchError> {
    let trimmed = url.trim();
    if !is_web_url(trimmed) {
        return Err(FetchError::new(
            FetchErrorKind::BadUrl,
            url,
            "not a web address (only http and https links can be imported)",
        ));
    }
    let encoded = encode_url(&ascii_host(trimmed));
    match encoded.parse::<Uri>() {
        Ok(u) if u.host().is_some_and(|h| !h.is_empty()) => Ok(u),
        _ => Err(FetchError::new(FetchErrorKind::BadUrl, url, "not a well-formed web address")),
    }
}

/// `url` with its host as browsers send it: a name in Chinese (or any script) in Punycode
/// (`https://算力.invalid/文章` → `https://xn--….invalid/文章`), after UTS 46 mapping (full-width
/// letters and the ideographic full stop `。` read as their ASCII forms). Unchanged when the host
/// is ASCII, or is no valid name (the URI parser then refuses it).
fn ascii_host(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let at = authority.rfind('@').map_or(0, |i| i + 1);
    let host_port = &authority[at..];
    if host_port.is_ascii() {
        return url.to_owned();
    }
    let port_at = host_port
        .rfind(':')
        .filter(|&i| host_port[i + 1..].bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(host_port.len());
    match idna::domain_to_ascii(&host_port[..port_at]) {
        Ok(host) => format!(
            "{scheme}://{}{host}{}{}",
            &authority[..at],
            &host_port[port_at..],
            &rest[end..]
        ),
        Err(_) => url.to_owned(),
    }
}

/// `url` with every byte a URI cannot carry as is percent-encoded (non-ASCII, spaces, controls).
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic()
            && !matches!(b, b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An agent for `opts`; with a guard, one that connects to public addresses only. With no
/// redirects allowed, a redirect is given back as an [`Answer::Redirect`] to follow.
fn agent(opts: &FetchOptions, guard: Option<Arc<AtomicBool>>) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .max_redirects_will_error(opts.max_redirects > 0)
        .http_status_as_error(false)
        .user_agent(opts.user_agent.as_str())
        .proxy(ureq::Proxy::try_from_env())
        .build();
    let connector = ureq::unversioned::transport::DefaultConnector::default();
    ureq::Agent::with_parts(config, connector, address::Lookup::new(guard))
}

/// What one GET gave: a body, or, from an agent that follows no redirects, where to go next.
enum Answer {
    Body(Fetched),
    Redirect(String),
}

impl Answer {
    /// The body; a redirect here (from an agent that was to follow them) is an error.
    fn body(self, url: &str) -> Result<Fetched, FetchError> {
        match self {
            Answer::Body(f) => Ok(f),
            Answer::Redirect(_) => Err(status_error(url, 302)),
        }
    }
}

/// One GET with everything checked: status, declared and actual size, the deadline, a cancel.
fn get(
    agent: &ureq::Agent,
    url: &str,
    uri: &Uri,
    opts: &FetchOptions,
    refused: Option<&Arc<AtomicBool>>,
    accept: &str,
) -> Result<Answer, FetchError> {
    let started = Instant::now();
    let cancelled = || opts.cancel.as_ref().is_some_and(|c| c.load(Ordering::SeqCst));
    if cancelled() {
        return Err(FetchError::new(FetchErrorKind::Cancelled, url, "cancelled"));
    }
    let mut response = agent
        .get(uri.clone())
        .header("Accept", accept)
        .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
        .call()
        .map_err(|e| {
            if refused.is_some_and(|r| r.load(Ordering::SeqCst)) {
                return refused_error(url);
            }
            from_ureq(url, uri, opts, e)
        })?;
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok());
    if let Some(to) = location.filter(|_| (300..400).contains(&status)) {
        return Ok(Answer::Redirect(to.to_owned()));
    }
    if !(200..300).contains(&status) {
        return Err(status_error(url, status));
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let (media_type, charset) = parse_content_type(&content_type);
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let encoded = response.headers().contains_key("content-encoding");
    if let Some(n) = declared {
        if n > opts.max_bytes && !encoded {
            return Err(too_large(url, opts.max_bytes));
        }
    }
    let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(opts.max_bytes) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if cancelled() {
            return Err(FetchError::new(FetchErrorKind::Cancelled, url, "cancelled"));
        }
        if started.elapsed() > opts.timeout {
            return Err(timeout_error(url, opts));
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(from_io(url, uri, opts, e)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > opts.max_bytes {
            return Err(too_large(url, opts.max_bytes));
        }
    }
    Ok(Answer::Body(Fetched { url: final_url, status, media_type, charset, bytes }))
}

/// `text/html; charset=GBK` → (`text/html`, `GBK`).
fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media = parts.next().map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
            .filter(|v| !v.is_empty())
    });
    (media, charset)
}

fn status_error(url: &str, status: u16) -> FetchError {
    let why = match status {
        401 => "the site asks for a login",
        403 => "the site refused access (it may need a login, or it turns programs away)",
        404 | 410 => "there is no page at this address",
        429 => "the site is asked too often; try again later",
        400..=499 => "the site refused the request",
        500..=599 => "the site has a problem of its own; try again later",
        _ => "the site gave an unexpected answer",
    };
    FetchError::new(FetchErrorKind::Status(status), url, format!("HTTP {status}: {why}"))
}

fn too_large(url: &str, max: u64) -> FetchError {
    FetchError::new(
        FetchErrorKind::TooLarge,
        url,
        format!("too large to import (more than {})", crate::import::human_size(max)),
    )
}

fn too_many_redirects(url: &str, opts: &FetchOptions) -> FetchError {
    FetchError::new(
        FetchErrorKind::Redirects,
        url,
        format!(
            "too many redirects (more than {}; the site may redirect in a loop)",
            opts.max_redirects
        ),
    )
}

fn timeout_error(url: &str, opts: &FetchOptions) -> FetchError {
    FetchError::new(
        FetchErrorKind::Timeout,
        url,
        format!("timed out: the site did not answer within {} s", opts.timeout.as_secs_f32()),
    )
}

/// An error text from below as one line.
fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn host_of(uri: &Uri) -> &str {
    uri.host().unwrap_or("")
}

fn from_ureq(url: &str, uri: &Uri, opts: &FetchOptions, e: ureq::Error) -> FetchError {
    use ureq::Error as E;
    let host = host_of(uri);
    match e {
        E::Timeout(_) => timeout_error(url, opts),
        E::HostNotFound => FetchError::new(
            FetchErrorKind::Dns,
            url,
            format!("cannot find the site {host} (its name did not resolve: no network, or a mistyped address)"),
        ),
        E::TooManyRedirects => too_many_redirects(url, opts),
        E::Io(io) => from_io(url, uri, opts, io),
        E::ConnectionFailed => offline(url, host, "the connection failed"),
        E::BodyExceedsLimit(_) => too_large(url, opts.max_bytes),
        E::ConnectProxyFailed(why) => FetchError::new(
            FetchErrorKind::Offline,
            url,
            format!("the proxy refused the connection ({why})"),
        ),
        E::BadUri(_) | E::Http(_) => {
            FetchError::new(FetchErrorKind::BadUrl, url, "not a well-formed web address")
        }
        other => FetchError::new(
            FetchErrorKind::Other,
            url,
            format!("the fetch failed: {}", flatten(&other.to_string())),
        ),
    }
}

fn offline(url: &str, host: &str, why: &str) -> FetchError {
    FetchError::new(
        FetchErrorKind::Offline,
        url,
        format!("cannot reach {host}: {why} (no network, or the site is down)"),
    )
}

fn from_io(url: &str, uri: &Uri, opts: &FetchOptions, e: std::io::Error) -> FetchError {
    use std::io::ErrorKind as K;
    // ureq wraps its own errors (a timeout, a body over its limit) in io::Error while reading.
    if e.get_ref().is_some_and(|inner| inner.is::<ureq::Error>()) {
        if let Some(Ok(inner)) = e.into_inner().map(|b| b.downcast::<ureq::Error>()) {
            return from_ureq(url, uri, opts, *inner);
        }
        return FetchError::new(FetchErrorKind::Other, url, "the fetch failed");
    }
    let host = host_of(uri);
    match e.kind() {
        K::TimedOut | K::WouldBlock => timeout_error(url, opts),
        K::ConnectionRefused => offline(url, host, "the connection was refused"),
        K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => {
            offline(url, host, "the connection was cut")
        }
        K::NetworkUnreachable | K::HostUnreachable | K::NetworkDown | K::AddrNotAvailable => {
            offline(url, host, "the network is unreachable")
        }
        _ => offline(url, host, &flatten(&e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_told_from_paths_and_encoded_as_browsers_do() {
        assert!(is_web_url("https://mp.weixin.qq.com/s/abc"));
        assert!(is_web_url(" HTTP://example.com"));
        assert!(!is_web_url("/home/读者/文章.html"));
        assert!(!is_web_url("ftp://example.com/a"));
        assert!(!is_web_url("httpx.txt"));
        assert_eq!(
            encode_url("https://zh.wikipedia.org/wiki/人工智能 史"),
            "https://zh.wikipedia.org/wiki/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD%20%E5%8F%B2"
        );
        assert!(parse_url("https://36kr.com/p/123?a=1#x").is_ok());
        // A Chinese host name goes out in Punycode, its port and path kept.
        let idn = parse_url("http://例子。测试:8080/文章?a=1").unwrap();
        assert_eq!(idn.host(), Some("xn--fsqu00a.xn--0zwm56d"));
        assert_eq!(idn.port_u16(), Some(8080));
        assert_eq!(idn.path(), "/%E6%96%87%E7%AB%A0");
        assert_eq!(ascii_host("https://user@ＡＢＣ.com/"), "https://user@abc.com/");
        assert_eq!(parse_url("file:///etc/passwd").unwrap_err().kind, FetchErrorKind::BadUrl);
        assert_eq!(parse_url("http://").unwrap_err().kind, FetchErrorKind::BadUrl);
    }

    #[test]
    fn content_types_are_split_into_media_type_and_charset() {
        assert_eq!(
            parse_content_type("Text/HTML; charset=\"GBK\""),
            (Some("text/html".into()), Some("GBK".into()))
        );
        assert_eq!(parse_content_type(""), (None, None));
        assert_eq!(parse_content_type("text/plain;foo=bar"), (Some("text/plain".into()), None));
    }

    #[test]
    fn each_error_is_one_line_starting_with_the_address() {
        let e = status_error("https://a.cn/x", 404);
        assert_eq!(e.to_string(), "https://a.cn/x: HTTP 404: there is no page at this address");
        assert_eq!(status_error("u", 503).kind, FetchErrorKind::Status(503));
        let e: crate::Error = too_large("u", 64 << 20).into();
        assert_eq!(e.message(), "u: too large to import (more than 64 MiB)");
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    }
}
