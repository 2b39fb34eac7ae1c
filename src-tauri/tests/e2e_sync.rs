//! End-to-end test of sync in the desktop app, in its real webview (the harness of
//! `common/mod.rs`): another library, made here with the core, joins a folder with a Chinese
//! article and a highlight; the app joins the same folder from its settings, and the article and
//! its highlight appear in the app's list; a highlight made in the app reaches the other library
//! after the app's background round and a round there. A wrong passphrase for an encrypted
//! folder, and the folder gone, each say so plainly. A highlight two computers recoloured at once
//! shows both colours in its editor's history. Screenshots of the settings' section and of the
//! history at 1280×800 and 800×600 go to `target/screenshots/sync-*.png`.
//!
//! The native folder dialog cannot be driven through WebDriver: the page's call to the dialog
//! plugin is answered with the folder a person would have chosen (as in `e2e_vault.rs`).
//!
//! Needs `tauri-driver`, `WebKitWebDriver` and `Xvfb` (started here when DISPLAY is unset); fails
//! under `CI=true` when they are missing, and is skipped loudly elsewhere.

mod common;

use common::{click, invoke, js, keys, reload, shot, until, Suite};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use serde_json::json;
use std::time::Duration;
use zhaji::{Color, HighlightSpec, Library};

const SUITE: Suite = Suite { name: "sync end-to-end test", displays: 700..800 };

const TITLE: &str = "算力的账本";
const QUOTE: &str = "电力成本决定了模型的价格";
const APP_QUOTE: &str = "数据中心";

/// Scrolls the settings so that the sync section is in view, for the screenshots.
const SHOW_SECTION: &str =
    "document.querySelector('[data-testid=sync]').scrollIntoView({ block: 'end' }); return 1;";

/// Makes the page's folder dialog answer `folder` at once.
async fn answer_dialogs(c: &fantoccini::Client, folder: &str) {
    let answer = json!(folder);
    let script = format!(
        "if (!window.realFetch) window.realFetch = window.fetch.bind(window);
         window.fetch = (input, init) => String(input.url ?? input).includes('plugin%3Adialog%7Copen')
           ? Promise.resolve(new Response(JSON.stringify({answer}), {{ headers: {{ 'Content-Type': 'application/json', 'Tauri-Response': 'ok' }} }}))
           : window.realFetch(input, init);
         return 1;"
    );
    js(c, &script).await;
}

/// Sets an input's value the way typing does (Preact listens to `input`).
async fn type_into(c: &fantoccini::Client, css: &str, value: &str) {
    let script = format!(
        "const i = document.querySelector({css:?}); i.value = {value:?};
         i.dispatchEvent(new Event('input', {{ bubbles: true }})); return 1;"
    );
    js(c, &script).await;
}

/// Joins the encrypted folder `locked` from the settings as `name` with a wrong passphrase; gives
/// what the form says.
async fn join_refused(c: &fantoccini::Client, locked: &std::path::Path, name: &str) -> String {
    answer_dialogs(c, &locked.display().to_string()).await;
    click(c, "[data-testid=sync-choose]").await;
    until(c, "the encrypted folder", "document.querySelector('[data-testid=sync-folder-path]').textContent.includes('加密文件夹')").await;
    type_into(c, "[data-testid=sync-name]", name).await;
    type_into(c, "[data-testid=sync-passphrase]", "错的密码 wrong").await;
    click(c, "[data-testid=sync-join]").await;
    let said = until(
        c,
        "the passphrase's error",
        "document.querySelector('[data-testid=sync-problem]')?.textContent",
    )
    .await;
    said.as_str().unwrap_or_default().to_owned()
}

/// Screenshots of the sync section as `name` at 1280×800 and 800×600; the window is left at
/// 1280×800.
async fn section_shots(c: &fantoccini::Client, name: &str) {
    for (w, h) in [(1280, 800), (800, 600)] {
        c.set_window_size(w, h).await.expect("resize");
        js(c, SHOW_SECTION).await;
        shot(c, &format!("{name}-{w}x{h}")).await;
    }
    c.set_window_size(1280, 800).await.expect("resize");
}

#[test]
fn a_highlight_travels_both_ways_through_the_sync_folder() {
    common::one_app_at_a_time(async {
        let Some(driver) = SUITE.prepare() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("同步文件夹");
        let other_dir = tempfile::tempdir().unwrap();
        let mut other = Library::open(&other_dir.path().join("other.db")).unwrap();
        let article = other
            .import_pasted(&format!("{TITLE}\n\n数据中心的{QUOTE}。\n\n算力是新的电力。"))
            .unwrap()
            .article
            .id;
        other
            .create_highlight(&HighlightSpec {
                article_id: article,
                range: None,
                quote: Some(QUOTE.into()),
                occurrence: None,
                color: Color::Green,
                tags: vec![],
                note: Some("办公室的批注".into()),
            })
            .unwrap();
        other.sync_init(&folder, "办公室", None).unwrap();

        let env = driver.start(tmp.path());
        let c = env.session().await;
        c.set_window_size(1280, 800).await.expect("resize");
        until(&c, "the library", "document.documentElement.dataset.ready").await;
        // In Chinese, the language of most of its readers.
        reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({ lang: 'zh' }))").await;
        js(&c, "[...document.querySelectorAll('.side-item')].find(b => /Settings|设置/.test(b.textContent)).click(); return 1;").await;
        until(&c, "the sync section", "document.querySelector('[data-testid=sync-join]')").await;

        // A folder encrypted by another device, with a wrong passphrase: one clear error, and
        // the app has not joined it.
        let locked = tmp.path().join("加密文件夹");
        let mut third = Library::open(&other_dir.path().join("third.db")).unwrap();
        third.sync_init(&locked, "第三台", Some("正确的密码")).unwrap();
        let said = join_refused(&c, &locked, "家里的电脑").await;
        // In the reader's language, naming the folder.
        assert!(said.contains("密码不对") && said.contains("加密文件夹"), "{said}");
        assert_eq!(invoke(&c, "sync_status", json!({})).await, json!(null));
        section_shots(&c, "sync-join-refused-zh").await;
        type_into(&c, "[data-testid=sync-passphrase]", "").await;

        answer_dialogs(&c, &folder.display().to_string()).await;
        click(&c, "[data-testid=sync-choose]").await;
        until(&c, "the chosen folder", "document.querySelector('[data-testid=sync-folder-path]').textContent.includes('同步文件夹')").await;
        js(&c, SHOW_SECTION).await;
        shot(&c, "sync-join-1280x800").await;
        click(&c, "[data-testid=sync-join]").await;

        // Joined: the section lists both devices, the sidebar says it synced.
        until(
            &c,
            "both devices",
            "document.querySelectorAll('[data-testid=sync-devices] tr').length === 2",
        )
        .await;
        let devices =
            js(&c, "return document.querySelector('[data-testid=sync-devices]').textContent;")
                .await;
        let devices = devices.as_str().unwrap_or_default();
        assert!(devices.contains("办公室") && devices.contains("家里的电脑"), "{devices}");
        until(&c, "the indicator", "document.querySelector('[data-testid=sync-indicator]')?.textContent.match(/Synced|已同步/)").await;
        section_shots(&c, "sync-joined").await;

        // The other library's article is in the app's list, and its highlight in the article.
        until(&c, "the synced article in the list", &format!("[...document.querySelectorAll('.article-row')].some(r => r.textContent.includes({TITLE:?}))")).await;
        let list = invoke(
            &c,
            "list_articles",
            json!({"opts": {"sort": "imported", "ascending": false, "tag": null}}),
        )
        .await;
        let id = list
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["meta"]["title"] == json!(TITLE))
            .unwrap_or_else(|| panic!("{list}"))["id"]
            .clone();
        let got = invoke(&c, "get_article", json!({ "id": id })).await;
        let quotes: Vec<&str> = got["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["anchor"]["exact"].as_str())
            .collect();
        assert_eq!(quotes, [QUOTE], "{got}");

        // A highlight made in the app reaches the other library after the app's own round.
        invoke(
            &c,
            "create_highlight",
            json!({ "spec": { "article_id": id, "range": null, "quote": APP_QUOTE, "occurrence": null, "color": "yellow", "tags": [], "note": "家里写的" } }),
        )
        .await;
        let mut seen = Vec::new();
        for _ in 0..200 {
            other.sync().unwrap();
            seen = other
                .article(article)
                .unwrap()
                .highlights
                .iter()
                .map(|h| (h.anchor.exact.clone(), h.note.as_ref().map(|n| n.body.clone())))
                .collect();
            if seen.len() == 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        seen.sort();
        assert_eq!(
            seen,
            [
                (APP_QUOTE.to_owned(), Some("家里写的".to_owned())),
                (QUOTE.to_owned(), Some("办公室的批注".to_owned())),
            ],
        );

        // The folder gone (a drive unplugged): the indicator says so in red, naming the folder.
        std::fs::rename(&folder, tmp.path().join("别处")).unwrap();
        invoke(&c, "sync_now", json!({})).await;
        let said = until(
            &c,
            "the indicator's error",
            "document.querySelector('[data-testid=sync-indicator].bad')?.textContent",
        )
        .await;
        let said = said.as_str().unwrap_or_default();
        assert!(said.contains("同步文件夹") && said.contains("不见了"), "{said}");
        assert!(!said.contains("missing"), "said in Chinese, not in English: {said}");
        let whole =
            js(&c, "return document.querySelector('[data-testid=sync-indicator]').title;").await;
        let whole = whole.as_str().unwrap_or_default();
        assert!(whole.contains("/同步文件夹 不见了") && whole.contains("is missing"), "{whole}");
        shot(&c, "sync-missing-zh-1280x800").await;
        c.set_window_size(800, 600).await.expect("resize");
        shot(&c, "sync-missing-zh-800x600").await;

        // The same in English, and the join form's refusal too.
        reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({ lang: 'en' }))").await;
        invoke(&c, "sync_now", json!({})).await;
        let said = until(
            &c,
            "the indicator's error in English",
            "document.querySelector('[data-testid=sync-indicator].bad')?.textContent.match(/is missing/)?.input",
        )
        .await;
        assert!(said.as_str().unwrap_or_default().starts_with("Sync failed"), "{said}");
        shot(&c, "sync-missing-en-800x600").await;
        c.set_window_size(1280, 800).await.expect("resize");
        shot(&c, "sync-missing-en-1280x800").await;
        invoke(&c, "sync_leave", json!({})).await;
        js(&c, "[...document.querySelectorAll('.side-item')].find(b => /Settings|设置/.test(b.textContent)).click(); return 1;").await;
        until(&c, "the sync section", "document.querySelector('[data-testid=sync-join]')").await;
        let said = join_refused(&c, &locked, "Home laptop").await;
        assert!(said.starts_with("Wrong passphrase") && said.contains("加密文件夹"), "{said}");
        section_shots(&c, "sync-join-refused-en").await;
    });
}

/// Clicks the highlight painted in registry `name`, then its editor's "历史", and waits for the
/// colours to be listed.
async fn open_history(c: &fantoccini::Client, name: &str) {
    let at = until(
        c,
        "the highlight painted",
        &format!("(() => {{ const r = [...(CSS.highlights.get({name:?}) ?? [])][0]?.getBoundingClientRect(); return r && [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)]; }})()"),
    )
    .await;
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo { duration: None, x, y })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    c.perform_actions(mouse).await.expect("click the highlight");
    until(
        c,
        "the editor's history",
        "document.querySelector('[data-testid=hl-editor] [data-testid=sync-history-toggle]')",
    )
    .await;
    click(c, "[data-testid=sync-history-toggle]").await;
    until(
        c,
        "the colours listed",
        "document.querySelectorAll('[data-field=color] li').length === 3",
    )
    .await;
}

/// Two computers recoloured one highlight at once and both edited its note: the highlight's
/// editor offers "历史", which lists the colour shown, the one that gave way with the computer
/// that chose it, and the note's versions. Screenshots at 1280×800 and 800×600 go to
/// `target/screenshots/sync-history-zh-*.png`.
#[test]
fn a_highlight_shows_the_colour_that_gave_way_in_its_history() {
    common::one_app_at_a_time(async {
        let Some(driver) = SUITE.prepare() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("同步文件夹");
        let other_dir = tempfile::tempdir().unwrap();
        let mut home = Library::open(&tmp.path().join("library.db")).unwrap();
        let article = home
            .import_pasted(&format!("{TITLE}\n\n数据中心的{QUOTE}。\n\n算力是新的电力。"))
            .unwrap()
            .article
            .id;
        let h = home
            .create_highlight(&HighlightSpec {
                article_id: article,
                range: None,
                quote: Some(QUOTE.into()),
                occurrence: None,
                color: Color::Yellow,
                tags: vec![],
                note: Some("家里写的批注".into()),
            })
            .unwrap();
        home.sync_init(&folder, "家里的电脑", None).unwrap();
        let mut office = Library::open(&other_dir.path().join("other.db")).unwrap();
        office.sync_init(&folder, "办公室", None).unwrap();
        let target = office.resolve_link(&format!("zhaji://highlight/{}", h.uuid)).unwrap();
        let on_office = office
            .article(target.article_id)
            .unwrap()
            .highlights
            .into_iter()
            .find(|x| x.uuid == h.uuid)
            .unwrap();
        // Apart, each recolours it; the office adds to the note.
        home.set_highlight_color(h.id, Color::Blue).unwrap();
        office.set_highlight_color(on_office.id, Color::Pink).unwrap();
        office.set_highlight_note(on_office.id, "家里写的批注，办公室补充。").unwrap();
        for _ in 0..2 {
            home.sync().unwrap();
            office.sync().unwrap();
        }
        let color = home.highlight(h.id).unwrap().color;
        assert_eq!(office.highlight(on_office.id).unwrap().color, color);
        drop(home);

        let env = driver.start(tmp.path());
        let c = env.session().await;
        c.set_window_size(1280, 800).await.expect("resize");
        until(&c, "the library", "document.documentElement.dataset.ready").await;
        reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({ lang: 'zh' }))").await;
        click(&c, &format!("[data-article-id='{article}']")).await;
        let name = format!("zh-{}", serde_json::to_value(color).unwrap().as_str().unwrap());
        open_history(&c, &name).await;
        let colors = js(&c, "return [...document.querySelectorAll('[data-field=color] li')].map(l => [l.textContent, l.dataset.current, l.dataset.conflict]);").await;
        let rows = colors.as_array().unwrap();
        let text = |i: usize| rows[i][0].as_str().unwrap_or_default().to_owned();
        let (shown_by, other_by) = if color == Color::Blue {
            ("家里的电脑", "办公室")
        } else {
            ("办公室", "家里的电脑")
        };
        assert!(text(0).contains(shown_by) && text(0).contains("当前"), "{colors}");
        assert!(text(1).contains(other_by) && text(1).contains("同时写入"), "{colors}");
        assert_eq!((&rows[1][1], &rows[1][2]), (&json!("false"), &json!("true")), "{colors}");
        assert!(text(2).contains("家里的电脑") && !text(2).contains("同时写入"), "{colors}");
        let note =
            js(&c, "return document.querySelector('[data-field=body]')?.textContent ?? '';").await;
        let note = note.as_str().unwrap_or_default();
        assert!(note.contains("家里写的批注，办公室补充。") && note.contains("办公室"), "{note}");
        shot(&c, "sync-history-zh-1280x800").await;
        // A small window, the editor opened there: the list is brought into view.
        keys(&c, "\u{e00c}").await;
        c.set_window_size(800, 600).await.expect("resize");
        until(&c, "the editor closed", "!document.querySelector('[data-testid=hl-editor]')").await;
        open_history(&c, &name).await;
        shot(&c, "sync-history-zh-800x600").await;
    });
}
