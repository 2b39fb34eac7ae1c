//! The harness that the end-to-end test binaries (`e2e_reading.rs`, `e2e_import.rs`,
//! `e2e_search.rs`, `e2e_debate.rs`, `e2e_large_library.rs`) share: finding tauri-driver and
//! WebKitWebDriver, starting Xvfb when there is no DISPLAY, starting tauri-driver on free ports
//! (stopped with SIGTERM), the WebDriver session, and the page helpers every test uses. Helpers that only one test uses stay in its own file.
//!
//! Each test binary starts its own tauri-driver on free ports and, without a DISPLAY, its own
//! Xvfb on a free display number searched from where its [`Suite`] says (:90 for reading and the
//! large library, :140 for the others); cargo runs test binaries one after the other.

// Each test binary compiles the whole harness and uses only part of it.
#![allow(dead_code)]

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One end-to-end test binary: how its messages name it and where it looks for a free display.
pub struct Suite {
    /// As in "the {name} cannot run".
    pub name: &'static str,
    /// The X display numbers tried, in order, when Xvfb has to be started.
    pub displays: Range<u16>,
}

impl Suite {
    /// Fails under CI, otherwise says loudly that the test did not run.
    pub fn skip(&self, why: &str) {
        let name = self.name;
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the {name} cannot run: {why} (CI=true requires it)");
        }
        eprintln!("SKIPPED: the {name} did not run: {why}");
    }

    /// The file `rel` of the shared test corpus; `None` (after [`Suite::skip`]) when it is missing.
    pub fn corpus(&self, rel: &str) -> Option<PathBuf> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus").join(rel);
        if path.exists() {
            Some(path)
        } else {
            self.skip(&format!("the test corpus is missing ({})", path.display()));
            None
        }
    }

    /// Finds tauri-driver and WebKitWebDriver and a display (starting Xvfb when DISPLAY is
    /// unset); `None` (after [`Suite::skip`]) when one of them is missing.
    pub fn prepare(&self) -> Option<Driver> {
        let Some(driver) = find_tool("tauri-driver") else {
            self.skip("tauri-driver is not installed (scripts/setup.sh desktop installs it)");
            return None;
        };
        if find_tool("WebKitWebDriver").is_none() {
            self.skip("WebKitWebDriver is not installed (package webkit2gtk-driver)");
            return None;
        }
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => (None, d),
            _ => match start_xvfb(self.displays.clone()) {
                Some((p, d)) => (Some(p), d),
                None => {
                    self.skip("no DISPLAY and Xvfb could not be started");
                    return None;
                }
            },
        };
        Some(Driver { driver, xvfb, display })
    }
}

fn find_tool(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A child process that is stopped with SIGTERM when dropped (SIGKILL would leave
/// tauri-driver's WebKitWebDriver running).
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on the first free display number of `displays`, for runs outside `xvfb-run`;
/// tries the next one when another process took it first.
fn start_xvfb(displays: Range<u16>) -> Option<(Proc, String)> {
    let xvfb = find_tool("Xvfb")?;
    for n in displays {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            || Path::new(&format!("/tmp/.X{n}-lock")).exists()
        {
            continue;
        }
        let display = format!(":{n}");
        let mut child = Proc(
            Command::new(&xvfb)
                .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok()?,
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.0.try_wait() {
                break; // lost the race for this display
            }
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return Some((child, display));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Dropping `child` stops an Xvfb that did not come up in time.
    }
    None
}

/// What [`Suite::prepare`] found: tauri-driver, and the display (with the Xvfb it started).
pub struct Driver {
    driver: PathBuf,
    xvfb: Option<Proc>,
    display: String,
}

impl Driver {
    /// Starts tauri-driver on free ports for the built app, with its library at
    /// `tmp/library.db` and its XDG directories under `tmp`.
    pub fn start(self, tmp: &Path) -> Env {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(self.driver)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", &self.display)
            .env("ZHAJI_DB", tmp.join("library.db"))
            .env("XDG_DATA_HOME", tmp.join("data"))
            .env("XDG_CONFIG_HOME", tmp.join("config"))
            .env("XDG_CACHE_HOME", tmp.join("cache"))
            .stdout(Stdio::null())
            .spawn()
            .expect("start tauri-driver");
        Env {
            display: self.display,
            _xvfb: self.xvfb,
            _driver: Proc(child),
            port,
            app: PathBuf::from(env!("CARGO_BIN_EXE_zhaji-desktop")),
        }
    }
}

/// A running tauri-driver (and Xvfb); both are stopped when this is dropped.
pub struct Env {
    /// The X display the app is shown on (a second launch of the app needs it too).
    pub display: String,
    _xvfb: Option<Proc>,
    _driver: Proc,
    port: u16,
    /// The app binary under test.
    pub app: PathBuf,
}

impl Env {
    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": self.app }));
        caps.insert("browserName".into(), json!("wry"));
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
                Ok(c) => return c,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("waiting for tauri-driver: {e}");
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Err(e) => panic!("cannot start a WebDriver session: {e}"),
            }
        }
    }
}

/// One app at a time within a test binary (cargo runs a binary's tests side by side): with two
/// apps starting together on a busy 2-core machine, WebKitWebDriver now and then ended a session
/// ("page crash or hang") whose page had not crashed, only been slow to answer while the other
/// app painted its first frames in software. A person runs one app; the tests do too.
static ONE_APP_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `test` on a runtime of its own once no other test of this binary is driving an app.
pub fn one_app_at_a_time(test: impl std::future::Future<Output = ()>) {
    let _turn = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.worker_threads(2).enable_all().build().unwrap().block_on(test);
}

pub async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Runs `before` (statements, e.g. settings to store), reloads the page and waits for the new
/// page's first screen. The old page is marked first: `location.reload()` returns before the page
/// goes, so without the mark a wait could be met by the page that is about to be replaced.
pub async fn reload(c: &Client, before: &str) {
    js(c, &format!("{before}; window.__before_reload = 1; location.reload(); return 1;")).await;
    until(
        c,
        "the reloaded page",
        "!window.__before_reload && document.documentElement.dataset.ready",
    )
    .await;
}

/// Waits until `script` (an expression) is truthy, returning its value.
pub async fn until(c: &Client, what: &str, script: &str) -> Value {
    until_within(c, Duration::from_secs(15), what, script).await
}

/// `until` with a deadline of its own (a browser tab that is slower than the app's page).
pub async fn until_within(c: &Client, within: Duration, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + within;
    loop {
        // A poll that meets a page reload fails; the next one sees the new page.
        let v = c.execute(&format!("return ({script});"), vec![]).await.unwrap_or(Value::Null);
        if !(v.is_null() || v == json!(false) || v == json!(0) || v == json!("")) {
            return v;
        }
        if Instant::now() > deadline {
            let body = js(c, "return (document.querySelector('.toast') ? 'TOAST: ' + document.querySelector('.toast').textContent + '\\n' : '') + (document.body.innerText.slice(0, 1500) || document.documentElement.outerHTML.slice(0, 2000));").await;
            panic!("timed out waiting for {what} ({script}); the page says:\n{body}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Presses keys the way a person does (keydown/keyup on whatever has focus).
pub async fn keys(c: &Client, text: &str) {
    let mut actions = KeyActions::new("keyboard".into());
    for ch in text.chars() {
        actions = actions.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions).await.expect("key actions");
}

pub async fn click(c: &Client, css: &str) {
    until(c, css, &format!("document.querySelector({css:?})")).await;
    // Wholly in view, as a person sees a button before pressing it: something that loads above
    // it a moment earlier must not leave it half under the edge of a scrolled panel.
    js(
        c,
        &format!("document.querySelector({css:?}).scrollIntoView({{block: 'nearest'}}); return 1;"),
    )
    .await;
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Saves a screenshot as `target/screenshots/{name}.png`.
pub async fn shot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    // Let fonts load and two frames be painted, so that the picture shows what a person would
    // see (under Xvfb the last composited frame can lag behind the DOM).
    let settle = "const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(1))));";
    c.execute_async(settle, vec![]).await.expect("wait for a frame");
    tokio::time::sleep(Duration::from_millis(700)).await;
    // WebKitWebDriver takes the picture at the page's next paint. The app paints without the GL
    // compositor on Linux (src-tauri/src/lib.rs), and then a page with nothing changing never
    // paints again: the screenshot would wait forever. An invisible pixel (an empty element whose
    // opacity flickers) keeps paints coming for a moment, changing nothing in the picture.
    let tick = "const d = document.createElement('div');
        d.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;pointer-events:none;opacity:0.01';
        document.body.append(d);
        let n = 0;
        const iv = setInterval(() => { d.style.opacity = n++ % 2 ? '0.01' : '0.02'; if (n > 120) { clearInterval(iv); d.remove(); } }, 16);
        return 1;";
    c.execute(tick, vec![]).await.expect("keep the page painting");
    let png = tokio::time::timeout(Duration::from_secs(20), c.screenshot())
        .await
        .expect("a screenshot within 20 s")
        .expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Calls one of the shell's commands from the page, for steps a native dialog would do.
pub async fn invoke(c: &Client, cmd: &str, args: Value) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke({cmd:?}, {args}).then(v => done({{ok: v}}), e => done({{err: e}}));"
    );
    let v = c.execute_async(&script, vec![]).await.expect("invoke");
    assert!(v.get("err").is_none(), "{cmd} failed: {v}");
    v["ok"].clone()
}
