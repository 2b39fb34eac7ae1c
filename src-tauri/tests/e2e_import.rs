//! End-to-end test of importing in the desktop app, in its real webview (the harness of
//! `common/mod.rs`: the built app through tauri-driver and WebKitWebDriver under Xvfb, free ports
//! and a free display of its own): a folder dropped on the window imports with a summary that
//! names the corrupt file; an EPUB and a saved web page read with their title, author and
//! headings; many files dropped together show a progress bar. Screenshots go to
//! `target/screenshots/import-*.png`.
//!
//! Needs `tauri-driver` (in PATH or ~/.cargo/bin), `WebKitWebDriver` and `Xvfb` (started here when
//! DISPLAY is unset); fails under `CI=true` when they or the test corpus are missing, and is
//! skipped loudly elsewhere.

mod common;

use common::{click, invoke, js, reload, shot, until, Suite};
use fantoccini::Client;
use serde_json::json;

const SUITE: Suite = Suite { name: "import end-to-end test", displays: 140..250 };

/// What the window does when files or folders are dropped on it (the native drag cannot be
/// synthesised).
async fn drop_paths(c: &Client, paths: &[String]) {
    // The window listens for drops once its listener is registered (an IPC round of its own,
    // which may end after the first screen is ready).
    until(c, "the drop listener", "document.documentElement.dataset.dropReady").await;
    let drop = format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {{event: 'tauri://drag-drop', payload: {{paths: {}, position: {{x: 10, y: 10}}}}}}).then(() => done(1), e => done(String(e)));",
        json!(paths)
    );
    let v = c.execute_async(&drop, vec![]).await.expect("drop");
    assert_eq!(v, json!(1), "emitting the drop failed: {v}");
}

/// Opens the library row whose title contains `title`.
async fn open_row(c: &Client, title: &str) {
    let script = format!(
        "const r = [...document.querySelectorAll('.article-row')].find(r => r.textContent.includes({title:?}));
         if (r) r.click(); return !!r;"
    );
    until(c, title, &format!("(() => {{ {script} }})()")).await;
    until(c, "the reader", "document.querySelector('.article-body .ps')").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_files_epubs_and_web_pages_import_with_a_summary_and_progress() {
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
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'en'}))").await;
    until(
        &c,
        "the English interface",
        "document.querySelector('[data-testid=import]')?.textContent.includes('Import')",
    )
    .await;

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
        "# Scaling laws\n\nCompute, data and parameters grow together; optimisation follows.\n\n![A chart](chart-gone.png)\n\nThe chart above is missing from the folder.\n",
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
    // The Markdown file's image is not in the folder: said once, with why.
    let images = js(
        &c,
        "return document.querySelector('[data-testid=import-images-not-kept]')?.textContent ?? '';",
    )
    .await;
    assert_eq!(
        images,
        json!("1 image could not be kept: the image file was not found beside the document"),
    );
    shot(&c, "import-01-folder-summary").await;
    click(&c, "[data-testid=import-summary-ok]").await;
    until(&c, "both articles listed", "[...document.querySelectorAll('.article-row')].map(r => r.textContent).join('|').includes('算力之争') && [...document.querySelectorAll('.article-row')].map(r => r.textContent).join('|').includes('Scaling laws')").await;

    // ---- an EPUB: title, author, chapters as headings, a contents list ----
    let out = invoke(&c, "import_files", json!({ "paths": [epub] })).await;
    let title = out[0]["outcome"]["article"]["meta"]["title"]
        .as_str()
        .expect("the EPUB imports")
        .to_owned();
    reload(&c, "").await;
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
    shot(&c, "import-02-epub").await;

    // ---- a saved web page: title and author from the page, no clutter ----
    click(&c, "[data-testid=back]").await;
    let out = invoke(&c, "import_files", json!({ "paths": [gmw] })).await;
    let title = out[0]["outcome"]["article"]["meta"]["title"]
        .as_str()
        .expect("the page imports")
        .to_owned();
    assert!(title.contains("宇航员在太空中喝酒会怎么样"), "the page's title: {title}");
    reload(&c, "").await;
    open_row(&c, "宇航员在太空中喝酒").await;
    let byline =
        js(&c, "return document.querySelector('.article-byline')?.textContent ?? '';").await;
    assert!(byline.as_str().unwrap().contains("肖春芳"), "the author is shown: {byline}");
    let text = js(&c, "return document.querySelector('.article-body').textContent;").await;
    assert!(text.as_str().unwrap().contains("不幸的是"), "the article's text is there");
    shot(&c, "import-03-web-page").await;

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
    shot(&c, "import-04-files-progress").await;
    until(&c, "the import's end", "!document.querySelector('[data-testid=import-progress]')").await;
    until(&c, "the new articles listed", "document.body.textContent.includes('第149篇笔记')").await;
}
