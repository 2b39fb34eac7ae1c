//! End-to-end test of the vault in the desktop app, in its real webview (the harness of
//! `common/mod.rs`): a library of a Chinese and an English article is exported from the
//! window into a folder, which the export's report then keeps up to date; the reader writes a
//! paragraph under a highlight in the exported file, the highlight's note changes in the app,
//! and the folder, exported again on its own, holds both. Then highlights from a Kindle's
//! `My Clippings.txt` are imported from the window: the report counts what matched and what did
//! not, and the unmatched one is attached to its article from the list. Screenshots at
//! 1280×800 and 800×600 go to `target/screenshots/vault-*.png`.
//!
//! The native folder and file dialogs cannot be driven through WebDriver: the page's call to
//! the dialog plugin is answered with the path a person would have chosen.
//!
//! Needs `tauri-driver`, `WebKitWebDriver` and `Xvfb` (started here when DISPLAY is unset); fails
//! under `CI=true` when they are missing, and is skipped loudly elsewhere.

mod common;

use common::{click, invoke, js, shot, until, Suite};
use serde_json::json;
use std::path::Path;
use zhaji::{Color, HighlightSpec, Library};

const SUITE: Suite = Suite { name: "vault end-to-end test", displays: 600..700 };

/// The quote of the Chinese article's highlight, and a sentence both articles hold.
const QUOTE: &str = "归根结底是一个钱字";
const SHARED: &str = "Slow reading builds understanding.";

/// A library with a Chinese and an English article, each with a highlight; returns the Chinese
/// highlight's id.
fn library(path: &Path) -> i64 {
    let mut lib = Library::open(path).unwrap();
    let zh = lib
        .import_pasted(&format!(
            "大模型的下半场\n\n算力、场景、文本的堆砌{QUOTE}。\n\n数据中心的电力成本决定了模型的价格。\n\n{SHARED}"
        ))
        .unwrap()
        .article
        .id;
    let en = lib
        .import_pasted(&format!(
            "Deep Reading\n\nAttention is the scarce resource of our age.\n\n{SHARED}"
        ))
        .unwrap()
        .article
        .id;
    let mark = |lib: &mut Library, id, quote: &str, note: &str| {
        lib.create_highlight(&HighlightSpec {
            article_id: id,
            range: None,
            quote: Some(quote.into()),
            occurrence: None,
            color: Color::Yellow,
            tags: vec!["主题/算力".into()],
            note: Some(note.into()),
        })
        .unwrap()
        .id
    };
    mark(&mut lib, en, "scarce resource", "True for me.");
    mark(&mut lib, zh, QUOTE, "钱是一切的尺度")
}

/// Makes the page's dialogs answer `answer` (a folder's path, or a list of files) at once.
///
/// The shell's IPC object cannot be changed from the page, but its calls travel as requests to
/// the `ipc:` scheme through `fetch`: the one to the dialog plugin is answered here.
async fn answer_dialogs(c: &fantoccini::Client, answer: serde_json::Value) {
    let script = format!(
        "if (!window.realFetch) window.realFetch = window.fetch.bind(window);
         window.fetch = (input, init) => String(input.url ?? input).includes('plugin%3Adialog%7Copen')
           ? Promise.resolve(new Response(JSON.stringify({answer}), {{ headers: {{ 'Content-Type': 'application/json', 'Tauri-Response': 'ok' }} }}))
           : window.realFetch(input, init);
         return 1;"
    );
    js(c, &script).await;
}

#[test]
fn an_exported_folder_keeps_the_readers_words_and_follows_the_app() {
    common::one_app_at_a_time(async {
        let Some(driver) = SUITE.prepare() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let highlight = library(&tmp.path().join("library.db"));
        let vault = tmp.path().join("vault");
        std::fs::create_dir_all(&vault).unwrap();
        let env = driver.start(tmp.path());
        let c = env.session().await;
        c.set_window_size(1280, 800).await.expect("resize");
        until(&c, "the library", "document.documentElement.dataset.ready && document.querySelectorAll('.article-row').length === 2").await;

        // Export from the window ("Export all…"), into the folder "chosen".
        answer_dialogs(&c, json!(vault.display().to_string())).await;
        js(&c, "[...document.querySelectorAll('.toolbar button')].find(b => b.textContent.includes('Export all') || b.textContent.includes('导出文库')).click(); return 1;").await;
        until(
            &c,
            "the export's report",
            "document.querySelector('[data-testid=export-report] [data-testid=keep-folder]')",
        )
        .await;
        let zh_file = std::fs::read_dir(&vault)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().contains("大模型的下半场"))
            .expect("the Chinese article's file");
        assert!(std::fs::read_to_string(&zh_file).unwrap().contains("钱是一切的尺度"));

        // Keep this folder up to date: the line says so, and the library remembers the folder.
        click(&c, "[data-testid=keep-folder]").await;
        until(&c, "the kept folder's line", "document.querySelector('[data-testid=kept-line]')")
            .await;
        shot(&c, "vault-export-1280x800").await;
        c.set_window_size(800, 600).await.expect("resize");
        shot(&c, "vault-export-800x600").await;
        let kept = invoke(&c, "kept_folder", json!({})).await;
        assert_eq!(kept["dir"], json!(vault.display().to_string()), "{kept}");
        js(
            &c,
            "document.querySelector('[data-testid=export-report] .icon-btn').click(); return 1;",
        )
        .await;
        // The line has a strip of its own: the library (its list's last row, the sidebar's
        // buttons) ends above it, at 800×600 where space is scarcest.
        until(&c, "the report closed", "!document.querySelector('[data-testid=export-report]')")
            .await;
        let gap = js(
            &c,
            "const line = document.querySelector('[data-testid=kept-line]').getBoundingClientRect();
             const lib = document.querySelector('.library').getBoundingClientRect();
             return [Math.round(line.top - lib.bottom), Math.round(line.height), Math.round(innerHeight - line.bottom)];",
        )
        .await;
        assert_eq!(gap, json!([0, 24, 0]), "[space between, line height, space below]: {gap}");
        shot(&c, "vault-kept-line-800x600").await;

        // The reader writes under the highlight, outside the app.
        let text = std::fs::read_to_string(&zh_file).unwrap();
        let at = text.find(QUOTE).expect("the quote in the file");
        let line_end = at + text[at..].find('\n').expect("a line end");
        let edited =
            format!("{}\n\n读者补充：这一段说的是成本。\n{}", &text[..line_end], &text[line_end..]);
        std::fs::write(&zh_file, &edited).unwrap();

        // The highlight's note changes in the app; the kept folder follows on its own.
        invoke(
            &c,
            "set_highlight_note",
            json!({ "highlight_id": highlight, "body": "新的批注：钱决定一切" }),
        )
        .await;
        let mut merged = String::new();
        for _ in 0..150 {
            merged = std::fs::read_to_string(&zh_file).unwrap();
            if merged.contains("新的批注") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(merged.contains("新的批注：钱决定一切"), "{merged}");
        assert!(merged.contains("读者补充：这一段说的是成本。"), "{merged}");
        assert!(!merged.contains("钱是一切的尺度"), "{merged}");
        until(&c, "the quiet status line", "document.querySelector('[data-testid=kept-line]').textContent.match(/同步|up to date/)").await;

        // An export by hand changes nothing more, and keeps both.
        let again = invoke(
            &c,
            "export_markdown",
            json!({ "dir": vault.display().to_string(), "opts": { "articles": [], "all": false } }),
        )
        .await;
        assert!(again["conflicts"].as_array().unwrap().is_empty(), "{again}");
        assert_eq!(std::fs::read_to_string(&zh_file).unwrap(), merged);

        // Highlights from a Kindle: one on the English article, one whose book is unknown and
        // whose words both articles hold (so it matches no article by itself).
        let clippings = tmp.path().join("My Clippings.txt");
        let kindle = format!(
            "\u{feff}Deep Reading (Ann Lee)\r\n- Your Highlight on page 1 | Location 10-12 | Added on Tuesday, April 11, 2023 10:30:00 AM\r\n\r\nAttention is the scarce resource of our age.\r\n==========\r\n\
             不存在的书 (王五)\r\n- 您在第 2 页（位置 #20-21）的标注 | 添加于 2023年4月13日星期四 下午3:05:09\r\n\r\n{SHARED}\r\n==========\r\n"
        );
        std::fs::write(&clippings, kindle).unwrap();
        c.set_window_size(1280, 800).await.expect("resize");
        answer_dialogs(&c, json!([clippings.display().to_string()])).await;
        js(&c, "[...document.querySelectorAll('button')].find(b => b.textContent.includes('导入划线') || b.textContent.includes('Import highlights')).click(); return 1;").await;
        until(
            &c,
            "the import's report",
            "document.querySelector('[data-testid=highlight-import] .unmatched-list li')",
        )
        .await;
        let counts = js(&c, "return ['hi-matched', 'hi-duplicates', 'hi-unmatched'].map(k => document.querySelector(`[data-testid=${k}] b`).textContent);").await;
        assert_eq!(counts, json!(["1", "0", "1"]), "{counts}");
        shot(&c, "vault-import-1280x800").await;
        c.set_window_size(800, 600).await.expect("resize");
        shot(&c, "vault-import-800x600").await;

        // Attached to the English article from the list, it becomes a highlight there.
        let attach = "(() => { const s = document.querySelector('[data-testid=unmatched-list] select'); const o = [...s.options].find(o => o.textContent === 'Deep Reading'); s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return 1; })()";
        js(&c, &format!("return {attach};")).await;
        until(&c, "the list emptied", "document.querySelector('[data-testid=highlight-import]') && !document.querySelector('[data-testid=unmatched-list] li')").await;
        let left = invoke(&c, "unmatched_imports", json!({})).await;
        assert_eq!(left, json!([]));

        // The export's template in the settings: a file with an error shows the error and its
        // line where the preview would be; a good one previews the open article.
        js(
            &c,
            "document.querySelector('[data-testid=highlight-import] .icon-btn').click(); return 1;",
        )
        .await;
        let bad = tmp.path().join("bad.md.jinja");
        std::fs::write(&bad, "# {{ title }}\n\n{% for h in highlights %}\n- {{ h.text }\n")
            .unwrap();
        let good = tmp.path().join("good.md.jinja");
        std::fs::write(
            &good,
            "# {{ title }}\n{% for h in highlights %}> {{ h.text }}\n{% endfor %}",
        )
        .unwrap();
        js(&c, "[...document.querySelectorAll('.sidebar button, nav button, button')].find(b => b.textContent.trim() === 'Settings' || b.textContent.trim() === '设置').click(); return 1;").await;
        answer_dialogs(&c, json!([bad.display().to_string()])).await;
        click(&c, "[data-testid=choose-template]").await;
        let error = until(
            &c,
            "the template's error",
            "document.querySelector('[data-testid=template-preview].bad')?.textContent",
        )
        .await;
        assert!(error.to_string().contains("line 4"), "{error}");
        answer_dialogs(&c, json!([good.display().to_string()])).await;
        click(&c, "[data-testid=choose-template]").await;
        let text = until(
            &c,
            "the preview",
            "document.querySelector('[data-testid=template-preview]:not(.bad)')?.textContent",
        )
        .await;
        assert!(text.as_str().unwrap().starts_with("# "), "{text}");
        js(
            &c,
            "document.querySelector('[data-testid=template-section]').scrollIntoView(); return 1;",
        )
        .await;
        shot(&c, "vault-template-800x600").await;
        c.set_window_size(1280, 800).await.expect("resize");
        js(
            &c,
            "document.querySelector('[data-testid=template-section]').scrollIntoView(); return 1;",
        )
        .await;
        shot(&c, "vault-template-1280x800").await;
        c.close().await.ok();
        let lib = Library::open(&tmp.path().join("library.db")).unwrap();
        let en = lib.articles(&Default::default()).unwrap();
        let en = en.iter().find(|a| a.meta.title == "Deep Reading").unwrap();
        let quotes: Vec<String> =
            lib.article(en.id).unwrap().highlights.iter().map(|h| h.anchor.exact.clone()).collect();
        assert_eq!(quotes.len(), 3, "{quotes:?}");
        assert!(quotes.contains(&SHARED.to_string()), "{quotes:?}");
    });
}
