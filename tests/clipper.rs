//! The browser extension's endpoint (`zhaji::endpoint`) over real sockets: pairing, each
//! refusal (no or wrong token, a web page's origin, another extension, too large, another path
//! or method, unpaired), and accepted pages — a Chinese page with its image fetched from a local
//! server and the reader's selection made a highlight. Nothing here reaches past 127.0.0.1.

use crate::serve::{Reply, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use zhaji::endpoint::{Endpoint, MAX_BODY_BYTES};
use zhaji::{Library, ListOptions};

const EXTENSION: &str = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

/// A PNG's signature and header: enough for its format and size to be read.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// A page as a browser shows it after its script ran: the article's text is in the DOM.
fn rendered_page(image_url: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>算力的账本</title></head>\
         <body><nav>首页 | 科技</nav><article><h1>算力的账本</h1>\
         <p>大模型的训练需要大量算力，而算力的尽头是电力。</p>\
         <figure><img src=\"{image_url}\" alt=\"数据中心的机柜\"><figcaption>图1：机房</figcaption></figure>\
         <p>一家数据中心一年的电费，可以抵得上一座小城市。</p>\
         <p>英伟达的芯片供不应求，价格一路上涨。</p>\
         <script>document.title = 'never run'</script></article></body></html>"
    )
}

struct Paired {
    _dir: tempfile::TempDir,
    db: PathBuf,
    token: String,
    endpoint: Endpoint,
}

/// A library paired with an extension, its endpoint listening on a free port.
fn paired() -> Paired {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.zhaji");
    let mut lib = Library::open(&db).unwrap();
    let pairing = lib.pair_clipper(None).unwrap();
    assert!(pairing.port > 0);
    assert_eq!(pairing.token.len(), 48);
    drop(lib);
    let endpoint = Endpoint::start(&db, 0).unwrap();
    Paired { _dir: dir, db, token: pairing.token, endpoint }
}

/// Sends one request (raw head lines, body) and gives the status and the body of the answer.
fn send(port: u16, head: &[String], body: &[u8]) -> (u16, serde_json::Value) {
    let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = head.join("\r\n");
    req.push_str("\r\n\r\n");
    conn.write_all(req.as_bytes()).unwrap();
    conn.write_all(body).unwrap();
    let mut out = Vec::new();
    conn.read_to_end(&mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let status = out[9..12].parse().unwrap();
    let json = out.split_once("\r\n\r\n").unwrap().1;
    (status, serde_json::from_str(json).unwrap())
}

/// A well-formed capture request, with the given token and origin (either may be left out).
fn clip(
    port: u16,
    token: Option<&str>,
    origin: Option<&str>,
    body: &str,
) -> (u16, serde_json::Value) {
    let mut head = vec!["POST /clip HTTP/1.1".to_owned(), format!("Host: 127.0.0.1:{port}")];
    head.push("Content-Type: application/json".to_owned());
    head.push(format!("Content-Length: {}", body.len()));
    if let Some(t) = token {
        head.push(format!("Authorization: Bearer {t}"));
    }
    if let Some(o) = origin {
        head.push(format!("Origin: {o}"));
    }
    send(port, &head, body.as_bytes())
}

fn page_json(url: &str, html: &str, selection: Option<&str>) -> String {
    serde_json::json!({ "url": url, "title": "算力的账本", "html": html, "selection": selection })
        .to_string()
}

fn article_count(db: &Path) -> usize {
    Library::open(db).unwrap().articles(&ListOptions::default()).unwrap().len()
}

#[test]
fn a_chinese_page_is_added_with_its_image_and_the_selection_becomes_a_highlight() {
    let image = Server::start(vec![("/chart.png", Reply::ok("image/png", png(480, 270)))]);
    let p = paired();
    let before = article_count(&p.db);
    let html = rendered_page(&image.url("/chart.png"));
    let body =
        page_json("http://127.0.0.1:9/p/42", &html, Some("可以抵得上一座小城市。\n\n英伟达的芯片"));
    let (status, reply) = clip(p.endpoint.port(), Some(&p.token), Some(EXTENSION), &body);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["status"], "imported");
    assert_eq!(reply["highlighted"], true);
    assert_eq!(reply["title"], "算力的账本");

    let lib = Library::open(&p.db).unwrap();
    let list = lib.articles(&ListOptions::default()).unwrap();
    assert_eq!(list.len(), before + 1);
    let summary = list.iter().find(|a| a.meta.title == "算力的账本").unwrap();
    assert_eq!(summary.meta.source.as_deref(), Some("http://127.0.0.1:9/p/42"));
    let a = lib.article(summary.id).unwrap();
    assert!(a.text.contains("英伟达的芯片供不应求"), "{}", a.text);
    assert!(!a.text.contains("never run"), "{}", a.text);
    assert_eq!(a.images.len(), 1, "{:?}", a.images);
    assert_eq!(a.images[0].format.as_deref(), Some("png"));
    assert_eq!((a.images[0].width, a.images[0].height), (480, 270));
    assert_eq!(a.highlights.len(), 1);
    let quote = &a.highlights[0].anchor.exact;
    assert_eq!(quote, "可以抵得上一座小城市。\n英伟达的芯片");
    // The pin: the extension that sent it is now the only one heard.
    assert_eq!(lib.clipper_pairing().unwrap().unwrap().extension.as_deref(), Some(EXTENSION));

    // The same page again updates its article; the same selection is not highlighted twice.
    let (status, reply) = clip(p.endpoint.port(), Some(&p.token), Some(EXTENSION), &body);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["status"], "already_present");
    let a = lib.article(summary.id).unwrap();
    assert_eq!(a.highlights.len(), 1);
    assert_eq!(article_count(&p.db), before + 1);
}

#[test]
fn a_selection_not_in_the_article_adds_the_page_and_says_so() {
    let p = paired();
    let html = rendered_page("data:,");
    let body = page_json("https://example.cn/a", &html, Some("这句话不在页面上"));
    let (status, reply) = clip(p.endpoint.port(), Some(&p.token), Some(EXTENSION), &body);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["highlighted"], false);
    assert!(reply["warnings"].to_string().contains("not found"), "{reply}");
}

#[test]
fn requests_without_the_right_token_are_refused() {
    let p = paired();
    let before = article_count(&p.db);
    let body = page_json("https://example.cn/a", &rendered_page("data:,"), None);
    let port = p.endpoint.port();
    assert_eq!(clip(port, None, Some(EXTENSION), &body).0, 401);
    assert_eq!(clip(port, Some("0123"), Some(EXTENSION), &body).0, 401);
    // The right token but its last digit (changed to another: a fixed digit would be the
    // right one once in 16 tokens).
    let last = if p.token.ends_with('0') { '1' } else { '0' };
    let almost = format!("{}{last}", &p.token[..47]);
    assert_ne!(almost, p.token);
    assert_eq!(clip(port, Some(&almost), Some(EXTENSION), &body).0, 401);
    // Pairing again revokes the old token at once, the endpoint still running.
    let new = Library::open(&p.db).unwrap().pair_clipper(None).unwrap();
    assert_eq!(clip(port, Some(&p.token), Some(EXTENSION), &body).0, 401);
    assert_eq!(article_count(&p.db), before);
    assert_eq!(clip(port, Some(&new.token), Some(EXTENSION), &body).0, 200);
    // Unpaired: everything is refused.
    Library::open(&p.db).unwrap().unpair_clipper().unwrap();
    assert!(Library::open(&p.db).unwrap().clipper_pairing().unwrap().is_none());
    assert_eq!(clip(port, Some(&new.token), Some(EXTENSION), &body).0, 401);
}

#[test]
fn origins_other_than_the_paired_extension_are_refused() {
    let p = paired();
    let before = article_count(&p.db);
    let body = page_json("https://example.cn/a", &rendered_page("data:,"), None);
    let port = p.endpoint.port();
    let t = Some(p.token.as_str());
    assert_eq!(clip(port, t, None, &body).0, 403);
    assert_eq!(clip(port, t, Some("https://evil.example"), &body).0, 403);
    assert_eq!(clip(port, t, Some("null"), &body).0, 403);
    assert_eq!(clip(port, t, Some("chrome-extension://"), &body).0, 403);
    assert_eq!(article_count(&p.db), before);
    // The first extension heard is pinned; another one is refused, even with the token.
    let firefox = "moz-extension://2f1c0d6e-5a4b-4c3d-9e8f-0a1b2c3d4e5f";
    assert_eq!(clip(port, t, Some(firefox), &body).0, 200);
    assert_eq!(clip(port, t, Some(EXTENSION), &body).0, 403);
    // Pairing again forgets the pin.
    let new = Library::open(&p.db).unwrap().pair_clipper(None).unwrap();
    assert_eq!(new.extension, None);
    assert_eq!(clip(port, Some(&new.token), Some(EXTENSION), &body).0, 200);
}

#[test]
fn oversized_bodies_other_paths_and_methods_are_refused() {
    let p = paired();
    let before = article_count(&p.db);
    let port = p.endpoint.port();
    let auth = format!("Authorization: Bearer {}", p.token);
    let origin = format!("Origin: {EXTENSION}");
    // Too large: refused on its declared length, before a byte of it is read.
    let head = vec![
        "POST /clip HTTP/1.1".to_owned(),
        auth.clone(),
        origin.clone(),
        format!("Content-Length: {}", MAX_BODY_BYTES + 1),
    ];
    assert_eq!(send(port, &head, b"").0, 413);
    // No length: refused.
    let head = vec!["POST /clip HTTP/1.1".to_owned(), auth.clone(), origin.clone()];
    assert_eq!(send(port, &head, b"").0, 411);
    // Other paths, whatever the method; other methods on the path.
    for line in ["GET / HTTP/1.1", "GET /articles HTTP/1.1", "POST /clip/ HTTP/1.1"] {
        let head = vec![line.to_owned(), auth.clone(), origin.clone()];
        assert_eq!(send(port, &head, b"").0, 404, "{line}");
    }
    for method in ["GET", "PUT", "DELETE", "OPTIONS"] {
        let head = vec![format!("{method} /clip HTTP/1.1"), auth.clone(), origin.clone()];
        assert_eq!(send(port, &head, b"").0, 405, "{method}");
    }
    // Not a page; not an http(s) page.
    assert_eq!(clip(port, Some(&p.token), Some(EXTENSION), "{\"url\": 1}").0, 400);
    let local = page_json("file:///etc/passwd", "<p>x</p>", None);
    assert_eq!(clip(port, Some(&p.token), Some(EXTENSION), &local).0, 422);
    assert_eq!(article_count(&p.db), before);
}

#[test]
fn pairing_keeps_its_port_and_an_unpaired_library_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.zhaji")).unwrap();
    assert!(lib.clipper_pairing().unwrap().is_none());
    let first = lib.pair_clipper(None).unwrap();
    let again = lib.pair_clipper(None).unwrap();
    assert_eq!(first.port, again.port);
    assert_ne!(first.token, again.token);
    let fixed = lib.pair_clipper(Some(27183)).unwrap();
    assert_eq!(fixed.port, 27183);
    assert_eq!(lib.clipper_pairing().unwrap(), Some(fixed));
    assert!(lib.pair_clipper(Some(0)).is_err());
}

/// A 公众号 page as a browser has it (3 MB, its text hidden until script runs) is read by the
/// site's rule like a saved one, and a selection spanning two of its paragraphs is highlighted.
/// Prints how long the library took (the endpoint's share of a capture, images aside).
#[test]
fn a_wechat_page_from_the_browser_is_read_by_its_site_rule_and_highlighted() {
    let dir = crate::corpus_or_skip!("capture/wechat-ai-coding-pipe-leak");
    let html = std::fs::read_to_string(dir.join("page.html")).unwrap();
    let mut lib = Library::open_in_memory().unwrap();
    // No network in tests: each image becomes a placeholder at once.
    lib.set_image_fetcher(std::sync::Arc::new(|_: &str, _: Option<&str>| Err("offline".into())));
    let clip = zhaji::Clipping {
        url: "https://mp.weixin.qq.com/s/KDWh_qGpFN5Vu1TR9t30Mw".to_owned(),
        title: "AI编程害死我了".to_owned(),
        html,
        selection: Some("我滴个乖乖！进程打开了这么多管道居然没有关闭！".to_owned()),
    };
    let started = std::time::Instant::now();
    let done = lib.import_clipping(&clip, &zhaji::fetch::FetchOptions::default()).unwrap();
    println!("a 3 MB 公众号 page: {} ms", started.elapsed().as_millis());
    assert_eq!(done.outcome.article.meta.title, "AI编程害死我了，给我的抓包软件埋了一个大雷！");
    assert_eq!(done.outcome.article.meta.author.as_deref(), Some("轩辕之风"));
    let h = done.highlight.expect("the selection is highlighted");
    assert_eq!(h.anchor.exact, "我滴个乖乖！进程打开了这么多管道居然没有关闭！");
    let a = lib.article(done.outcome.article.id).unwrap();
    assert!(!a.text.contains("微信扫一扫"));
    assert_eq!(a.highlights.len(), 1);
}
