//! End-to-end tests of the reader and its renderer (same set-up as `e2e.rs`: the built app
//! through tauri-driver and WebKitWebDriver under Xvfb, free ports and a display of its own).
//!
//! WebKitGTK 2.50's web process died on an assertion when a mention was marked over two
//! overlapping highlights; the reader now registers its highlights so that the engine never meets
//! that case, and these tests make the clicks that crashed. When the web process dies anyway,
//! the shell loads the page again where the reader was and the notes being typed are offered
//! back: tested by killing the web process in the middle of a note.

mod common;

use common::{click, invoke, js, keys, one_app_at_a_time, reload, shot, until, Suite};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Client;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const SUITE: Suite = Suite { name: "recovery end-to-end test", displays: 260..400 };
const SEED: &str = "seed/000_4b857f83adbe41b1.txt";
/// The passage of the seed article where the crash was seen, and the words around it.
const SPOT: &str = "阿里云智能集团首席执行官张勇的这句话";

/// Imports the seed article and opens it in the reader (by the remembered place and a reload).
async fn open_seed(c: &Client, seed: &Path) -> i64 {
    until(c, "the library", "document.documentElement.dataset.ready").await;
    let imported = invoke(c, "import_files", json!({ "paths": [seed] })).await;
    let id = imported[0]["outcome"]["article"]["id"].as_i64().expect("the seed was imported");
    reload(c, &format!("localStorage.setItem('zhaji.settings', JSON.stringify({{lang: 'zh'}})); localStorage.setItem('zhaji.place', JSON.stringify({{articleId: {id}, scroll: 0}}))")).await;
    until(
        c,
        "the seed article in the reader",
        "document.querySelectorAll('.article-body .ps').length > 10",
    )
    .await;
    id
}

/// Selects `words` inside the passage that holds `SPOT` as a reader would, and waits for the
/// selection toolbar.
async fn select(c: &Client, words: &str) {
    let script = format!(
        "const p = [...document.querySelectorAll('.article-body .ps')].find(e => e.textContent.includes({SPOT:?}));
         p.scrollIntoView({{block: 'center'}});
         const t = p.firstChild; const at = t.data.indexOf({words:?});
         const r = document.createRange(); r.setStart(t, at); r.setEnd(t, at + {len});
         document.activeElement?.blur();
         getSelection().removeAllRanges(); getSelection().addRange(r); return r.toString();",
        len = words.encode_utf16().count()
    );
    assert_eq!(js(c, &script).await, json!(words));
    until(c, "the selection toolbar", "document.querySelector('[data-testid=sel-toolbar]')").await;
}

/// Marks the page, so that a reload (as after a crash) shows.
async fn mark_page(c: &Client) {
    js(c, "window.__page = 'before'; return 1;").await;
}

/// Asserts that the page still answers after painting two more frames, and is the same page
/// (its web process did not die and it was not reloaded), then saves a screenshot (which needs a
/// painted frame).
async fn still_alive(c: &Client, after: &str, picture: &str) {
    let frames = "const done = arguments[arguments.length - 1];
        requestAnimationFrame(() => requestAnimationFrame(() => done(window.__page ?? 'reloaded')));";
    let page = answer(c, frames, 10).await;
    assert_eq!(page, Some(json!("before")), "the page died or was reloaded after {after}");
    shot(c, picture).await;
}

/// Runs `script` (async: it calls `done`) with a deadline; `None` when the page did not answer,
/// as when its web process is gone.
async fn answer(c: &Client, script: &str, secs: u64) -> Option<Value> {
    match tokio::time::timeout(Duration::from_secs(secs), c.execute_async(script, vec![])).await {
        Ok(Ok(v)) => Some(v),
        _ => None,
    }
}

/// Presses `key` with Control held.
async fn ctrl(c: &Client, key: char) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '\u{e009}' })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: '\u{e009}' });
    c.perform_actions(actions).await.expect("ctrl key");
}

#[test]
fn overlapping_highlights_survive_a_mention_a_passage_note_and_find() {
    one_app_at_a_time(mention_note_and_find_over_an_overlap());
}

async fn mention_note_and_find_over_an_overlap() {
    let Some(seed) = SUITE.corpus(SEED) else { return };
    let Some(driver) = SUITE.prepare() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let env = driver.start(tmp.path());
    let c = env.session().await;
    open_seed(&c, &seed).await;
    mark_page(&c).await;

    // Two overlapping highlights on "…阿里云智能集团首席执行官张勇的…", as in the report.
    select(&c, "阿里云智能集团首席执行官张勇").await;
    keys(&c, "2").await;
    until(&c, "the green highlight's editor", "document.querySelector('[data-testid=hl-editor]')")
        .await;
    keys(&c, "\u{e00c}").await;
    select(&c, "首席执行官张勇的这句话").await;
    keys(&c, "4").await;
    until(
        &c,
        "the pink highlight's editor",
        "document.querySelector('[data-testid=hl-editor] .swatch.pink.on')",
    )
    .await;
    until(
        &c,
        "the overlap painted",
        "CSS.highlights.get('zh-overlap')?.size >= 1 && CSS.highlights.get('zh-pink')?.size === 1",
    )
    .await;
    keys(&c, "\u{e00c}").await;
    until(&c, "the editor closed", "!document.querySelector('[data-testid=hl-editor]')").await;

    // "Who & what": a click on 张勇 marks his mentions, one of them inside the overlap.
    click(&c, "[data-testid=who-what] summary").await;
    until(
        &c,
        "张勇 among the people",
        "[...document.querySelectorAll('.who-chip')].some(b => b.textContent.startsWith('张勇'))",
    )
    .await;
    let key = js(&c, "return [...document.querySelectorAll('.who-chip')].find(b => b.textContent.startsWith('张勇')).dataset.key;").await;
    click(&c, &format!(".who-chip[data-key={:?}]", key.as_str().unwrap())).await;
    until(&c, "his mentions marked", "CSS.highlights.get('zh-mention')?.size >= 3").await;
    still_alive(
        &c,
        "a click on 张勇 in who & what over two overlapping highlights",
        "recovery-01-mention-over-overlap",
    )
    .await;

    // A margin note on a passage across the overlap (priority 5, like the mention).
    select(&c, "执行官张勇").await;
    keys(&c, "m").await;
    until(
        &c,
        "the passage note field",
        "document.activeElement?.dataset.testid === 'passage-note-input'",
    )
    .await;
    c.active_element().await.unwrap().send_keys("这句话被引用了两次。").await.unwrap();
    click(&c, "[data-testid=passage-note-save]").await;
    until(&c, "the noted passage marked", "CSS.highlights.get('zh-note')?.size === 1").await;
    still_alive(
        &c,
        "a passage note over the overlap and the mention",
        "recovery-02-note-over-overlap",
    )
    .await;

    // Ctrl+F for 张勇, stepping to the match in the overlap, with the mentions still marked.
    ctrl(&c, 'f').await;
    until(&c, "the find field", "document.activeElement?.dataset.testid === 'find-input'").await;
    c.active_element().await.unwrap().send_keys("张勇").await.unwrap();
    until(&c, "the matches", "CSS.highlights.get('zh-find-current')?.size === 1").await;
    keys(&c, "\u{e007}\u{e007}").await;
    still_alive(
        &c,
        "Ctrl+F over overlapping highlights, a mention and a note",
        "recovery-03-find-over-overlap",
    )
    .await;
}

/// The processes named `name` (as `/proc/PID/comm` has it: 15 bytes at most) of the app whose
/// library is `db`, found by their environment (the app passes its own on to WebKit's).
fn processes(db: &Path, name: &str) -> Vec<String> {
    let wanted = format!("ZHAJI_DB={}", db.display());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if comm.trim_end() != name {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if environ.split(|&b| b == 0).any(|v| v == wanted.as_bytes()) {
            found.push(pid);
        }
    }
    found
}

fn kill(pids: &[String]) {
    for pid in pids {
        let _ = std::process::Command::new("kill").args(["-KILL", pid]).status();
    }
}

/// Whether a file under `dir` holds `text` as WebKit's local storage keeps it (UTF-16).
fn on_disk(dir: &Path, text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))
            {
                return true;
            }
        }
    }
    false
}

/// Waits until `what` holds, looking every 100 ms for up to 15 s.
async fn until_true(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !check() {
        assert!(std::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The web process is killed while a note is being typed. WebKitWebDriver ends its session when
/// the page it drives dies, so the test watches the app from outside: it stays up and the shell
/// starts a new web process for the page. The app is then started again on the same library
/// and storage, with the address the shell loads after a crash, to see what the page does with
/// it: the notice, the article at its place, and the unsaved note offered back.
#[test]
fn a_killed_web_process_comes_back_where_the_reader_was_with_the_note_being_typed() {
    one_app_at_a_time(kill_the_web_process_mid_note());
}

async fn kill_the_web_process_mid_note() {
    let Some(seed) = SUITE.corpus(SEED) else { return };
    let Some(driver) = SUITE.prepare() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("library.db");
    let env = driver.start(tmp.path());
    let c = env.session().await;
    let id = open_seed(&c, &seed).await;

    // A highlight with a note being typed (n: highlight and write its note), never saved.
    select(&c, "阿里云智能集团首席执行官张勇").await;
    keys(&c, "n").await;
    until(&c, "the note field", "document.activeElement?.dataset.testid === 'note-input'").await;
    let draft = "崩溃之前正在写的笔记：这句话值得再读。";
    c.active_element().await.unwrap().send_keys(draft).await.unwrap();
    until(&c, "the note typed", &format!("document.activeElement.value === {draft:?}")).await;
    // The reader scrolled halfway down meanwhile; the place is saved as it scrolls.
    js(&c, "const s = document.querySelector('.reader-scroll'); s.scrollTop = (s.scrollHeight - s.clientHeight) / 2; s.dispatchEvent(new Event('scroll')); return 1;").await;
    let saved = until(&c, "the place saved", "JSON.parse(localStorage.getItem('zhaji.place') ?? '{}').scroll > 0.3 && JSON.parse(localStorage.getItem('zhaji.place')).scroll").await;
    let saved = saved.as_f64().unwrap();
    assert_eq!(js(&c, "return document.activeElement.dataset.testid;").await, json!("note-input"));

    let app = processes(&db, "zhaji-desktop");
    assert_eq!(app.len(), 1, "one app runs on this library: {app:?}");
    let killed = processes(&db, "WebKitWebProces");
    assert!(!killed.is_empty(), "the app has a web process");
    kill(&killed);
    until_true("the shell to start a new web process for the page", || {
        let now = processes(&db, "WebKitWebProces");
        !now.is_empty() && now.iter().all(|p| !killed.contains(p))
    })
    .await;
    assert_eq!(processes(&db, "zhaji-desktop"), app, "the app itself stays up");

    // Start the app again (the ended session cannot reach the page any more) and load the page
    // the way the shell does after a crash. The local storage is written to disk by WebKit's
    // network process, which outlived the page; the app is stopped once the draft is there.
    let place = format!("\"scroll\":{saved}");
    until_true("the draft and place in the local storage on disk", || {
        on_disk(tmp.path(), draft) && on_disk(tmp.path(), &place)
    })
    .await;
    kill(&app);
    until_true("the first app to end", || processes(&db, "zhaji-desktop").is_empty()).await;
    drop(c);
    let c = env.session().await;
    until(&c, "the app", "document.documentElement.dataset.ready").await;
    reload(&c, "location.hash = '#recovered=crashed'").await;
    until(&c, "the page after the crash", "document.querySelector('[data-testid=recovered]')")
        .await;
    let said =
        js(&c, "return document.querySelector('[data-testid=recovered]').textContent;").await;
    assert!(
        said.as_str().unwrap().contains("渲染进程崩溃"),
        "the notice says what happened: {said}"
    );
    until(&c, "the article reopened", &format!("document.querySelectorAll('.article-body .ps').length > 10 && JSON.parse(localStorage.getItem('zhaji.place')).articleId === {id}")).await;
    let at = until(&c, "the scroll restored", "(() => { const s = document.querySelector('.reader-scroll'); return s.scrollTop > 0 && s.scrollTop / (s.scrollHeight - s.clientHeight); })()").await;
    let at = at.as_f64().unwrap();
    assert!((at - saved).abs() < 0.05, "the reader reopened at {at}, not where it was ({saved})");
    assert_eq!(js(&c, "return location.hash;").await, json!(""), "the fragment is taken off");

    // The note that was being typed is offered back, and saved from there.
    until(&c, "the kept draft", "document.querySelector('[data-testid=kept-draft]')").await;
    let kept =
        js(&c, "return document.querySelector('[data-testid=kept-draft]').textContent;").await;
    assert!(kept.as_str().unwrap().contains(draft), "the draft is offered back: {kept}");
    assert!(
        kept.as_str().unwrap().contains("阿里云智能集团首席执行官张勇"),
        "with its highlight: {kept}"
    );
    shot(&c, "recovery-04-after-a-crash").await;
    click(&c, "[data-testid=kept-draft-save]").await;
    until(
        &c,
        "the note in the margin",
        &format!(
            "[...document.querySelectorAll('.margin-note')].some(e => e.textContent === {draft:?})"
        ),
    )
    .await;
    assert_eq!(
        js(&c, "return localStorage.getItem('zhaji.drafts');").await,
        Value::Null,
        "the saved draft is forgotten"
    );

    // A second crash soon after: the library is shown, not the article that may cause it.
    reload(&c, "location.hash = '#recovered=crashed-again'").await;
    until(&c, "the library after a second crash", "document.querySelector('.article-row') && document.querySelector('[data-testid=recovered]')").await;
    let said =
        js(&c, "return document.querySelector('[data-testid=recovered]').textContent;").await;
    assert!(
        said.as_str().unwrap().contains("先显示文库"),
        "the notice says why the library is shown: {said}"
    );
    assert_eq!(js(&c, "return !!document.querySelector('.article-body');").await, json!(false));
}

/// What WebKitGTK 2.50 does when it collects the highlights of one line box, in registry order:
/// a highlight whose priority is below the last one collected is inserted at an index computed
/// from a binary search with an inverted comparison; when that search ends at the front, the
/// index is -1 as an unsigned number and inserting there fails an assertion. True when
/// registering `priorities` (each one range covering the same character) in this order would.
fn predicted_crash(priorities: &[i32]) -> bool {
    let mut list: Vec<i32> = Vec::new();
    for &p in priorities {
        if list.last().is_none_or(|&last| last <= p) {
            list.push(p);
            continue;
        }
        let (mut first, mut len) = (0usize, list.len());
        while len > 0 {
            let half = len / 2;
            let mid = first + half;
            if p > list[mid] {
                len = half;
            } else {
                first = mid + 1;
                len = len - half - 1;
            }
        }
        match first {
            0 => return true,
            f if f == list.len() => list.insert(0, p),
            f => list.insert(f - 1, p),
        }
    }
    false
}

/// Maps which stacks of highlight registries WebKitGTK cannot paint: each case registers, in
/// order, named highlights of the given priorities over one spot of the seed article (all
/// covering 张勇), paints, and sees whether the page still answers. Prints a table; asserts
/// that the engine behaves as `predicted_crash` says.
#[test]
#[ignore = "exploration: restarts the app after every crash (a minute or two)"]
fn explore_which_highlight_stacks_crash_webkitgtk() {
    one_app_at_a_time(explore());
}

async fn explore() {
    let Some(seed) = SUITE.corpus(SEED) else { return };
    let Some(driver) = SUITE.prepare() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let env = driver.start(tmp.path());
    let mut c = env.session().await;
    open_seed(&c, &seed).await;

    // (name, priority, from, to): offsets relative to 张 in "张勇的这句话".
    type Case = Vec<(&'static str, i32, i32, i32)>;
    let mut cases: Vec<Case> = vec![
        vec![
            ("zh-yellow", 0, -8, 1),
            ("zh-pink", 0, -3, 2),
            ("zh-overlap", 10, -3, 1),
            ("zh-mention", 5, 0, 2),
        ],
        vec![("zh-yellow", 0, -8, 1), ("zh-overlap", 10, -3, 1), ("zh-mention", 5, 0, 2)],
        vec![
            ("zh-yellow", 0, -8, 1),
            ("zh-pink", 0, -3, 2),
            ("zh-mention", 5, 0, 2),
            ("zh-overlap", 10, -3, 1),
        ],
        vec![
            ("zh-yellow", 0, -8, 1),
            ("zh-pink", 0, -3, 2),
            ("zh-overlap", 10, -3, 1),
            ("zh-find", 25, 0, 2),
        ],
        vec![
            ("zh-yellow", 0, -8, 1),
            ("zh-pink", 0, -3, 2),
            ("zh-overlap", 10, -3, 1),
            ("zh-flash", 30, 0, 2),
            ("zh-find", 25, 0, 2),
        ],
        vec![
            ("zh-yellow", 0, -8, 1),
            ("zh-pink", 0, 1, 3),
            ("zh-active", 20, 0, 1),
            ("zh-mention", 5, 0, 2),
        ],
        vec![
            ("zh-yellow", 0, -8, 1),
            ("zh-pink", 0, -3, 2),
            ("zh-overlap", 10, -3, 1),
            ("zh-note", 5, -8, 2),
        ],
        vec![("zh-overlap", 10, -3, 1), ("zh-yellow", 0, -8, 1)],
        vec![("zh-yellow", 0, -8, 1), ("zh-yellow", 0, -3, 2), ("zh-mention", 5, 0, 2)],
    ];
    // A few pseudo-random stacks as well (a fixed linear congruential sequence).
    let pool = [
        ("zh-yellow", 0),
        ("zh-pink", 0),
        ("zh-note", 5),
        ("zh-mention", 5),
        ("zh-overlap", 10),
        ("zh-active", 20),
        ("zh-hit", 24),
        ("zh-find", 25),
        ("zh-flash", 30),
    ];
    let mut x: u32 = 12345;
    for _ in 0..12 {
        let mut case = Case::new();
        let n = 3 + (x % 3) as usize;
        for _ in 0..n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let (name, p) = pool[((x >> 16) % pool.len() as u32) as usize];
            if case.iter().all(|(n, ..)| *n != name) {
                case.push((name, p, -2, 2));
            }
        }
        cases.push(case);
    }

    let mut table = String::new();
    let mut wrong = 0;
    for case in cases {
        until(&c, "the seed article", "document.querySelector('.article-body .ps')").await;
        mark_page(&c).await;
        let spec = json!(case.iter().map(|(n, p, a, b)| json!([n, p, a, b])).collect::<Vec<_>>());
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const p = [...document.querySelectorAll('.article-body .ps')].find(e => e.textContent.includes({SPOT:?}));
             p.scrollIntoView({{block: 'center'}});
             const t = p.firstChild; const j = t.data.indexOf('张勇的这句话');
             CSS.highlights.clear();
             for (const [name, priority, a, b] of {spec}) {{
               const r = new Range(); r.setStart(t, j + a); r.setEnd(t, j + b);
               const h = CSS.highlights.get(name) ?? new Highlight();
               h.priority = priority; h.add(r); CSS.highlights.set(name, h);
             }}
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(window.__page), 300)));"
        );
        let alive = answer(&c, &script, 8).await == Some(json!("before"));
        let prios: Vec<i32> = case.iter().map(|(_, p, ..)| *p).collect();
        let predicted = predicted_crash(&prios);
        if predicted == alive {
            wrong += 1;
        }
        let names: Vec<String> = case.iter().map(|(n, p, ..)| format!("{n}({p})")).collect();
        table.push_str(&format!(
            "{:<8} predicted {:<6} {}\n",
            if alive { "painted" } else { "CRASHED" },
            if predicted { "crash" } else { "paint" },
            names.join(" ")
        ));
        // Without the shell's recovery the window is dead: start the app again.
        if !alive && answer(&c, "arguments[0](1)", 5).await.is_none() {
            let _ = c.close().await;
            c = env.session().await;
        }
    }
    eprintln!("{table}");
    assert_eq!(wrong, 0, "the engine did not behave as predicted:\n{table}");
}
