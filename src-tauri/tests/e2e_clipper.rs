//! End-to-end tests of the ways in from the browser, against the built app in its real webview
//! (the harness of `common/mod.rs`) and pages served by a local server (`tests/serve.rs`):
//!
//! - the extension (`clipper/`) loaded unpacked into Debian's Chromium, driven by chromedriver:
//!   the app is paired in its settings, the token and port typed into the extension's options,
//!   and a page whose article is written by its own script is saved with a selection; the
//!   article appears in the app with its text, its image and the selection as a highlight. A
//!   toolbar button cannot be clicked through WebDriver, so the test asks the extension's
//!   service worker to save the tab from the options page (the `saveTab` message), which runs
//!   the same `savePage` as the button and the context menu;
//! - `zhaji://` links given to a second launch of the app: the bookmarklet shown in the settings,
//!   evaluated with a page's address, gives a `zhaji://import?url=…` link that makes the running
//!   app ask, and it adds the page only after "Add"; `zhaji://article/<uuid>` and
//!   `zhaji://highlight/<uuid>` open the reader there.
//!   A second launch finds the first over D-Bus, so the test runs a session bus of its own.
//!
//! Screenshots (target/screenshots/clipper-*.png) at 1280×800 and 800×600. Skipped loudly
//! without tauri-driver, chromium and chromedriver, or dbus-daemon (except under `CI=true`).

mod common;

#[path = "../../tests/serve.rs"]
#[allow(dead_code)]
mod serve;

use common::{click, invoke, js, one_app_at_a_time, reload, shot, until, Suite};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use serve::{Reply, Server};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SUITE: Suite = Suite { name: "browser end-to-end test", displays: 360..470 };

/// A page whose article does not exist until its script runs: the text is written backwards in
/// the source and turned round by the script, so only the rendered DOM has it.
const SCRIPTED_PAGE: &str = r#"<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">
<title>脚本写成的文章</title></head><body><div id="app">加载中…</div>
<script>
const back = (s) => s.split("").reverse().join("");
const paras = [
  "。力电是头尽的力算而，力算量大要需练训的型模大",
  "。市城小座一上得抵以可，费电的年一心中据数家一",
  "。涨上路一格价，求应不供片芯的达伟英",
  "。字钱个一是底结根归赛竞场这，说人有",
].map(back);
const article = document.createElement("article");
const h1 = document.createElement("h1");
h1.textContent = back("章文的成写本脚");
article.append(h1);
paras.forEach((text, i) => {
  const p = document.createElement("p");
  p.textContent = text;
  article.append(p);
  if (i === 1) {
    const img = document.createElement("img");
    img.src = "/chart.png";
    img.alt = back("柜机的心中据数");
    article.append(img);
  }
});
document.getElementById("app").replaceChildren(article);
</script></body></html>"#;

const LINKED_PAGE: &str = "<!DOCTYPE html><html lang=zh><head><meta charset=utf-8>\
    <title>链接送来的文章</title></head><body><article><h1>链接送来的文章</h1>\
    <p>书签小工具把网页的地址交给札记，札记先问一声，再去抓取。</p>\
    <p>这样，网页不会在读者不知情时进入文库。</p></article></body></html>";

/// A PNG's signature and header: enough for its format and size to be read.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// A child process killed when dropped (chromedriver, the session bus).
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(name)).find(|p| p.is_file()))
        .unwrap_or(None)
}

/// The id Chromium gives an unpacked extension: the first 16 bytes of the SHA-256 of its
/// folder's absolute path, each hex digit written as a letter from `a` to `p`.
fn extension_id(dir: &Path) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(dir.as_os_str().as_encoded_bytes());
    hash[..16].iter().flat_map(|b| [b >> 4, b & 15]).map(|n| (b'a' + n) as char).collect()
}

/// Chromium with the extension loaded, headless, through chromedriver.
async fn chromium(extension: &Path, profile: &Path) -> Option<(Killed, Client)> {
    let (Some(driver), Some(browser)) = (tool("chromedriver"), tool("chromium")) else {
        SUITE.skip("chromium and chromedriver are not installed (scripts/setup.sh installs them)");
        return None;
    };
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let child = Killed(child);
    let ext = extension.display();
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": browser,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                format!("--user-data-dir={}", profile.display()),
                format!("--load-extension={ext}"),
                format!("--disable-extensions-except={ext}"),
                "--disable-features=DisableLoadExtensionCommandLineSwitch",
            ],
        },
    });
    let caps = caps.as_object().unwrap().clone();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
            Ok(c) => return Some((child, c)),
            Err(e) if Instant::now() < deadline => {
                eprintln!("waiting for chromedriver: {e}");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => panic!("cannot start Chromium through chromedriver: {e}"),
        }
    }
}

/// Polls `script` in a browser tab until it is truthy (a deadline, never a fixed sleep).
async fn until_in(b: &Client, what: &str, script: &str) -> Value {
    common::until_within(b, Duration::from_secs(20), what, script).await
}

/// The app's settings open at the extension's section, scrolled into view.
async fn open_clipper_settings(c: &Client) {
    common::keys(c, ",").await;
    until(c, "the extension's settings", "document.querySelector('[data-testid=clipper]')").await;
    js(c, "document.querySelector('[data-testid=clipper]').scrollIntoView({block: 'center'}); return 1;")
        .await;
}

async fn close_overlay(c: &Client) {
    common::keys(c, "\u{e00c}").await; // Escape
    until(c, "the overlay to close", "!document.querySelector('.overlay')").await;
}

#[test]
fn the_extension_saves_a_rendered_page_with_its_image_and_the_selection() {
    one_app_at_a_time(save_from_chromium());
}

async fn save_from_chromium() {
    let Some(driver) = SUITE.prepare() else { return };
    let server = Server::start(vec![
        ("/article", Reply::html(SCRIPTED_PAGE)),
        ("/chart.png", Reply::ok("image/png", png(480, 270))),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let env = driver.start(tmp.path());
    let c = env.session().await;
    c.set_window_size(1280, 800).await.expect("window size");
    until(
        &c,
        "the library",
        "document.documentElement.dataset.ready && document.querySelector('.article-row')",
    )
    .await;
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'zh'}))").await;

    // ---- pairing in the settings: off, then a token and a port ----
    open_clipper_settings(&c).await;
    let state =
        js(&c, "return document.querySelector('[data-testid=clipper-state]').textContent;").await;
    assert!(state.as_str().unwrap().contains("未配对"), "{state}");
    shot(&c, "clipper-settings-unpaired-1280x800").await;
    click(&c, "[data-testid=clipper-pair]").await;
    let token = until(
        &c,
        "the token",
        "document.querySelector('[data-testid=clipper-token]')?.textContent",
    )
    .await;
    let token = token.as_str().unwrap().to_owned();
    assert_eq!(token.len(), 48);
    let port =
        js(&c, "return document.querySelector('[data-testid=clipper-port]').textContent;").await;
    let port: u16 = port.as_str().unwrap().parse().unwrap();
    js(&c, "document.querySelector('[data-testid=clipper]').scrollIntoView({block: 'center'}); return 1;").await;
    shot(&c, "clipper-settings-1280x800").await;
    c.set_window_size(800, 600).await.expect("window size");
    js(&c, "document.querySelector('[data-testid=clipper]').scrollIntoView({block: 'center'}); return 1;").await;
    shot(&c, "clipper-settings-800x600").await;
    c.set_window_size(1280, 800).await.expect("window size");
    close_overlay(&c).await;
    let before = invoke(
        &c,
        "list_articles",
        json!({"opts": {"sort": "imported", "ascending": false, "tag": null}}),
    )
    .await;
    let before = before.as_array().unwrap().len();

    // ---- Chromium: the page, rendered by its script, with a selection ----
    let clipper = Path::new(env!("CARGO_MANIFEST_DIR")).join("../clipper").canonicalize().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let Some((_chromedriver, b)) = chromium(&clipper, profile.path()).await else { return };
    let page_url = server.url("/article");
    b.goto(&page_url).await.expect("open the page");
    until_in(
        &b,
        "the script to write the article",
        "document.querySelectorAll('article p').length === 4",
    )
    .await;
    let selected = js_in(
        &b,
        "const p = document.querySelectorAll('article p')[2];
        const r = document.createRange(); r.selectNodeContents(p);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString();",
    )
    .await;
    assert_eq!(selected, json!("英伟达的芯片供不应求，价格一路上涨。"));
    let page_tab = b.window().await.unwrap();

    // ---- the extension's options: the port and the token ----
    let options = format!("chrome-extension://{}/options.html", extension_id(&clipper));
    let tab = b.new_window(true).await.expect("a new tab");
    b.switch_to_window(tab.handle).await.unwrap();
    b.goto(&options).await.expect("open the extension's options");
    until_in(&b, "the options page", "typeof chrome !== 'undefined' && !!chrome.storage").await;
    b.find(Locator::Id("port")).await.unwrap().send_keys(&port.to_string()).await.unwrap();
    b.find(Locator::Id("token")).await.unwrap().send_keys(&token).await.unwrap();
    b.find(Locator::Id("save")).await.unwrap().click().await.unwrap();
    until_in(
        &b,
        "the options to be saved",
        "document.getElementById('status').textContent.includes('Saved')",
    )
    .await;

    // ---- save the tab, as the toolbar button does ----
    let started = Instant::now();
    let script = format!(
        "const done = arguments[arguments.length - 1];
         chrome.tabs.query({{}})
           .then((tabs) => chrome.runtime.sendMessage({{ saveTab: tabs.find((t) => t.url === {page_url:?}).id }}))
           .then(done, (e) => done({{ ok: false, error: String(e) }}));"
    );
    let reply = b.execute_async(&script, vec![]).await.expect("save the tab");
    let saved_in = started.elapsed();
    assert_eq!(reply["ok"], json!(true), "{reply}");
    assert_eq!(reply["highlighted"], json!(true), "{reply}");
    let row = until(&c, "the saved article in the app's list", "[...document.querySelectorAll('.article-row')].find(r => r.textContent.includes('脚本写成的文章'))?.textContent").await;
    let shown_in = started.elapsed();
    eprintln!(
        "capture: the extension's save answered in {} ms; the app's list showed it after {} ms",
        saved_in.as_millis(),
        shown_in.as_millis()
    );
    assert!(row.as_str().unwrap().contains("脚本写成的文章"));
    let list = invoke(
        &c,
        "list_articles",
        json!({"opts": {"sort": "imported", "ascending": false, "tag": null}}),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), before + 1);
    let id =
        list.as_array().unwrap().iter().find(|a| a["meta"]["title"] == "脚本写成的文章").unwrap()
            ["id"]
            .clone();
    let article = invoke(&c, "get_article", json!({ "id": id })).await;
    let text = article["text"].as_str().unwrap();
    assert!(text.contains("大模型的训练需要大量算力，而算力的尽头是电力。"), "{text}");
    assert!(!text.contains("加载中"), "{text}");
    assert_eq!(article["images"].as_array().unwrap().len(), 1, "{}", article["images"]);
    assert_eq!(article["images"][0]["type"], json!("png"));
    assert_eq!(
        article["highlights"][0]["anchor"]["exact"],
        json!("英伟达的芯片供不应求，价格一路上涨。")
    );
    // Open in the reader: the image is shown and the selection painted.
    click(&c, ".article-row").await;
    until(
        &c,
        "the reader with the image",
        "document.querySelector('[data-testid=reader-scroll] img')",
    )
    .await;
    // The extension remembers its pin: the settings name it.
    open_clipper_settings(&c).await;
    let state = until(&c, "the pinned extension", "document.querySelector('[data-testid=clipper-state]').textContent.includes('chrome-extension://') && document.querySelector('[data-testid=clipper-state]').textContent").await;
    assert!(state.as_str().unwrap().contains(&extension_id(&clipper)), "{state}");
    c.set_window_size(800, 600).await.expect("window size");
    js(&c, "document.querySelector('[data-testid=clipper]').scrollIntoView({block: 'center'}); return 1;").await;
    shot(&c, "clipper-settings-pinned-800x600").await;
    c.set_window_size(1280, 800).await.expect("window size");

    // ---- a new token revokes the old one at once; unpaired, the app does not listen ----
    click(&c, "[data-testid=clipper-pair]").await;
    let probe =
        format!("document.querySelector('[data-testid=clipper-token]')?.textContent !== {token:?}");
    until(&c, "a new token", &probe).await;
    let reply = b.execute_async(&script, vec![]).await.expect("save the tab again");
    assert_eq!(
        (reply["ok"].clone(), reply["status"].clone()),
        (json!(false), json!(401)),
        "{reply}"
    );
    click(&c, "[data-testid=clipper-unpair]").await;
    until(
        &c,
        "the unpaired state",
        "document.querySelector('[data-testid=clipper-state]').textContent.includes('未配对')",
    )
    .await;
    let reply = b.execute_async(&script, vec![]).await.expect("save the tab once more");
    assert_eq!((reply["ok"].clone(), reply["status"].clone()), (json!(false), json!(0)), "{reply}");
    let list = invoke(
        &c,
        "list_articles",
        json!({"opts": {"sort": "imported", "ascending": false, "tag": null}}),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), before + 1);
    let _ = b.switch_to_window(page_tab).await;
    let _ = b.close().await;
    let _ = c.close().await;
}

async fn js_in(b: &Client, script: &str) -> Value {
    b.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// A D-Bus session bus of the test's own (a second launch finds the running app on it).
fn session_bus() -> Option<(Killed, String)> {
    let daemon = tool("dbus-daemon")?;
    let mut child = Command::new(daemon)
        .args(["--session", "--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take()?).read_line(&mut line).ok()?;
    let address = line.trim().to_owned();
    (!address.is_empty()).then_some((Killed(child), address))
}

/// Runs the app again with `link` as its argument, as the system does for a `zhaji://` link,
/// and waits for it to hand the link over and exit.
fn second_launch(app: &Path, tmp: &Path, display: &str, bus: &str, link: &str) {
    let mut child = Command::new(app)
        .arg(link)
        .env("DISPLAY", display)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("ZHAJI_DB", tmp.join("library.db"))
        .env("XDG_DATA_HOME", tmp.join("data"))
        .env("XDG_CONFIG_HOME", tmp.join("config"))
        .env("XDG_CACHE_HOME", tmp.join("cache"))
        .spawn()
        .expect("launch the app a second time");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "the second launch failed: {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the second launch did not hand its link to the running app and exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_zhaji_link_asks_before_adding_a_page_and_opens_an_article() {
    one_app_at_a_time(follow_links());
}

async fn follow_links() {
    let Some(driver) = SUITE.prepare() else { return };
    let Some((_bus, address)) = session_bus() else {
        SUITE.skip("dbus-daemon is not installed");
        return;
    };
    // The app started by tauri-driver inherits the bus.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    let server = Server::start(vec![("/linked", Reply::html(LINKED_PAGE))]);
    let tmp = tempfile::tempdir().unwrap();
    let env = driver.start(tmp.path());
    let c = env.session().await;
    c.set_window_size(1280, 800).await.expect("window size");
    until(
        &c,
        "the library",
        "document.documentElement.dataset.ready && document.querySelector('.article-row')",
    )
    .await;
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'zh'}))").await;
    let count = || async {
        let list = invoke(
            &c,
            "list_articles",
            json!({"opts": {"sort": "imported", "ascending": false, "tag": null}}),
        )
        .await;
        list.as_array().unwrap().len()
    };
    let before = count().await;

    // ---- the bookmarklet, as the settings show it, run on the page: the link it opens ----
    let page = server.url("/linked");
    common::keys(&c, ",").await;
    let bookmarklet = until(
        &c,
        "the bookmarklet",
        "document.querySelector('[data-testid=bookmarklet]')?.textContent",
    )
    .await;
    close_overlay(&c).await;
    let opens = bookmarklet.as_str().unwrap().strip_prefix("javascript:location.href=").unwrap();
    // Evaluated with the page's `location`, as a browser would on that page.
    let link = js(&c, &format!("const location = {{ href: {page:?} }}; return {opens};")).await;
    let link = link.as_str().unwrap().to_owned();
    assert!(link.starts_with("zhaji://import?url=http%3A%2F%2F127.0.0.1%3A"), "{link}");

    // ---- zhaji://import?url=…: asked first; Cancel adds nothing, Add adds the page ----
    let tmp_path = tmp.path().to_owned();
    let (app, display) = (env.app.clone(), env.display.clone());
    let (l, a) = (link.clone(), address.clone());
    let (t, d) = (tmp_path.clone(), display.clone());
    tokio::task::spawn_blocking(move || second_launch(&app, &t, &d, &a, &l)).await.unwrap();
    let asked = until(
        &c,
        "the question",
        "document.querySelector('[data-testid=deep-link-url]')?.textContent",
    )
    .await;
    assert_eq!(asked, json!(page));
    assert_eq!(count().await, before, "nothing is added before the reader says yes");
    shot(&c, "clipper-deep-link-confirm-1280x800").await;
    c.set_window_size(800, 600).await.expect("window size");
    shot(&c, "clipper-deep-link-confirm-800x600").await;
    c.set_window_size(1280, 800).await.expect("window size");
    click(&c, "[data-testid=deep-link-cancel]").await;
    until(
        &c,
        "the question to close",
        "!document.querySelector('[data-testid=deep-link-confirm]')",
    )
    .await;
    assert_eq!(count().await, before);

    let (app, l, a, t, d) =
        (env.app.clone(), link.clone(), address.clone(), tmp_path.clone(), display.clone());
    tokio::task::spawn_blocking(move || second_launch(&app, &t, &d, &a, &l)).await.unwrap();
    click(&c, "[data-testid=deep-link-add]").await;
    until(&c, "the linked page in the reader", "document.querySelector('[data-testid=reader-scroll]')?.textContent.includes('札记先问一声')").await;
    let list = invoke(
        &c,
        "list_articles",
        json!({"opts": {"sort": "imported", "ascending": false, "tag": null}}),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), before + 1);

    // ---- zhaji://article/<uuid>: from the library, the reader opens there ----
    let sample = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["meta"]["title"] != "链接送来的文章")
        .unwrap()
        .clone();
    let title = sample["meta"]["title"].as_str().unwrap().to_owned();
    let link = format!("zhaji://article/{}", sample["uuid"].as_str().unwrap());
    let (app, a, t, d) = (env.app.clone(), address.clone(), tmp_path.clone(), display.clone());
    tokio::task::spawn_blocking(move || second_launch(&app, &t, &d, &a, &link)).await.unwrap();
    let probe = format!(
        "document.querySelector('[data-testid=reader-scroll]')?.textContent.includes({title:?})"
    );
    until(&c, "the linked article in the reader", &probe).await;
    let _ = c.close().await;
}
