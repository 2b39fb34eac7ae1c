//! End-to-end test of an article's images in the desktop app, in its real webview (the harness of
//! `common/mod.rs`): a saved web page with its `_files` folder, dropped on the window, opens with
//! each image in its place, loaded from the library through the `zhaji-image:` scheme (the page
//! may load nothing from the network); an image that could not be kept is a placeholder; an
//! export writes the images into the vault's attachments folder. Screenshots at 1280×800 and
//! 800×600 go to `target/screenshots/images-*.png`.
//!
//! Needs `tauri-driver`, `WebKitWebDriver` and `Xvfb` (started here when DISPLAY is unset); fails
//! under `CI=true` when they are missing, and is skipped loudly elsewhere.

mod common;

use common::{invoke, js, reload, shot, until, Suite};
use serde_json::json;
use std::path::Path;

const SUITE: Suite = Suite { name: "images end-to-end test", displays: 250..330 };

/// Copies the saved page of the core's fixtures (the page and its `_files` folder) into `dir`.
fn saved_page(dir: &Path) -> String {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/saved-page");
    let files = dir.join("算力之争_files");
    std::fs::create_dir_all(&files).unwrap();
    for e in std::fs::read_dir(from.join("算力之争_files")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), files.join(e.file_name())).unwrap();
    }
    let page = dir.join("算力之争.html");
    std::fs::copy(from.join("算力之争.html"), &page).unwrap();
    page.display().to_string()
}

#[test]
fn a_saved_page_shows_its_images_offline_and_exports_them() {
    common::one_app_at_a_time(async {
        let Some(driver) = SUITE.prepare() else { return };
        let tmp = tempfile::tempdir().unwrap();
        let page = saved_page(&tmp.path().join("saved"));
        let env = driver.start(tmp.path());
        let c = env.session().await;
        until(
            &c,
            "the library",
            "document.documentElement.dataset.ready && document.querySelector('.article-row')",
        )
        .await;

        // The page as the window's drop would import it.
        let done = invoke(&c, "import_files", json!({ "paths": [page] })).await;
        assert!(done.to_string().contains("算力之争"), "{done}");
        reload(&c, "").await;
        let open = "(() => { const r = [...document.querySelectorAll('.article-row')].find(r => r.textContent.includes('算力之争')); if (r) r.click(); return !!r; })()";
        until(&c, "the article's row", open).await;
        until(&c, "the reader", "document.querySelector('.article-body .ps')").await;

        // Four images kept and one placeholder, in their places between passages.
        let kinds = js(&c, "return [...document.querySelectorAll('.article-body > *')].filter(e => e.matches('.article-image')).map(e => e.classList.contains('missing') ? 'missing' : e.querySelector('img').getAttribute('src').split('/').pop().length);").await;
        assert_eq!(kinds, json!([64, 64, 64, 64, "missing"]), "{kinds}");
        let after_chart = js(
            &c,
            "return document.querySelector('.article-image').nextElementSibling.textContent;",
        )
        .await;
        // A captioned figure is followed by its caption alone, not its alt text too.
        assert_eq!(after_chart, json!("图1：2021—2025年前沿模型训练算力（示意）"));

        // Each image loads from the library when it nears the view (lazy), with its real size.
        let widths = "(() => { const imgs = [...document.querySelectorAll('.article-image img')]; imgs.forEach(i => { if (!i.complete || !i.naturalWidth) i.scrollIntoView(); }); const w = imgs.map(i => i.complete ? i.naturalWidth : 0); return w.every(x => x > 0) && w; })()";
        let w = until(&c, "every image decoded", widths).await;
        assert_eq!(w, json!([480, 320, 360, 480]), "{w}");
        let csp = js(&c, "return document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content ?? ''").await;
        assert!(!csp.to_string().contains("https:"), "the CSP allows no remote image: {csp}");

        js(&c, "document.querySelector('.reader-scroll').scrollTop = 0; return 1;").await;
        c.set_window_size(1280, 800).await.expect("resize");
        js(
            &c,
            "document.querySelector('.article-image').scrollIntoView({block: 'start'}); return 1;",
        )
        .await;
        shot(&c, "images-1280x800").await;
        c.set_window_size(800, 600).await.expect("resize");
        js(&c, "document.querySelectorAll('.article-image')[1].scrollIntoView({block: 'center'}); return 1;").await;
        shot(&c, "images-800x600").await;
        js(&c, "document.querySelector('.article-image.missing').scrollIntoView({block: 'center'}); return 1;").await;
        shot(&c, "images-missing-800x600").await;

        // The export writes the images beside the notes and links them.
        let vault = tmp.path().join("vault");
        let report = invoke(
            &c,
            "export_markdown",
            json!({ "dir": vault.display().to_string(), "opts": { "articles": [], "all": true } }),
        )
        .await;
        let note = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().contains("算力之争"))
            .unwrap()["path"]
            .as_str()
            .unwrap()
            .to_owned();
        let md = std::fs::read_to_string(note).unwrap();
        assert!(md.contains("![训练算力逐年上升的柱状图](attachments/"), "{md}");
        let attachments = std::fs::read_dir(vault.join("attachments")).unwrap().count();
        assert_eq!(attachments, 3);
        c.close().await.ok();
    });
}
