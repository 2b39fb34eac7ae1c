//! End-to-end test of the notebook in the desktop app, in its real webview (the harness of
//! `common/mod.rs`): highlights made in the seed article are listed across the library, filtered
//! by a Chinese tag and by a colour's name, their notes rendered from Markdown (bold, a link;
//! HTML stays text), moved through with j and opened with Enter at the passage, which the reader
//! scrolls into view; a filter alone typed in the search box lists its highlights. Screenshots go
//! to `target/screenshots/notebook-*.png` at 1280x800 and 800x600, light and dark, Chinese and
//! English.
//!
//! Needs `tauri-driver`, `WebKitWebDriver` and `Xvfb` (started here when DISPLAY is unset); fails
//! under `CI=true` when they or the test corpus are missing, and is skipped loudly elsewhere.

mod common;

use common::{click, invoke, js, keys, reload, shot, until, Suite};
use fantoccini::Client;
use serde_json::json;

const SUITE: Suite = Suite { name: "notebook end-to-end test", displays: 140..250 };
const SEED: &str = "seed/000_4b857f83adbe41b1.txt";
const NOTE: &str = "这是**重点**：<script>window.__pwned = 1</script> 见[来源](https://example.com/a) ![图](https://example.com/x.png)";

async fn highlight(
    c: &Client,
    article: &serde_json::Value,
    quote: &str,
    color: &str,
    tags: &[&str],
    note: Option<&str>,
) {
    let spec = json!({ "article_id": article, "range": null, "quote": quote, "occurrence": null, "color": color, "tags": tags, "note": note });
    let h = invoke(c, "create_highlight", json!({ "spec": spec })).await;
    assert!(h["id"].is_number(), "highlight {quote}: {h}");
}

/// Sets the notebook's tag filter as a person choosing from the list does.
async fn choose_tag(c: &Client, tag: &str) {
    js(c, &format!("const s = document.querySelector('[data-testid=notebook-tag]'); s.value = {tag:?}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return 1;")).await;
}

async fn count_is(c: &Client, n: usize) {
    until(
        c,
        &format!("{n} notebook items"),
        &format!("document.querySelectorAll('.notebook-item').length === {n}"),
    )
    .await;
}

/// Takes the notebook's screenshots at both sizes.
async fn shots(c: &Client, name: &str) {
    shot(c, &format!("notebook-{name}-1280")).await;
    if c.set_window_size(800, 600).await.is_ok() {
        until(c, "the narrow window", "innerWidth <= 820").await;
        let title =
            js(c, "return document.querySelector('.notebook-bar .pane-title').offsetWidth;").await;
        assert!(title.as_f64().unwrap() > 0.0, "the notebook's title shows at 800 px");
        shot(c, &format!("notebook-{name}-800")).await;
        c.set_window_size(1280, 800).await.expect("window size back");
        until(c, "the wide window", "innerWidth >= 1200").await;
    }
}

#[test]
fn the_notebook_filters_renders_notes_and_opens_the_passage() {
    common::one_app_at_a_time(async {
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
        reload(
            &c,
            "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'zh', theme: 'light'}))",
        )
        .await;
        until(
            &c,
            "the Chinese interface",
            "document.querySelector('[data-testid=notebook-pane]')?.textContent === '笔记本'",
        )
        .await;

        let out = invoke(&c, "import_files", json!({ "paths": [seed] })).await;
        let id = out[0]["outcome"]["article"]["id"].clone();
        assert!(id.is_number(), "the seed imports: {out}");
        // Notes without a highlight: on the article, and on its first words. Written before the
        // highlights, so these stay the newest entries.
        let note = invoke(
            &c,
            "set_article_note",
            json!({ "article_id": id, "body": "一篇讲**算力成本**的文章" }),
        )
        .await;
        assert!(note["id"].is_number(), "the article note: {note}");
        let note = invoke(
            &c,
            "add_passage_note",
            json!({ "article_id": id, "start": 0, "end": 4, "body": "开头的*判断*" }),
        )
        .await;
        assert!(note["id"].is_number(), "the passage note: {note}");
        highlight(&c, &id, "所有应用都值得用大模型重做一遍", "pink", &["topic/算力"], Some(NOTE))
            .await;
        highlight(&c, &id, "超大规模预训练语言模型BERT", "yellow", &[], Some("1750亿参数")).await;
        highlight(&c, &id, "用大模型对小模型蒸馏", "green", &["actor/百度"], None).await;

        // ---- every highlight, newest first (the sample article's come after ours) ----
        click(&c, "[data-testid=notebook-pane]").await;
        let all = until(
            &c,
            "the notebook",
            "(n => n >= 3 && n)(document.querySelectorAll('.notebook-item').length)",
        )
        .await;
        let all = all.as_u64().unwrap() as usize;
        let first =
            js(&c, "return document.querySelector('.notebook-item .notebook-quote').textContent;")
                .await;
        assert_eq!(first, json!("用大模型对小模型蒸馏"), "newest first");
        let count =
            js(&c, "return document.querySelector('[data-testid=notebook-count]').textContent;")
                .await;
        assert_eq!(count, json!(format!("{all} 条")));
        // The notes are entries of their own, rendered, each saying what it is written on.
        until(&c, "the article's note in the notebook", "document.querySelector('.note-entry.article [data-testid=notebook-note][data-rendered] strong')?.textContent === '算力成本'").await;
        // (The sample article comes with a note of its own.)
        let kinds = js(&c, "return [...document.querySelectorAll('.note-entry')].map(e => e.querySelector('.note-kind').textContent);").await;
        let kinds: Vec<String> = serde_json::from_value(kinds).unwrap();
        assert!(
            kinds.contains(&"文章笔记".into()) && kinds.contains(&"段落笔记".into()),
            "{kinds:?}"
        );
        let notes = kinds.len();
        let passage =
            js(&c, "return document.querySelector('.note-entry.passage em')?.textContent;").await;
        assert_eq!(passage, json!("判断"));
        shots(&c, "zh-light").await;
        // Without them, only highlights.
        js(&c, "document.querySelector('[data-testid=notebook-notes]').click(); return 1;").await;
        count_is(&c, all - notes).await;
        let count =
            js(&c, "return document.querySelector('[data-testid=notebook-count]').textContent;")
                .await;
        assert_eq!(count, json!(format!("{} 条划线", all - notes)));
        js(&c, "document.querySelector('[data-testid=notebook-notes]').click(); return 1;").await;
        count_is(&c, all).await;

        // ---- a Chinese tag: the note rendered, its HTML kept as text ----
        let mine = "[...document.querySelectorAll('.notebook-item')].find(i => i.querySelector('.notebook-quote').textContent === '所有应用都值得用大模型重做一遍')";
        choose_tag(&c, "topic/算力").await;
        let tagged = until(&c, "only 算力", &format!("(l => l.length < {all} && l.every(i => [...i.querySelectorAll('.chip')].some(t => t.textContent.startsWith('topic/算力'))) && l.length)([...document.querySelectorAll('.notebook-item')])")).await;
        until(
            &c,
            "the note rendered",
            &format!("{mine}?.querySelector('[data-testid=notebook-note][data-rendered]')"),
        )
        .await;
        let note = js(
            &c,
            &format!("const n = {mine}.querySelector('[data-testid=notebook-note]');
             return {{ strong: n.querySelector('strong')?.textContent, link: n.querySelector('a')?.getAttribute('href'),
                      scripts: n.querySelectorAll('script, img').length, text: n.textContent, pwned: !!window.__pwned }};"),
        )
        .await;
        assert_eq!(note["strong"], json!("重点"), "{note}");
        assert_eq!(note["link"], json!("https://example.com/a"), "{note}");
        assert_eq!(note["scripts"], json!(0), "no element from the note's HTML: {note}");
        assert!(
            note["text"].as_str().unwrap().contains("<script>window.__pwned = 1</script>"),
            "{note}"
        );
        assert!(
            note["text"].as_str().unwrap().contains("图"),
            "an image shows its alt text: {note}"
        );
        assert_eq!(note["pwned"], json!(false));
        shot(&c, "notebook-zh-tag").await;
        // The parent tag takes in its children.
        choose_tag(&c, "topic").await;
        until(
            &c,
            "more under topic",
            &format!("document.querySelectorAll('.notebook-item').length > {tagged} && {mine}"),
        )
        .await;
        choose_tag(&c, "").await;
        count_is(&c, all).await;

        // ---- a colour by its name (the pink one is 反驳 in Chinese) ----
        let chip = js(&c, "const b = [...document.querySelectorAll('.color-chip')].find(b => b.textContent.includes('反驳')); b.click(); return b.dataset.color;").await;
        assert_eq!(chip, json!("pink"));
        until(&c, "only pink", &format!("(l => l.length < {all} && l.every(i => i.classList.contains('hl-pink')))([...document.querySelectorAll('.notebook-item')]) && {mine}")).await;
        js(&c, "document.querySelector('.color-chip[data-color=pink]').click(); return 1;").await;
        count_is(&c, all).await;

        // ---- j, j, Enter: the reader opens at the passage, in view ----
        js(&c, "document.activeElement?.blur(); return 1;").await;
        keys(&c, "jj").await;
        until(
            &c,
            "the cursor on the second item",
            "document.querySelector('.notebook-item.cursor')?.dataset.index === '1'",
        )
        .await;
        keys(&c, "\u{e007}").await; // Enter
        until(
            &c,
            "the reader at the highlight",
            "document.querySelector('.article-body[data-hit]')",
        )
        .await;
        let marked = until(
            &c,
            "the passage marked",
            "CSS.highlights.get('zh-hit') && [...CSS.highlights.get('zh-hit')][0]?.toString()",
        )
        .await;
        assert!(
            marked.as_str().is_some_and(|m| "超大规模预训练语言模型BERT".starts_with(m)),
            "{marked}"
        );
        let visible = until(&c, "the passage in view", "(r => r.top >= 0 && r.bottom <= innerHeight)([...CSS.highlights.get('zh-hit')][0].getBoundingClientRect())").await;
        assert_eq!(visible, json!(true));
        // The margin shows the same note rendered.
        until(&c, "the margin's note rendered", "document.querySelector('[data-testid=margin-note][data-rendered] strong')?.textContent === '重点'").await;
        keys(&c, "b").await;

        // ---- a filter alone in the search box lists its highlights ----
        until(
            &c,
            "the library again",
            "document.querySelector('.sidebar') && !document.querySelector('.article-body')",
        )
        .await;
        js(&c, "document.querySelector('.sidebar .side-item').click(); return 1;").await;
        until(&c, "the search box", "document.querySelector('[data-testid=search]')").await;
        js(&c, "const s = document.querySelector('[data-testid=search]'); s.focus(); s.value = 'color:反驳'; s.dispatchEvent(new Event('input', { bubbles: true })); return 1;").await;
        until(
            &c,
            "the listed highlight",
            "document.querySelector('[data-testid=search-results] .search-hit')",
        )
        .await;
        let hits = js(&c, "return [...document.querySelectorAll('[data-testid=search-results] .search-group')].map(g => g.querySelector('h2').textContent);").await;
        assert!(hits.to_string().contains("划线"), "{hits}");
        js(&c, "const s = document.querySelector('[data-testid=search]'); s.blur(); return 1;")
            .await;

        // ---- dark, then English ----
        click(&c, "[data-testid=notebook-pane]").await;
        count_is(&c, all).await;
        js(&c, "document.activeElement?.blur(); return 1;").await;
        keys(&c, "d").await;
        until(&c, "the dark theme", "document.documentElement.dataset.theme === 'dark'").await;
        shots(&c, "zh-dark").await;
        reload(
            &c,
            "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'en', theme: 'light'}))",
        )
        .await;
        until(
            &c,
            "the English interface",
            "document.querySelector('[data-testid=notebook-pane]')?.textContent === 'Notebook'",
        )
        .await;
        click(&c, "[data-testid=notebook-pane]").await;
        count_is(&c, all).await;
        js(&c, "document.querySelector('[data-testid=notebook-has-note]').click(); return 1;")
            .await;
        until(&c, "only noted", &format!("(l => l.length < {all} && l.every(i => i.querySelector('.notebook-note')))([...document.querySelectorAll('.notebook-item')])")).await;
        shots(&c, "en-light").await;
        reload(
            &c,
            "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'en', theme: 'dark'}))",
        )
        .await;
        until(
            &c,
            "the dark English interface",
            "document.documentElement.dataset.theme === 'dark'",
        )
        .await;
        click(&c, "[data-testid=notebook-pane]").await;
        count_is(&c, all).await;
        shots(&c, "en-dark").await;
        c.close().await.ok();
    });
}
