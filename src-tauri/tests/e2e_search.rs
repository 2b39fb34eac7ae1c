//! End-to-end test of finding in the desktop app, in its real webview (the harness of
//! `common/mod.rs`: the built app through tauri-driver and WebKitWebDriver under Xvfb, free ports
//! and a free display of its own): the Ctrl+K palette searches the library for 算力 and opens the
//! article at the marked match; Ctrl+F finds in the article, counts and steps through the
//! matches, folding Traditional and Simplified as search does. Screenshots go to
//! `target/screenshots/search-*.png`.
//!
//! Needs `tauri-driver` (in PATH or ~/.cargo/bin), `WebKitWebDriver` and `Xvfb` (started here when
//! DISPLAY is unset); fails under `CI=true` when they or the test corpus are missing, and is
//! skipped loudly elsewhere.

mod common;

use common::{invoke, js, keys, reload, shot, until, Suite};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Client;
use serde_json::json;

const SUITE: Suite = Suite { name: "search end-to-end test", displays: 140..250 };
const SEED: &str = "seed/000_4b857f83adbe41b1.txt";

/// Presses `key` with Control held.
async fn ctrl(c: &Client, key: char) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '\u{e009}' })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: '\u{e009}' });
    c.perform_actions(actions).await.expect("ctrl key");
}

/// Presses `key` with Shift held.
async fn shift(c: &Client, key: char) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '\u{e008}' })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: '\u{e008}' });
    c.perform_actions(actions).await.expect("shift key");
}

/// Types `text` into the focused field the way an input method does (one input event).
async fn type_as_input_method(c: &Client, css: &str, text: &str) {
    until(c, css, &format!("document.activeElement === document.querySelector({css:?})")).await;
    let script = format!(
        "const el = document.querySelector({css:?});
         el.value = {text:?}; el.dispatchEvent(new InputEvent('input', {{bubbles: true, data: {text:?}}})); return 1;"
    );
    js(c, &script).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_palette_and_find_in_the_article_take_you_to_the_match() {
    let Some(seed) = SUITE.corpus(SEED) else { return };
    let Some(driver) = SUITE.prepare() else { return };

    let tmp = tempfile::tempdir().unwrap();
    let env = driver.start(tmp.path());
    let c = env.session().await;
    until(
        &c,
        "the library",
        "document.documentElement.dataset.ready && document.querySelector('.article-row')",
    )
    .await;
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'en'}))").await;
    until(
        &c,
        "the English interface",
        "document.querySelector('[data-testid=import]')?.textContent.includes('Import')",
    )
    .await;

    // ---- Ctrl+K: the palette finds 算力 in the seed and opens it at the marked match ----
    let out = invoke(&c, "import_files", json!({ "paths": [seed] })).await;
    assert!(out[0]["outcome"]["article"]["id"].is_number(), "the seed imports: {out}");
    ctrl(&c, 'k').await;
    until(&c, "the palette", "document.querySelector('[data-testid=palette]')").await;
    type_as_input_method(&c, "[data-testid=palette-input]", "算力").await;
    until(
        &c,
        "passage hits",
        "document.querySelectorAll('.palette-hit[data-kind=passage]').length >= 2",
    )
    .await;
    let marks = js(&c, "return [...document.querySelectorAll('.palette-hit mark')].every(m => m.textContent === '算力');").await;
    assert_eq!(marks, json!(true), "every snippet marks 算力");
    // Down to the first passage hit (highlights and notes come first), as a user would.
    let n = js(&c, "return [...document.querySelectorAll('.palette-hit')].findIndex(h => h.dataset.kind === 'passage');").await;
    let n = n.as_u64().expect("a passage hit") as usize;
    keys(&c, &"\u{e015}".repeat(n)).await;
    until(
        &c,
        "the passage hit active",
        &format!("document.querySelectorAll('.palette-hit')[{n}]?.classList.contains('active')"),
    )
    .await;
    shot(&c, "search-01-palette").await;
    keys(&c, "\u{e007}").await; // Enter
    until(&c, "the reader at the hit", "document.querySelector('.article-body[data-hit]')").await;
    let marked = until(
        &c,
        "the marked match",
        "CSS.highlights.get('zh-hit') && [...CSS.highlights.get('zh-hit')][0]?.toString()",
    )
    .await;
    assert_eq!(marked, json!("算力"));
    let visible = js(&c, "const r = [...CSS.highlights.get('zh-hit')][0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;").await;
    assert_eq!(visible, json!(true), "the match is scrolled into view");
    shot(&c, "search-02-hit-in-reader").await;

    // A query the core cannot read says so in the palette.
    ctrl(&c, 'k').await;
    type_as_input_method(&c, "[data-testid=palette-input]", "tag:").await;
    let err = until(
        &c,
        "the query error",
        "document.querySelector('[data-testid=palette-error]')?.textContent",
    )
    .await;
    eprintln!("query error shown: {err}");
    shot(&c, "search-03-palette-error").await;
    keys(&c, "\u{e00c}").await; // Esc closes the palette, not the article
    until(&c, "the palette closed", "!document.querySelector('[data-testid=palette]') && document.querySelector('.article-body')").await;

    // ---- Ctrl+F: find in the article with a count, next and previous ----
    ctrl(&c, 'f').await;
    until(&c, "the find bar", "document.querySelector('[data-testid=find-input]')").await;
    type_as_input_method(&c, "[data-testid=find-input]", "算力").await;
    let count = until(&c, "a count", "(t => /^1\\/\\d+$/.test(t) && t)(document.querySelector('[data-testid=find-count]').textContent)").await;
    let total: usize = count.as_str().unwrap()[2..].parse().unwrap();
    assert!(total >= 2, "the seed holds 算力 more than once: {count}");
    // The count is shown before the marks are painted (the next frame): wait for the paint.
    let painted = until(
        &c,
        "every match marked",
        &format!(
            "(n => n === {total} && n)((CSS.highlights.get('zh-find')?.size ?? 0) + (CSS.highlights.get('zh-find-current')?.size ?? 0))"
        ),
    )
    .await;
    assert_eq!(painted, json!(total), "every match is marked");
    keys(&c, "\u{e007}").await;
    until(
        &c,
        "2/N",
        &format!("document.querySelector('[data-testid=find-count]').textContent === '2/{total}'"),
    )
    .await;
    shot(&c, "search-04-find-in-article").await;
    shift(&c, '\u{e007}').await;
    until(
        &c,
        "1/N",
        &format!("document.querySelector('[data-testid=find-count]').textContent === '1/{total}'"),
    )
    .await;
    shift(&c, '\u{e007}').await;
    until(
        &c,
        "wraps to N/N",
        &format!(
            "document.querySelector('[data-testid=find-count]').textContent === '{total}/{total}'"
        ),
    )
    .await;
    until(
        &c,
        "the current match painted",
        "[...(CSS.highlights.get('zh-find-current') ?? [])][0]?.toString() === '算力'",
    )
    .await;
    let cur = js(&c, "return [...CSS.highlights.get('zh-find-current')][0].toString();").await;
    assert_eq!(cur, json!("算力"));
    // Find folds as search does: the Traditional 訓練 finds the Simplified 训练. (A query with no
    // match in between, so that no count is read before the core has answered the new query.)
    let nothing = |c| async move {
        type_as_input_method(c, "[data-testid=find-input]", "没有这个词xyz").await;
        until(c, "0/0", "document.querySelector('[data-testid=find-count]').textContent === '0/0'")
            .await;
    };
    nothing(&c).await;
    type_as_input_method(&c, "[data-testid=find-input]", "训练").await;
    let simplified = until(&c, "a count for 训练", "(t => /^1\\/\\d+$/.test(t) && t)(document.querySelector('[data-testid=find-count]').textContent)").await;
    nothing(&c).await;
    type_as_input_method(&c, "[data-testid=find-input]", "訓練").await;
    until(
        &c,
        "the same count for 訓練",
        &format!("document.querySelector('[data-testid=find-count]').textContent === {simplified}"),
    )
    .await;
    until(
        &c,
        "训练 marked for 訓練",
        "[...(CSS.highlights.get('zh-find-current') ?? [])][0]?.toString() === '训练'",
    )
    .await;
    keys(&c, "\u{e00c}").await;
    until(&c, "the find bar closed, the article still open", "!document.querySelector('[data-testid=find-bar]') && document.querySelector('.article-body') && !CSS.highlights.has('zh-find')").await;
}
