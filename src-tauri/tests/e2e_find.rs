//! End-to-end test of the desktop parts of issues 4 and 5 in the real webview (same set-up as
//! `e2e.rs`: the built app through tauri-driver and WebKitWebDriver under Xvfb, free ports and a
//! free display of its own): a folder dropped on the window imports with a summary that names the
//! corrupt file; the Ctrl+K palette finds 算力 and opens the article at the marked match; Ctrl+F
//! counts and steps through matches, folding Traditional and Simplified as search does; an EPUB
//! and a saved web page read with their title, author and headings. Screenshots go to `target/screenshots/ui2-*.png`.

mod common;

use common::{click, invoke, js, keys, shot, until, Suite};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Client;
use serde_json::json;

const SUITE: Suite = Suite { name: "find/import end-to-end test", displays: 140..250 };
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
async fn type_into(c: &Client, css: &str, text: &str) {
    until(c, css, &format!("document.activeElement === document.querySelector({css:?})")).await;
    let script = format!(
        "const el = document.querySelector({css:?});
         el.value = {text:?}; el.dispatchEvent(new InputEvent('input', {{bubbles: true, data: {text:?}}})); return 1;"
    );
    js(c, &script).await;
}

/// Opens the library row whose title contains `title`.
/// What the window does when files or folders are dropped on it (the native drag cannot be
/// synthesised).
async fn drop_paths(c: &Client, paths: &[String]) {
    let drop = format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {{event: 'tauri://drag-drop', payload: {{paths: {}, position: {{x: 10, y: 10}}}}}}).then(() => done(1), e => done(String(e)));",
        json!(paths)
    );
    let v = c.execute_async(&drop, vec![]).await.expect("drop");
    assert_eq!(v, json!(1), "emitting the drop failed: {v}");
}

async fn open_row(c: &Client, title: &str) {
    let script = format!(
        "const r = [...document.querySelectorAll('.article-row')].find(r => r.textContent.includes({title:?}));
         if (r) r.click(); return !!r;"
    );
    until(c, title, &format!("(() => {{ {script} }})()")).await;
    until(c, "the reader", "document.querySelector('.article-body .ps')").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_import_with_a_summary_and_the_palette_and_find_take_you_to_the_match() {
    let Some(seed) = SUITE.corpus(SEED) else { return };
    let Some(epub) = SUITE.corpus("epub/alice.epub") else { return };
    let Some(gmw) = SUITE.corpus("readability/gmw/source.html") else { return };
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
    js(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'en'})); window.__before_reload = 1; location.reload(); return 1;").await;
    until(&c, "the English interface", "!window.__before_reload && document.documentElement.dataset.ready && document.querySelector('[data-testid=import]')?.textContent.includes('Import')").await;

    // ---- a folder dropped on the window: two good files and a corrupt one ----
    let folder = tmp.path().join("to-import");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(
        folder.join("算力之争.txt"),
        "算力之争\n\n大模型的训练需要大量算力，芯片供应因此成为焦点。\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("sub/scaling.md"),
        "# Scaling laws\n\nCompute, data and parameters grow together; optimisation follows.\n",
    )
    .unwrap();
    let mut junk = vec![0u8; 4096];
    for (i, b) in junk.iter_mut().enumerate() {
        *b = (i * 7 % 256) as u8;
    }
    std::fs::write(folder.join("corrupt.txt"), junk).unwrap();
    drop_paths(&c, &[folder.display().to_string()]).await;
    until(&c, "the import summary", "document.querySelector('[data-testid=import-summary]')").await;
    let imported =
        js(&c, "return document.querySelector('[data-testid=is-imported] b').textContent;").await;
    assert_eq!(imported, json!("2"), "both good files are imported");
    let failures = js(
        &c,
        "return document.querySelector('[data-testid=import-failures]')?.textContent ?? '';",
    )
    .await;
    let failures = failures.as_str().unwrap();
    assert!(failures.contains("corrupt.txt"), "the summary names the bad file: {failures}");
    assert!(failures.contains("not a text document"), "and says why: {failures}");
    shot(&c, "ui2-01-import-summary").await;
    click(&c, "[data-testid=import-summary-ok]").await;
    until(&c, "both articles listed", "[...document.querySelectorAll('.article-row')].map(r => r.textContent).join('|').includes('算力之争') && [...document.querySelectorAll('.article-row')].map(r => r.textContent).join('|').includes('Scaling laws')").await;

    // ---- Ctrl+K: the palette finds 算力 in the seed and opens it at the marked match ----
    let out = invoke(&c, "import_files", json!({ "paths": [seed] })).await;
    assert!(out[0]["outcome"]["article"]["id"].is_number(), "the seed imports: {out}");
    ctrl(&c, 'k').await;
    until(&c, "the palette", "document.querySelector('[data-testid=palette]')").await;
    type_into(&c, "[data-testid=palette-input]", "算力").await;
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
    shot(&c, "ui2-02-palette").await;
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
    shot(&c, "ui2-03-hit-in-reader").await;

    // A query the core cannot read says so in the palette.
    ctrl(&c, 'k').await;
    type_into(&c, "[data-testid=palette-input]", "tag:").await;
    let err = until(
        &c,
        "the query error",
        "document.querySelector('[data-testid=palette-error]')?.textContent",
    )
    .await;
    eprintln!("query error shown: {err}");
    shot(&c, "ui2-04-palette-error").await;
    keys(&c, "\u{e00c}").await; // Esc closes the palette, not the article
    until(&c, "the palette closed", "!document.querySelector('[data-testid=palette]') && document.querySelector('.article-body')").await;

    // ---- Ctrl+F: find in the article with a count, next and previous ----
    ctrl(&c, 'f').await;
    until(&c, "the find bar", "document.querySelector('[data-testid=find-input]')").await;
    type_into(&c, "[data-testid=find-input]", "算力").await;
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
    shot(&c, "ui2-05-find").await;
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
        type_into(c, "[data-testid=find-input]", "没有这个词xyz").await;
        until(c, "0/0", "document.querySelector('[data-testid=find-count]').textContent === '0/0'")
            .await;
    };
    nothing(&c).await;
    type_into(&c, "[data-testid=find-input]", "训练").await;
    let simplified = until(&c, "a count for 训练", "(t => /^1\\/\\d+$/.test(t) && t)(document.querySelector('[data-testid=find-count]').textContent)").await;
    nothing(&c).await;
    type_into(&c, "[data-testid=find-input]", "訓練").await;
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

    // ---- an EPUB: title, author, chapters as headings, a contents list ----
    click(&c, "[data-testid=back]").await;
    let out = invoke(&c, "import_files", json!({ "paths": [epub] })).await;
    let title = out[0]["outcome"]["article"]["meta"]["title"]
        .as_str()
        .expect("the EPUB imports")
        .to_owned();
    js(&c, "window.__before_reload = 1; location.reload(); return 1;").await;
    until(&c, "the library", "!window.__before_reload && document.documentElement.dataset.ready")
        .await;
    open_row(&c, &title).await;
    let heads = js(&c, "return document.querySelectorAll('.article-body h1.ps, .article-body h2.ps, .article-body h3.ps').length;").await;
    assert!(heads.as_u64().unwrap() >= 2, "chapters are headings: {heads}");
    let byline =
        js(&c, "return document.querySelector('.article-byline')?.textContent ?? '';").await;
    assert!(byline.as_str().unwrap().contains("Carroll"), "the author is shown: {byline}");
    until(
        &c,
        "the contents list",
        "document.querySelectorAll('[data-testid=contents] .contents-item').length >= 2",
    )
    .await;
    js(
        &c,
        "document.querySelectorAll('[data-testid=contents] .contents-item')[1].click(); return 1;",
    )
    .await;
    shot(&c, "ui2-06-epub").await;

    // ---- a saved web page: title and author from the page, no clutter ----
    click(&c, "[data-testid=back]").await;
    let out = invoke(&c, "import_files", json!({ "paths": [gmw] })).await;
    let title = out[0]["outcome"]["article"]["meta"]["title"]
        .as_str()
        .expect("the page imports")
        .to_owned();
    assert!(title.contains("宇航员在太空中喝酒会怎么样"), "the page's title: {title}");
    js(&c, "window.__before_reload = 1; location.reload(); return 1;").await;
    until(&c, "the library", "!window.__before_reload && document.documentElement.dataset.ready")
        .await;
    open_row(&c, "宇航员在太空中喝酒").await;
    let byline =
        js(&c, "return document.querySelector('.article-byline')?.textContent ?? '';").await;
    assert!(byline.as_str().unwrap().contains("肖春芳"), "the author is shown: {byline}");
    let text = js(&c, "return document.querySelector('.article-body').textContent;").await;
    assert!(text.as_str().unwrap().contains("不幸的是"), "the article's text is there");
    shot(&c, "ui2-07-web-page").await;

    // ---- many files dropped together (not a folder): the progress bar, then a toast ----
    click(&c, "[data-testid=back]").await;
    let many = tmp.path().join("many");
    std::fs::create_dir_all(&many).unwrap();
    // Long enough (150 files of ~100 KB) for the bar to be seen while the import runs.
    let body = "算力、芯片与数据：训练的成本归根结底是一个钱字。\n\n".repeat(1400);
    let paths: Vec<String> = (0..150)
        .map(|i| {
            let p = many.join(format!("笔记{i:03}.md"));
            std::fs::write(&p, format!("# 第{i}篇笔记\n\n{body}第{i}段。\n")).unwrap();
            p.display().to_string()
        })
        .collect();
    drop_paths(&c, &paths).await;
    until(
        &c,
        "the progress of the files",
        "document.querySelector('[data-testid=import-progress]')?.textContent.includes('/ 150')",
    )
    .await;
    shot(&c, "ui2-08-files-progress").await;
    until(&c, "the import's end", "!document.querySelector('[data-testid=import-progress]')").await;
    until(&c, "the new articles listed", "document.body.textContent.includes('第149篇笔记')").await;
}
