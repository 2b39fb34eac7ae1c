//! End-to-end tests of backups in the desktop (same set-up as the other `e2e_*` binaries): the
//! settings list the library's backups and restore one after asking; a damaged library shows a
//! plain-language banner whose Restore button brings the newest backup back. Screenshots of the
//! settings and the banner at 1280x800 and 800x600, light and dark, go to target/screenshots.

mod common;

use common::{click, invoke, js, keys, one_app_at_a_time, reload, shot, until, Suite};
use fantoccini::Client;
use serde_json::json;
use std::path::Path;
use zhaji::{Color, HighlightSpec, Library};

const SUITE: Suite = Suite { name: "backups end-to-end test", displays: 400..520 };
const KEPT: &str = "算力的账本";
const LATER: &str = "备份之后才导入的文章";

/// A library at `path` with a Chinese article, a highlight and many more articles (enough
/// pages to damage one), backed up into its folder; then one more article that the backup lacks.
fn library_with_a_backup(path: &Path) {
    let mut lib = Library::open(path).unwrap();
    let id = lib
        .import_pasted(&format!("{KEPT}\n\n算力、场景、文本的堆砌归根结底是一个钱字。"))
        .unwrap()
        .article
        .id;
    lib.create_highlight(&HighlightSpec {
        article_id: id,
        range: None,
        quote: Some("一个钱字".into()),
        occurrence: None,
        color: Color::Yellow,
        tags: vec!["主题/算力".into()],
        note: Some("钱是一切的尺度".into()),
    })
    .unwrap();
    for i in 0..120 {
        let para = format!("第{i}篇：大模型的训练成本与推理芯片。").repeat(60);
        lib.import_pasted(&format!("文章{i}\n\n{para}")).unwrap();
    }
    lib.backup(None).unwrap();
    lib.import_pasted(&format!("{LATER}\n\n这一篇不在备份里。")).unwrap();
}

/// Overwrites page 3 of the closed library with bytes that are no b-tree page.
fn damage_page_3(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > 100 * 4096, "a library of {} bytes", bytes.len());
    for (i, b) in bytes[2 * 4096..3 * 4096].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(path, &bytes).unwrap();
}

/// The app in `theme` and Chinese, loaded again, at `width`x`height`.
async fn look(c: &Client, theme: &str, width: u32, height: u32) {
    reload(c, &format!("localStorage.setItem('zhaji.settings', JSON.stringify({{theme: '{theme}', lang: 'zh'}}))")).await;
    c.set_window_size(width, height).await.unwrap();
}

/// How many search hits `query` has in the library the app has open.
async fn hits(c: &Client, query: &str) -> u64 {
    let found =
        invoke(c, "search", json!({ "query": query, "opts": { "limit": 5, "offset": 0 } })).await;
    found["total"].as_u64().unwrap()
}

/// Files beside the library whose names say a restore moved them aside.
fn kept_aside(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".replaced-") && !n.ends_with("-wal") && !n.ends_with("-shm"))
        .count()
}

#[test]
fn the_settings_restore_a_backup_and_the_app_reloads_it() {
    one_app_at_a_time(restore_from_settings());
}

async fn restore_from_settings() {
    let Some(driver) = SUITE.prepare() else { return };
    let tmp = tempfile::tempdir().unwrap();
    library_with_a_backup(&tmp.path().join("library.db"));
    let env = driver.start(tmp.path());
    let c = env.session().await;
    until(&c, "the library", "document.documentElement.dataset.ready").await;
    assert_eq!(hits(&c, "不在备份里").await, 1);

    for (theme, w, h) in
        [("light", 1280, 800), ("dark", 800, 600), ("dark", 1280, 800), ("light", 800, 600)]
    {
        look(&c, theme, w, h).await;
        keys(&c, ",").await;
        until(
            &c,
            "the backups in the settings",
            "document.querySelectorAll('[data-testid=backup-item]').length",
        )
        .await;
        let row =
            js(&c, "return document.querySelector('[data-testid=backup-item]').textContent;").await;
        assert!(row.as_str().unwrap().contains("121 篇文章"), "{row}");
        js(&c, "document.querySelector('[data-testid=backups]').scrollIntoView({block: 'end'}); return 1;").await;
        shot(&c, &format!("backups-settings-{theme}-{w}x{h}")).await;
    }

    // Restore the backup, after the question.
    click(&c, "[data-testid=restore-backup]").await;
    let ask = until(
        &c,
        "the question",
        "document.querySelector('[data-testid=restore-confirm]')?.textContent",
    )
    .await;
    assert!(ask.as_str().unwrap().contains("不会被删除"), "{ask}");
    js(&c, "document.querySelector('[data-testid=restore-confirm]').scrollIntoView({block: 'end'}); return 1;").await;
    shot(&c, "backups-restore-confirm-light-800x600").await;
    js(&c, "window.__old = 1; return 1;").await;
    click(&c, "[data-testid=confirm-restore]").await;
    until(
        &c,
        "the app on the restored library",
        "!window.__old && document.documentElement.dataset.ready",
    )
    .await;
    until(
        &c,
        "the restored library listed",
        "document.querySelector('[data-testid=article-count]')?.textContent.includes('121')",
    )
    .await;
    assert_eq!(hits(&c, "不在备份里").await, 0, "the article made after the backup is still there");
    assert!(hits(&c, "一个钱字").await >= 1);
    assert_eq!(kept_aside(tmp.path()), 1, "the replaced library was not kept aside");

    // A backup made now takes the place of the day's older one (rotation keeps one a day).
    keys(&c, ",").await;
    until(
        &c,
        "the backups in the settings",
        "document.querySelectorAll('[data-testid=backup-item]').length",
    )
    .await;
    js(&c, "window.__before = document.querySelector('[data-testid=backup-item] [title]').title; return 1;").await;
    click(&c, "[data-testid=backup-now]").await;
    until(
        &c,
        "a new backup listed",
        "document.querySelector('[data-testid=backup-item] [title]').title !== window.__before",
    )
    .await;
}

#[test]
fn a_damaged_library_shows_a_plain_banner_whose_restore_brings_the_backup_back() {
    one_app_at_a_time(restore_from_the_banner());
}

async fn restore_from_the_banner() {
    let Some(driver) = SUITE.prepare() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("library.db");
    library_with_a_backup(&db);
    damage_page_3(&db);
    let env = driver.start(tmp.path());
    let c = env.session().await;
    until(&c, "the damage banner", "document.querySelector('[data-testid=damage-banner]')").await;
    let main = js(&c, "return document.querySelector('.damage-main').textContent;").await;
    let raw =
        js(&c, "return document.querySelector('[data-testid=damage-raw]').textContent;").await;
    let (main, raw) = (main.as_str().unwrap(), raw.as_str().unwrap());
    assert!(!raw.is_empty() && !main.contains(raw), "the raw message is the main text: {main}");
    let open = js(&c, "return document.querySelector('.damage-details').open;").await;
    assert_eq!(open, serde_json::json!(false), "SQLite's words are shown unasked");
    let hint =
        js(&c, "return document.querySelector('[data-testid=damage-cli]').textContent;").await;
    assert!(hint.as_str().unwrap().starts_with("zhaji restore "), "{hint}");

    for (theme, w, h) in
        [("light", 1280, 800), ("dark", 1280, 800), ("light", 800, 600), ("dark", 800, 600)]
    {
        look(&c, theme, w, h).await;
        until(&c, "the damage banner", "document.querySelector('[data-testid=damage-banner]')")
            .await;
        shot(&c, &format!("damage-banner-{theme}-{w}x{h}")).await;
    }

    click(&c, "[data-testid=banner-restore]").await;
    until(&c, "the question", "document.querySelector('[data-testid=restore-confirm]')").await;
    shot(&c, "damage-banner-confirm-dark-800x600").await;
    js(&c, "window.__old = 1; return 1;").await;
    click(&c, "[data-testid=confirm-restore]").await;
    until(
        &c,
        "the app on the restored library",
        "!window.__old && document.documentElement.dataset.ready",
    )
    .await;
    until(
        &c,
        "the restored library listed",
        "document.querySelector('[data-testid=article-count]')?.textContent.includes('121')",
    )
    .await;
    until(&c, "no banner", "!document.querySelector('[data-testid=damage-banner]')").await;
    assert_eq!(kept_aside(tmp.path()), 1, "the damaged library was not kept aside");
    assert!(hits(&c, "一个钱字").await >= 1);
    assert_eq!(hits(&c, "不在备份里").await, 0);
    // The restored library takes writes again.
    invoke(&c, "import_pasted", json!({ "text": "恢复之后\n\n新写入的一篇。" })).await;
}
