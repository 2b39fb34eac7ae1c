//! Capturing links, against a local server (`serve.rs`): pages, redirects and loops, timeouts,
//! charsets, HTTP errors, huge and endless bodies, PDF, gzip, proxies; through the library and
//! through `zhaji import URL`. Nothing here reaches past 127.0.0.1.

use crate::serve::{Proxy, Reply, Server};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;
use zhaji::fetch::{fetch, fetch_document, fetch_image, FetchErrorKind, FetchOptions};
use zhaji::{Color, HighlightSpec, ImportSource, ImportStatus, Library};

const PAGE: &str = "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8>\
    <title>算力的账本</title>\
    <link rel=canonical href=\"https://news.example.cn/p/42\"></head><body>\
    <nav>首页 | 科技 | 财经</nav><article><h1>算力的账本</h1>\
    <p>大模型的训练需要大量算力，而算力的尽头是电力。</p>\
    <p>一家数据中心一年的电费，可以抵得上一座小城市。</p>\
    <p>英伟达的芯片供不应求，价格一路上涨。</p></article>\
    <footer>版权所有</footer></body></html>";

/// Options for tests: short timeouts.
fn quick() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        ..FetchOptions::default()
    }
}

/// Runs `zhaji` with no proxy from the environment, plus `env`.
fn zhaji_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhaji"));
    cmd.arg("--db").arg(db).args(args).env_remove("ZHAJI_DB");
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"] {
        cmd.env_remove(var).env_remove(var.to_ascii_lowercase());
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run zhaji")
}

/// The one line a failing `zhaji import URL` prints (checked to be one line, exit 1).
fn failure(db: &Path, url: &str, extra: &[&str]) -> String {
    let mut args = vec!["import", url];
    args.extend_from_slice(extra);
    let out = zhaji_env(db, &args, &[]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{url}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("zhaji: "), "{stderr}");
    stderr.trim_end().to_owned()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn a_chinese_page_is_captured_with_its_link_and_canonical_link() {
    let server = Server::start(vec![
        ("/p/42", Reply::html(PAGE)),
        ("/old", Reply::Redirect("/p/42".into())),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let url = server.url("/old?from=share");
    let v = json(&zhaji_env(&db, &["import", &url, "--json"], &[]));
    let doc = &v.as_array().unwrap()[0];
    let article = &doc["article"];
    assert_eq!(doc["path"], url.as_str());
    assert_eq!(article["meta"]["source"], url.as_str());
    assert_eq!(article["meta"]["url"], "https://news.example.cn/p/42");
    assert_eq!(article["meta"]["title"], "算力的账本");
    assert_eq!(article["format"], "html");
    let lib = Library::open(&db).unwrap();
    let text = lib.article(1).unwrap().text;
    assert!(text.contains("算力的尽头是电力"), "{text}");
    // A desktop browser's User-Agent, and the redirect was followed.
    let requests = server.requests();
    assert!(requests[0].contains("Mozilla/5.0"), "{requests:?}");
    assert!(requests[1].starts_with("GET /p/42 "), "{requests:?}");
}

#[test]
fn charsets_come_from_the_header_then_from_the_bytes() {
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "<html><head><title>国产芯片</title></head><body><article><h1>国产芯片</h1>\
         <p>国产芯片的良率正在提高，但距离先进制程仍有差距。</p></article></body></html>",
    );
    let server = Server::start(vec![
        // No charset anywhere: the bytes decide.
        ("/bare", Reply::ok("text/html", gbk.to_vec())),
        // The header says it.
        ("/header", Reply::ok("text/html; charset=GBK", gbk.to_vec())),
        // The header is wrong.
        ("/wrong", Reply::ok("text/html; charset=utf-8", gbk.to_vec())),
        // No type at all.
        ("/untyped", Reply::with(200, &[], gbk.to_vec())),
    ]);
    for path in ["/bare", "/header", "/wrong", "/untyped"] {
        let doc = fetch_document(&server.url(path), &quick()).unwrap();
        assert_eq!(doc.meta.title, "国产芯片", "{path}");
        assert!(doc.text().contains("良率正在提高"), "{path}: {}", doc.text());
        assert!(doc.encoding.eq_ignore_ascii_case("GB18030"), "{path}: {}", doc.encoding);
    }
}

#[test]
fn gzip_text_and_markdown_are_read() {
    let server = Server::start(vec![
        (
            "/gz",
            Reply::with(
                200,
                &[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                gzip(PAGE.as_bytes()),
            ),
        ),
        ("/notes.md", Reply::ok("text/plain", "# 读书笔记\n\n- 算力\n- 数据\n")),
        ("/plain", Reply::ok("text/plain; charset=utf-8", "模型与电力\n\n电费越来越贵。\n")),
    ]);
    let doc = fetch_document(&server.url("/gz"), &quick()).unwrap();
    assert!(doc.text().contains("算力的尽头是电力"), "{}", doc.text());
    assert!(server.requests()[0].to_ascii_lowercase().contains("accept-encoding: gzip"));
    let doc = fetch_document(&server.url("/notes.md"), &quick()).unwrap();
    assert_eq!((doc.format.as_str(), doc.meta.title.as_str()), ("markdown", "读书笔记"));
    let doc = fetch_document(&server.url("/plain"), &quick()).unwrap();
    assert_eq!((doc.format.as_str(), doc.meta.title.as_str()), ("text", "模型与电力"));
}

#[test]
fn endless_and_huge_bodies_stop_at_the_cap_or_the_deadline() {
    let server = Server::start(vec![
        ("/endless", Reply::Endless),
        ("/trickle", Reply::Trickle),
        (
            "/huge",
            Reply::with(
                200,
                &[("Content-Type", "text/html"), ("Content-Length", "104857600")],
                "<p>",
            ),
        ),
    ]);
    let capped = FetchOptions { max_bytes: 1 << 20, ..quick() };
    let e = fetch(&server.url("/endless"), &capped).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::TooLarge, "{e}");
    assert!(e.to_string().ends_with("too large to import (more than 1 MiB)"), "{e}");
    let slow = FetchOptions { timeout: Duration::from_millis(700), ..quick() };
    let started = std::time::Instant::now();
    let e = fetch(&server.url("/trickle"), &slow).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Timeout, "{e}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    // A declared length over the cap is refused before the body is read.
    let e = fetch(&server.url("/huge"), &quick()).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::TooLarge, "{e}");
}

#[test]
fn a_cancel_stops_a_fetch_that_waits_for_an_answer() {
    let server = Server::start(vec![("/slow", Reply::Silent)]);
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let opts =
        FetchOptions { timeout: Duration::from_secs(60), cancel: Some(cancel.clone()), ..quick() };
    let url = server.url("/slow");
    let waiting = std::thread::spawn(move || fetch(&url, &opts));
    // Cancelled once the server has the request (the fetch is then waiting for its answer).
    while server.requests().is_empty() {
        std::thread::yield_now();
    }
    let cancelled_at = std::time::Instant::now();
    cancel.store(true, std::sync::atomic::Ordering::SeqCst);
    let e = waiting.join().unwrap().unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Cancelled, "{e}");
    assert!(cancelled_at.elapsed() < Duration::from_secs(5), "{:?}", cancelled_at.elapsed());
}

#[test]
fn each_failure_is_one_clear_line_from_the_command_line() {
    let server = Server::start(vec![
        ("/403", Reply::status(403)),
        ("/500", Reply::status(500)),
        ("/loop1", Reply::Redirect("/loop2".into())),
        ("/loop2", Reply::Redirect("/loop1".into())),
        ("/slow", Reply::Silent),
        ("/report.pdf", Reply::ok("application/pdf", "%PDF-1.7\n%âãÏÓ\n")),
        ("/pic", Reply::ok("image/png", b"\x89PNG\r\n\x1a\n".to_vec())),
        (
            "/huge",
            Reply::with(
                200,
                &[("Content-Type", "text/html"), ("Content-Length", "104857600")],
                "<p>",
            ),
        ),
        ("/empty", Reply::html("<html><body><script>app()</script></body></html>")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let u = |p: &str| server.url(p);
    let cases: &[(&str, &[&str], &str)] = &[
        ("/403", &[], "HTTP 403: the site refused access"),
        ("/404", &[], "HTTP 404: there is no page at this address"),
        ("/500", &[], "HTTP 500: the site has a problem of its own; try again later"),
        ("/loop1", &[], "too many redirects (more than 10; the site may redirect in a loop)"),
        ("/slow", &["--timeout", "1"], "timed out: the site did not answer within 1 s"),
        ("/report.pdf", &[], "PDF is not supported yet"),
        ("/pic", &[], "not an article: the link gives image/png"),
        ("/huge", &[], "too large to import (more than 64 MiB)"),
        ("/empty", &[], "not an article: no text was found on the page"),
    ];
    for (path, extra, says) in cases {
        let line = failure(&db, &u(path), extra);
        assert!(line.starts_with(&format!("zhaji: {}: ", u(path))), "{line}");
        assert!(line.contains(says), "{path}: {line}");
    }
    // Nothing listens on a port just closed: no connection.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let line = failure(&db, &format!("http://127.0.0.1:{port}/a"), &[]);
    assert!(line.contains("cannot reach 127.0.0.1: the connection was refused"), "{line}");
    let line = failure(&db, "https://", &[]);
    assert!(line.contains("not a well-formed web address"), "{line}");
    // Nothing was added by any of them.
    assert!(Library::open(&db).unwrap().articles(&Default::default()).unwrap().is_empty());
}

#[test]
fn links_and_files_mix_in_one_import_with_one_json_array() {
    let server = Server::start(vec![("/p/42", Reply::html(PAGE))]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let file = dir.path().join("笔记.md");
    std::fs::write(&file, "# 笔记\n\n数据中心的电费越来越贵。\n").unwrap();
    let url = server.url("/p/42");
    let v = json(&zhaji_env(&db, &["import", file.to_str().unwrap(), &url, "--json"], &[]));
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2, "{v}");
    assert_eq!(items[0]["article"]["meta"]["title"], "笔记");
    assert_eq!(items[1]["path"], url.as_str());
    assert_eq!(items[1]["status"]["type"], "imported");
}

#[test]
fn capturing_a_link_again_updates_its_article_and_keeps_the_highlights() {
    let page = Reply::html(PAGE);
    let server = Server::start(vec![("/p/42", page.clone())]);
    let mut lib = Library::open_in_memory().unwrap();
    let url = server.url("/p/42");
    let first = lib.import_inputs(&[ImportSource::Url(url.clone())], &quick(), &mut |_| true);
    let id = first[0].outcome.as_ref().unwrap().article.id;
    let h = lib
        .create_highlight(&HighlightSpec {
            article_id: id,
            range: None,
            quote: Some("算力的尽头是电力".into()),
            occurrence: None,
            color: Color::Yellow,
            tags: vec![],
            note: Some("关键".into()),
        })
        .unwrap();
    // The page changes on the server; it is captured again through another link to it (the
    // same canonical link).
    page.set_body(PAGE.replace("<p>大模型", "<p>据报道，大模型"));
    let again = ImportSource::from_arg(&server.url("/p/42?utm_source=wechat"));
    let second = lib.import_inputs(&[again], &quick(), &mut |_| true);
    let outcome = second[0].outcome.as_ref().unwrap_or_else(|| panic!("{second:?}"));
    assert_eq!(outcome.article.id, id);
    assert!(matches!(outcome.status, ImportStatus::Updated { .. }), "{:?}", outcome.status);
    assert_eq!(lib.articles(&Default::default()).unwrap().len(), 1);
    let article = lib.article(id).unwrap();
    assert!(article.text.contains("据报道"), "{}", article.text);
    let moved = lib.highlight(h.id).unwrap();
    let at: String = article
        .text
        .chars()
        .skip(moved.anchor.start as usize)
        .take((moved.anchor.end - moved.anchor.start) as usize)
        .collect();
    assert_eq!(at, "算力的尽头是电力");
    // Refreshing from the source fetches the link as given again.
    page.set_body(PAGE.replace("英伟达", "英伟达（NVIDIA）"));
    let o = lib.refresh_from_source(id, &quick()).unwrap();
    assert!(matches!(o.status, ImportStatus::Updated { .. }));
    assert!(lib.article(id).unwrap().text.contains("NVIDIA"));
}

#[test]
fn the_proxy_of_the_environment_is_used_unless_no_proxy_names_the_host() {
    let server = Server::start(vec![("/p/42", Reply::html(PAGE))]);
    let proxy = Proxy::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/p/42");
    let via = [("HTTP_PROXY", proxy.url())];
    let env: Vec<(&str, &str)> = via.iter().map(|(k, v)| (*k, v.as_str())).collect();
    json(&zhaji_env(&dir.path().join("a.db"), &["import", &url, "--json"], &env));
    assert_eq!(proxy.tunnels(), vec![server.addr().to_string()]);
    let mut bypass = env.clone();
    bypass.push(("NO_PROXY", "localhost,127.0.0.1"));
    json(&zhaji_env(&dir.path().join("b.db"), &["import", &url, "--json"], &bypass));
    assert_eq!(proxy.tunnels().len(), 1, "NO_PROXY was not honoured: {:?}", proxy.tunnels());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn images_send_no_referer_and_stay_off_the_local_network_for_public_pages() {
    let png = b"\x89PNG\r\n\x1a\nrest-of-picture".to_vec();
    let server = Server::start(vec![
        ("/a.png", Reply::ok("image/png", png.clone())),
        ("/hop", Reply::Redirect("/a.png".into())),
        ("/big.png", Reply::ok("image/png", vec![7u8; 4096])),
    ]);
    let local_page = server.url("/p/42");
    let bytes = fetch_image(&server.url("/hop"), &local_page, &quick()).unwrap();
    assert_eq!(bytes, png);
    assert!(server.requests().iter().all(|r| !r.to_ascii_lowercase().contains("referer")));
    let small = FetchOptions { max_bytes: 1024, ..quick() };
    let e = fetch_image(&server.url("/big.png"), &local_page, &small).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::TooLarge);
    // A page on the internet (a public address, so that nothing is looked up) may not make
    // Zhaji fetch from this computer: neither by address nor by a name that resolves here.
    let public_page = "https://93.184.216.34/article";
    let before = server.requests().len();
    let e = fetch_image(&server.url("/a.png"), public_page, &quick()).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Refused, "{e}");
    let by_name = format!("http://localhost:{}/a.png", server.addr().port());
    let e = fetch_image(&by_name, public_page, &quick()).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Refused, "{e}");
    assert_eq!(server.requests().len(), before, "a refused image was fetched");
}

#[test]
fn a_captured_page_keeps_its_images_fetched_from_where_the_page_came_from() {
    let files = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/saved-page/算力之争_files");
    let chart = std::fs::read(files.join("chart.png")).unwrap();
    let photo = std::fs::read(files.join("photo.jpg")).unwrap();
    let page = Reply::html("");
    let server = Server::start(vec![
        ("/a", page.clone()),
        ("/img/chart.png", Reply::ok("image/png", chart.clone())),
        ("/img/photo.jpg", Reply::ok("image/jpeg", photo.clone())),
    ]);
    // A relative image, a lazy one with an absolute link, and one the server does not have; the
    // page names a canonical link on another host, which must not be asked for its images.
    page.set_body(format!(
        "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>图表里的算力</title>\
         <link rel=canonical href=\"https://news.example.cn/p/7\"></head><body><article>\
         <h1>图表里的算力</h1><p>训练算力每年翻几番，下面两张图说明了这一点，也说明了电力的约束。</p>\
         <figure><img src=\"/img/chart.png\" alt=\"算力曲线\"><figcaption>图1：算力曲线</figcaption></figure>\
         <p>第二张图是数据中心的照片，机柜一排排延伸到远处，耗电惊人。</p>\
         <p><img data-src=\"{}\" src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"机房\"></p>\
         <p>第三张图在服务器上已经不存在了，导入时应留下占位而不是失败。</p>\
         <p><img src=\"/img/gone.png\" alt=\"缺失的图\"></p></article></body></html>",
        server.url("/img/photo.jpg")
    ));
    let mut lib = Library::open_in_memory().unwrap();
    let r = lib.import_inputs(&[ImportSource::Url(server.url("/a"))], &quick(), &mut |_| true);
    let outcome = r[0].outcome.as_ref().unwrap_or_else(|| panic!("{r:?}"));
    let article = lib.article(outcome.article.id).unwrap();
    let kept: Vec<_> = article.images.iter().filter(|i| i.hash.is_some()).collect();
    assert_eq!(kept.len(), 2, "{:#?}", article.images);
    assert_eq!((kept[0].alt.as_str(), kept[0].bytes as usize), ("算力曲线", chart.len()));
    assert_eq!((kept[1].alt.as_str(), kept[1].bytes as usize), ("机房", photo.len()));
    let missing = article.images.iter().find(|i| i.alt == "缺失的图").expect("a placeholder");
    assert!(missing.hash.is_none() && missing.error.is_some(), "{missing:?}");
    let asked = server.requests().join("\n");
    assert!(asked.contains("GET /img/chart.png"), "{asked}");
    assert!(!asked.to_ascii_lowercase().contains("referer"), "{asked}");
    // Refreshed from its link, the article fetches its images again rather than losing them.
    let charts =
        || server.requests().iter().filter(|r| r.starts_with("GET /img/chart.png")).count();
    let before = charts();
    lib.refresh_from_source(outcome.article.id, &quick()).unwrap();
    let again = lib.article(outcome.article.id).unwrap();
    let hashes = |a: &zhaji::Article| a.images.iter().map(|i| i.hash.clone()).collect::<Vec<_>>();
    assert_eq!(hashes(&again), hashes(&article));
    assert_eq!(charts(), before + 1);
}

/// A PNG's signature and header: enough for its format and size to be read.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// `bytes` as a brotli stream of uncompressed meta-blocks (RFC 7932, section 9.2): what a
/// server may send, made without an encoder.
fn brotli_stored(bytes: &[u8]) -> Vec<u8> {
    /// Bits written from the least significant up, as brotli reads them.
    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        fn align(&mut self) {
            self.put(0, (8 - self.n % 8) % 8);
        }
    }
    let mut b = Bits::default();
    b.put(0, 1); // WBITS = 16
    for block in bytes.chunks(1 << 16) {
        // ISLAST = 0, MNIBBLES = 4, MLEN - 1, ISUNCOMPRESSED = 1, then the bytes from the next
        // byte boundary.
        b.put(0, 1);
        b.put(0, 2);
        b.put(block.len() as u64 - 1, 16);
        b.put(1, 1);
        b.align();
        b.out.extend_from_slice(block);
    }
    b.put(0b11, 2); // ISLAST, ISLASTEMPTY
    b.align();
    b.out
}

#[test]
fn brotli_and_gzip_bodies_are_decoded() {
    let server = Server::start(vec![
        (
            "/br",
            Reply::with(
                200,
                &[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")],
                brotli_stored(PAGE.as_bytes()),
            ),
        ),
        (
            "/gz.png",
            Reply::with(
                200,
                &[("Content-Type", "image/png"), ("Content-Encoding", "gzip")],
                gzip(&png(64, 48)),
            ),
        ),
    ]);
    let doc = fetch_document(&server.url("/br"), &quick()).unwrap();
    assert_eq!(doc.meta.title, "算力的账本");
    assert!(doc.text().contains("英伟达的芯片供不应求"), "{}", doc.text());
    assert!(server.requests()[0].to_ascii_lowercase().contains("br"), "{:?}", server.requests());
    let bytes = fetch_image(&server.url("/gz.png"), &server.url("/br"), &quick()).unwrap();
    assert_eq!(bytes, png(64, 48));
}

#[test]
fn a_name_that_does_not_resolve_is_one_line_saying_so() {
    // `.invalid` never resolves (RFC 6761): no network is needed to fail.
    let e = fetch("http://zhaji-test.invalid/p/1", &quick()).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Dns, "{e}");
    let dir = tempfile::tempdir().unwrap();
    let line = failure(&dir.path().join("lib.db"), "https://suanli.invalid/文章", &[]);
    assert!(line.contains("cannot find the site suanli.invalid"), "{line}");
    assert!(line.contains("did not resolve"), "{line}");
    // A Chinese name is looked up in Punycode, as browsers do, and is not found either.
    let e = fetch("https://算力。invalid/文章", &quick()).unwrap_err();
    assert_eq!(e.kind, FetchErrorKind::Dns, "{e}");
    assert!(e.reason().contains("cannot find the site xn--"), "{e}");
}

/// Each 公众号 page of the shared corpus, served as its server sends it but with a bare
/// `Content-Type: text/html`: its text, metadata and every image, fetched without a `Referer`.
#[test]
fn wechat_pages_served_without_a_charset_keep_their_text_and_images() {
    let dir = crate::corpus_or_skip!("capture");
    for name in ["wechat-ai-coding-pipe-leak", "wechat-2018-huashang-brief"] {
        let page = std::fs::read(dir.join(name).join("page.html")).unwrap();
        let want: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(name).join("expected.json")).unwrap(),
        )
        .unwrap();
        let server = Server::start(vec![("/s", Reply::ok("text/html", page))]);
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = asked.clone();
        let mut lib = Library::open_in_memory().unwrap();
        // The images are on mmbiz.qpic.cn: a stand-in answers for it, so nothing leaves here.
        lib.set_image_fetcher(std::sync::Arc::new(move |url: &str, _: Option<&str>| {
            let mut log = log.lock().unwrap();
            log.push(url.to_owned());
            Ok(png(640, 360 + log.len() as u32))
        }));
        let r = lib.import_inputs(&[ImportSource::Url(server.url("/s"))], &quick(), &mut |_| true);
        let outcome = r[0].outcome.as_ref().unwrap_or_else(|| panic!("{name}: {r:?}"));
        let a = lib.article(outcome.article.id).unwrap();
        assert_eq!(a.summary.meta.title, want["title"].as_str().unwrap(), "{name}");
        assert_eq!(a.summary.meta.site.as_deref(), want["site"].as_str(), "{name}");
        assert_eq!(a.summary.meta.published.as_deref(), want["published"].as_str(), "{name}");
        for s in want["must_contain"].as_array().unwrap() {
            assert!(a.text.contains(s.as_str().unwrap()), "{name}: missing {s}");
        }
        for s in want["must_not_contain"].as_array().unwrap() {
            assert!(!a.text.contains(s.as_str().unwrap()), "{name}: chrome kept: {s}");
        }
        let kept = a.images.iter().filter(|i| i.hash.is_some()).count();
        println!("{name}: {kept} images kept of {} in the body", want["images"]);
        assert!(kept as u64 >= want["images"].as_u64().unwrap(), "{name}: {:#?}", a.images);
        assert!(asked.lock().unwrap().iter().all(|u| u.starts_with("http")), "{name}");
    }
}

/// A page on the internet whose image redirects to this computer or its network: the redirect
/// is refused, also when a proxy makes the connections. (The proxy here sends every connection
/// to the local server, so an address followed would show as its tunnel and as a request.)
#[test]
fn an_image_redirected_to_a_private_address_is_refused_through_a_proxy_too() {
    let inside = [
        "http://127.0.0.1/secret.png",
        "http://localhost/secret.png",
        "http://192.168.1.1/secret.png",
    ];
    let mut body = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>内网探测</title></head><body><article>\
         <h1>内网探测</h1><p>这一页来自互联网，它的图片不应让阅读器去访问本机或局域网的地址。</p>\
         <p><img src=\"/to-ok\" alt=\"正常的图\"></p>",
    );
    let mut routes: Vec<(String, Reply)> = vec![
        ("/ok.png".into(), Reply::ok("image/png", png(64, 48))),
        ("/to-ok".into(), Reply::Redirect("/ok.png".into())),
        ("/secret.png".into(), Reply::ok("image/png", png(32, 32))),
    ];
    for (i, to) in inside.iter().enumerate() {
        body.push_str(&format!(
            "<p>第{i}张图会跳转到内网。</p><p><img src=\"/hop{i}\" alt=\"跳转{i}\"></p>"
        ));
        routes.push((format!("/hop{i}"), Reply::Redirect((*to).into())));
    }
    body.push_str("</article></body></html>");
    routes.push(("/p".into(), Reply::html(&body)));
    let server = Server::start(routes.iter().map(|(p, r)| (p.as_str(), r.clone())).collect());
    let proxy = Proxy::to(server.addr());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let env = [("HTTP_PROXY", proxy.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // A public address, reached through the proxy.
    let v = json(&zhaji_env(&db, &["import", "http://93.184.216.34/p", "--json"], &env));
    let warnings = v[0]["warnings"].to_string();
    let a = Library::open(&db).unwrap().article(1).unwrap();
    let kept: Vec<&str> =
        a.images.iter().filter(|i| i.hash.is_some()).map(|i| i.alt.as_str()).collect();
    assert_eq!(kept, ["正常的图"], "{:#?}", a.images);
    for img in a.images.iter().filter(|i| i.alt.starts_with("跳转")) {
        assert!(img.error.as_deref().unwrap().contains("refused"), "{img:?}");
    }
    assert!(warnings.contains("refused"), "{warnings}");
    let tunnels = proxy.tunnels();
    assert!(tunnels.iter().all(|t| t == "93.184.216.34:80"), "{tunnels:?}");
    let asked = server.requests().join("\n");
    assert!(asked.contains("GET /ok.png"), "{asked}");
    assert!(!asked.contains("GET /secret.png"), "{asked}");
}

/// Markdown captured from a link keeps its images: relative ones (Chinese names) come from
/// beside it on the same server.
#[test]
fn a_captured_markdown_file_keeps_its_relative_images() {
    let server = Server::start(vec![
        (
            "/notes/reading.md",
            Reply::ok(
                "text/markdown; charset=utf-8",
                "# 读书笔记\n\n算力与电力的关系，是这本书反复讨论的问题。\n\n![算力曲线](img/算力曲线.png)\n\n\
                 ![机房](/static/%E6%9C%BA%E6%88%BF.png)\n\n![缺失](img/没有.png)\n",
            ),
        ),
        ("/notes/img/%E7%AE%97%E5%8A%9B%E6%9B%B2%E7%BA%BF.png", Reply::ok("image/png", png(640, 360))),
        ("/static/%E6%9C%BA%E6%88%BF.png", Reply::ok("image/png", png(320, 240))),
    ]);
    let mut lib = Library::open_in_memory().unwrap();
    let link = ImportSource::Url(server.url("/notes/reading.md"));
    let r = lib.import_inputs(&[link], &quick(), &mut |_| true);
    let outcome = r[0].outcome.as_ref().unwrap_or_else(|| panic!("{r:?}"));
    let a = lib.article(outcome.article.id).unwrap();
    let got: Vec<(&str, u32)> = a.images.iter().map(|i| (i.alt.as_str(), i.width)).collect();
    assert_eq!(got, [("算力曲线", 640), ("机房", 320), ("缺失", 0)], "{:#?}", a.images);
    assert!(a.images[2].error.as_deref().unwrap().contains("HTTP 404"), "{:?}", a.images[2]);
    assert_eq!(a.passages[a.images[0].position as usize].text, "算力曲线");
}
