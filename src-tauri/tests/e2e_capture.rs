//! End-to-end test of capturing a link in the desktop app, in its real webview (the harness of
//! `common/mod.rs`), against a local HTTP server (`tests/serve.rs` of the core): a link pasted
//! into the library shows the import's progress and can be cancelled while the site does not
//! answer; a link that answers becomes an article that opens with its text; the same link typed
//! into "Add from link" and "Refresh from source" update it. A page with images, added from its
//! link, is read with its images once the server is gone, and exported with them into the vault.
//! Screenshots go to `target/screenshots/capture-*.png`, at 1280×800 and 800×600.
//!
//! Needs what every e2e test needs (tauri-driver, WebKitWebDriver, Xvfb); skipped loudly without
//! them, except under `CI=true`.

mod common;

#[path = "../../tests/serve.rs"]
#[allow(dead_code)]
mod serve;

use common::{click, invoke, js, keys, one_app_at_a_time, reload, shot, until, Suite};
use fantoccini::Client;
use serve::{Reply, Server};

const SUITE: Suite = Suite { name: "capture end-to-end test", displays: 250..360 };

const PAGE: &str = "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8>\
    <title>算力的账本</title><meta name=author content=\"林知远\">\
    <meta property=og:site_name content=\"示例科技\"></head><body><article><h1>算力的账本</h1>\
    <p>大模型的训练需要大量算力，而算力的尽头是电力。一家数据中心一年的电费，可以抵得上一座小城市。</p>\
    <h2>芯片</h2><p>英伟达的芯片供不应求，价格一路上涨，国产芯片的良率正在提高。</p>\
    <p>有人说，这场竞赛归根结底是一个钱字。</p></article></body></html>";

/// Pastes `text` in the library as Ctrl+V does (the clipboard itself cannot be written from a
/// WebDriver session): a `paste` event carrying it as plain text.
async fn paste(c: &Client, text: &str) {
    let script = format!(
        "const dt = new DataTransfer(); dt.setData('text/plain', {text:?});
         document.dispatchEvent(new ClipboardEvent('paste', {{clipboardData: dt, bubbles: true, cancelable: true}}));
         return 1;"
    );
    js(c, &script).await;
}

/// Starts the app on a new library in `tmp`, at 1280×800, once its library is shown.
async fn start(driver: common::Driver, tmp: &std::path::Path) -> (common::Env, Client) {
    let env = driver.start(tmp);
    let c = env.session().await;
    c.set_window_size(1280, 800).await.expect("window size");
    until(
        &c,
        "the library",
        "document.documentElement.dataset.ready && document.querySelector('.article-row')",
    )
    .await;
    (env, c)
}

#[test]
fn a_pasted_link_shows_progress_and_becomes_an_article() {
    one_app_at_a_time(run());
}

async fn run() {
    let Some(driver) = SUITE.prepare() else { return };
    let page = Reply::html(PAGE);
    let server = Server::start(vec![
        ("/p/42", page.clone()),
        ("/slow", Reply::Silent),
        ("/p/gone", Reply::html(GONE_IMAGE)),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let (_env, c) = start(driver, tmp.path()).await;
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'zh'}))").await;
    until(
        &c,
        "the Chinese interface",
        "document.querySelector('[data-testid=add-link]')?.textContent.includes('链接')",
    )
    .await;

    // ---- a site that does not answer: progress naming the link, then Cancel ----
    let slow = server.url("/slow");
    paste(&c, &slow).await;
    let shown = until(
        &c,
        "the progress of the capture",
        "document.querySelector('[data-testid=import-progress] .ip-current')?.title",
    )
    .await;
    assert_eq!(shown, serde_json::json!(slow), "the bar names the link being fetched");
    shot(&c, "capture-01-progress").await;
    click(&c, "[data-testid=import-cancel]").await;
    until(
        &c,
        "the cancelled capture to end",
        "!document.querySelector('[data-testid=import-progress]')",
    )
    .await;
    assert_eq!(
        js(&c, "return [...document.querySelectorAll('.article-row')].length;").await,
        serde_json::json!(1),
        "nothing was added by the cancelled capture"
    );

    // ---- a link that answers: the article appears and opens ----
    let link = server.url("/p/42?from=timeline");
    paste(&c, &link).await;
    until(
        &c,
        "the captured article open",
        "document.querySelector('.article-body')?.textContent.includes('算力的尽头是电力')",
    )
    .await;
    let byline =
        js(&c, "return document.querySelector('.article-byline')?.textContent ?? '';").await;
    assert!(byline.as_str().unwrap().contains("林知远"), "the author is shown: {byline}");
    until(&c, "the refresh link", "document.querySelector('[data-testid=refresh-source]')").await;
    shot(&c, "capture-02-article-1280").await;
    c.set_window_size(800, 600).await.expect("window size");
    shot(&c, "capture-03-article-800").await;

    // ---- the page changes; "Refresh from source" brings the new text ----
    page.set_body(PAGE.replace("有人说", "也有人说"));
    click(&c, "[data-testid=refresh-source]").await;
    until(
        &c,
        "the refreshed text",
        "document.querySelector('.article-body')?.textContent.includes('也有人说')",
    )
    .await;

    // ---- "Add from link": the field, at 800×600 ----
    click(&c, "[data-testid=back]").await;
    click(&c, "[data-testid=add-link]").await;
    until(&c, "the link field", "document.activeElement?.dataset.testid === 'link-input'").await;
    keys(&c, "ftp://x").await;
    until(
        &c,
        "the refusal of a non-web link",
        "document.querySelector('[data-testid=link-add]').disabled",
    )
    .await;
    shot(&c, "capture-04-link-field-800").await;
    c.set_window_size(1280, 800).await.expect("window size");
    js(&c, "const i = document.querySelector('[data-testid=link-input]'); i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true})); return 1;").await;
    keys(&c, &link).await;
    shot(&c, "capture-05-link-field-1280").await;
    click(&c, "[data-testid=link-add]").await;
    until(
        &c,
        "the article again",
        "document.querySelector('.article-body')?.textContent.includes('也有人说')",
    )
    .await;
    click(&c, "[data-testid=back]").await;
    let rows =
        js(&c, "return [...document.querySelectorAll('.article-row')].map(r => r.textContent);")
            .await;
    let captured =
        rows.as_array().unwrap().iter().filter(|r| r.as_str().unwrap().contains("林知远")).count();
    assert_eq!(captured, 1, "capturing the link again did not duplicate it: {rows}");

    // ---- a page whose image the site no longer has: the toast says so once, with why ----
    paste(&c, &server.url("/p/gone")).await;
    let toast = until(
        &c,
        "the toast of the capture",
        "document.querySelector('[data-testid=toast]')?.textContent.includes('图片') && document.querySelector('[data-testid=toast]').textContent",
    )
    .await;
    let toast = toast.as_str().unwrap();
    assert!(
        toast.contains("1 张图片未能保存：") && toast.contains("HTTP 404: 该地址没有内容"),
        "{toast}"
    );
    assert_eq!(toast.matches("图片未能保存").count(), 1, "said once: {toast}");
    shot(&c, "capture-08-image-not-kept-toast").await;
}

/// A page whose one image is not on the server (a 404).
const GONE_IMAGE: &str =
    "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>缺图的文章</title>\
    </head><body><article><h1>缺图的文章</h1>\
    <p>这篇文章原本配有一张图表，但网站已经删除了那张图片，只留下了文字说明和这一段正文。</p>\
    <figure><img src=\"/img/gone.png\" alt=\"已删除的图表\"></figure>\
    <p>读者仍然可以读到全文，图片的位置上会留下一个占位。</p></article></body></html>";

#[test]
fn a_page_added_from_its_link_shows_its_images_offline_and_exports_them() {
    one_app_at_a_time(images_offline());
}

async fn images_offline() {
    let Some(driver) = SUITE.prepare() else { return };
    let files = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/saved-page/算力之争_files");
    let chart = std::fs::read(files.join("chart.png")).unwrap();
    let photo = std::fs::read(files.join("photo.jpg")).unwrap();
    let page = "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>图说算力</title>\
        </head><body><article><h1>图说算力</h1>\
        <p>训练算力每年翻几番，下面两张图说明了这一点，也说明了电力为什么成了新的约束。</p>\
        <figure><img src=\"/img/chart.png\" alt=\"算力曲线\"><figcaption>图1：算力曲线</figcaption></figure>\
        <p>第二张图是数据中心的机房，机柜一排排延伸到远处，一年的电费抵得上一座小城市。</p>\
        <p><img data-src=\"/img/机房.jpg\" alt=\"机房\"></p>\
        <p>算力的尽头是电力，这是这一轮竞赛里人人都在说的一句话。</p></article></body></html>";
    let server = Server::start(vec![
        ("/p/7", Reply::html(page)),
        ("/img/chart.png", Reply::ok("image/png", chart)),
        ("/img/%E6%9C%BA%E6%88%BF.jpg", Reply::ok("image/jpeg", photo)),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let (_env, c) = start(driver, tmp.path()).await;

    // ---- added from its link, served by the local server ----
    click(&c, "[data-testid=add-link]").await;
    until(&c, "the link field", "document.activeElement?.dataset.testid === 'link-input'").await;
    keys(&c, &server.url("/p/7")).await;
    click(&c, "[data-testid=link-add]").await;
    until(
        &c,
        "the captured article",
        "document.querySelector('.article-body')?.textContent.includes('人人都在说')",
    )
    .await;
    let asked = server.requests().join("\n");
    assert!(asked.contains("GET /img/chart.png"), "{asked}");

    // ---- the server is gone: the article opens again, its images from the library ----
    drop(server);
    reload(&c, "").await;
    // The app opens the article it showed (else its row is clicked).
    let open = "(document.querySelector('.article-body')?.textContent.includes('人人都在说') || ((r) => { if (r) r.click(); return false; })([...document.querySelectorAll('.article-row')].find(r => r.textContent.includes('图说算力'))))";
    until(&c, "the article after a reload", open).await;
    let widths = "(() => { const imgs = [...document.querySelectorAll('.article-image img')]; imgs.forEach(i => { if (!i.complete || !i.naturalWidth) i.scrollIntoView(); }); const w = imgs.map(i => i.complete ? i.naturalWidth : 0); return w.length === 2 && w.every(x => x > 0) && w; })()";
    let w = until(&c, "both images decoded", widths).await;
    assert_eq!(w, serde_json::json!([480, 320]), "{w}");
    let srcs = js(&c, "return [...document.querySelectorAll('.article-image img')].map(i => i.getAttribute('src'));").await;
    assert!(
        srcs.as_array().unwrap().iter().all(|s| !s.as_str().unwrap().starts_with("http://127")),
        "the reader loads the images from the library, not the site: {srcs}"
    );
    assert_eq!(
        js(&c, "return document.querySelectorAll('.article-image.missing').length;").await,
        serde_json::json!(0)
    );
    js(&c, "document.querySelector('.article-image').scrollIntoView({block: 'start'}); return 1;")
        .await;
    shot(&c, "capture-06-images-offline-1280").await;
    c.set_window_size(800, 600).await.expect("window size");
    js(&c, "document.querySelectorAll('.article-image')[1].scrollIntoView({block: 'center'}); return 1;").await;
    shot(&c, "capture-07-images-offline-800").await;

    // ---- exported with its images: every Markdown image link names a file in the vault ----
    let vault = tmp.path().join("vault");
    let report = invoke(
        &c,
        "export_markdown",
        serde_json::json!({ "dir": vault.display().to_string(), "opts": { "articles": [], "all": true } }),
    )
    .await;
    let note = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| std::path::PathBuf::from(f["path"].as_str().unwrap()))
        .find(|p| p.to_string_lossy().contains("图说算力"))
        .unwrap_or_else(|| panic!("no note for the article: {report}"));
    let md = std::fs::read_to_string(&note).unwrap();
    let links: Vec<&str> = md
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|l| l.starts_with("attachments/"))
        .collect();
    assert_eq!(links.len(), 2, "{md}");
    assert!(md.contains("![算力曲线](attachments/"), "{md}");
    assert!(md.contains("![机房](attachments/"), "{md}");
    for link in links {
        let file = note.parent().unwrap().join(link);
        assert!(file.is_file(), "{link} names no file: {md}");
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8"), "{link}");
    }
    c.close().await.ok();
}
