//! End-to-end test of the library screen in the real webview: it stays live while another
//! process (here a second connection to the same file, as the command line would open it)
//! imports and tags; it sorts titles by pinyin and numbers by value, as the core does; its keys
//! (Home, End, Page Up/Down, r) and a new sort start at the top; rows show an excerpt, progress
//! and read state; the reader takes the keyboard when it opens and lets the title be fixed.
//! Screenshots at 1280×800 and 800×600, light and dark, Chinese and English, are saved under
//! `target/screenshots/`.

mod common;

use common::{click, js, keys, one_app_at_a_time, reload, shot, until, Suite};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Client;
use zhaji::import::{Block, Document};
use zhaji::{ArticleMeta, Color, HighlightSpec, ItemKind, ItemRef, Library, PassageKind};

const SUITE: Suite = Suite { name: "library end-to-end test", displays: 140..250 };

const END: &str = "\u{e010}";
const HOME: &str = "\u{e011}";
const PAGE_DOWN: &str = "\u{e00f}";

fn doc(title: &str, paras: &[String]) -> Document {
    Document {
        meta: ArticleMeta { title: title.into(), ..Default::default() },
        blocks: paras
            .iter()
            .map(|p| Block {
                kind: PassageKind::Paragraph,
                level: 0,
                text: p.clone(),
                links: vec![],
            })
            .collect(),
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

/// Titles of the rows shown, top to bottom.
async fn row_titles(c: &Client) -> Vec<String> {
    let v = js(c, "return [...document.querySelectorAll('.article-row')].sort((a, b) => a.offsetTop - b.offsetTop).map(r => r.querySelector('.row-title').textContent);").await;
    v.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect()
}

async fn refreshes(c: &Client) -> u64 {
    js(c, "return Number(document.documentElement.dataset.refreshed ?? 0);").await.as_u64().unwrap()
}

/// Asserts that the sidebar's "Tags" heading, the counts' legend and the tags button sit side by
/// side inside the heading's row, none running into the next.
async fn assert_tag_head_fits(c: &Client) {
    let boxes = js(
        c,
        "const h = document.querySelector('.side-head');
         const r = (e) => { const b = e.getBoundingClientRect(); return [Math.round(b.left), Math.round(b.right)]; };
         return [r(h), r(h.children[0]), r(h.querySelector('[data-testid=tag-legend]')), r(h.querySelector('.link-btn'))];",
    )
    .await;
    let b: Vec<(i64, i64)> = boxes
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x[0].as_i64().unwrap(), x[1].as_i64().unwrap()))
        .collect();
    let (row, title, legend, button) = (b[0], b[1], b[2], b[3]);
    assert!(
        row.0 <= title.0 && title.1 <= legend.0 && legend.1 <= button.0 && button.1 <= row.1,
        "the tag heading's parts overlap or overflow: {boxes}"
    );
    assert!(legend.1 - legend.0 >= 24, "the legend keeps a readable width: {boxes}");
}

#[test]
fn the_library_stays_live_sorts_like_a_reader_and_follows_the_keyboard() {
    one_app_at_a_time(library_stays_live());
}

async fn library_stays_live() {
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
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'zh'}));").await;
    until(&c, "the Chinese library", "document.documentElement.dataset.ready && document.querySelector('[data-testid=import]')?.textContent.includes('导入')").await;

    // ---- another process imports and tags while the app is open ----
    let mut other = Library::open(&tmp.path().join("library.db")).unwrap();
    let body =
        |i: usize| vec![format!("这是第{i}篇文章的开头，讲算力与成本。"), "第二段。".repeat(500)];
    let mut ids = Vec::new();
    for t in ["字节跳动", "第10篇", "腾讯", "第2篇", "阿里巴巴", "第100篇", "百度"]
    {
        ids.push(other.import_document(doc(t, &body(ids.len())), None).unwrap().article.id);
    }
    for i in 0..40 {
        other.import_document(doc(&format!("Filler {i:02}"), &body(100 + i)), None).unwrap();
    }
    other.add_tag(ItemRef { kind: ItemKind::Article, id: ids[6] }, "actor/百度").unwrap();
    until(
        &c,
        "the outside imports in the list",
        "document.querySelector('[data-testid=article-count]')?.textContent.startsWith('48')",
    )
    .await;
    until(&c, "the outside tag in the sidebar", "document.querySelector('[data-testid=\"tag-count-actor/百度\"]')?.textContent.trim() === '1 · 0'").await;
    // What the count counts is said beside the tags' heading.
    let legend =
        js(&c, "return document.querySelector('[data-testid=tag-legend]').textContent;").await;
    assert_eq!(legend, "文章 · 划线");

    // ---- sorted by title: pinyin, numbers by value, then Latin ----
    js(&c, "const s = document.querySelector('select[aria-label=sort]'); s.value = 'title'; s.dispatchEvent(new Event('change', {bubbles: true})); return 1;").await;
    // Z to A first: Latin after Han, so the last filler leads.
    until(
        &c,
        "a list sorted by title, Z to A",
        "document.querySelector('.article-row .row-title')?.textContent === 'Filler 39'",
    )
    .await;
    let b = js(&c, "const b = document.querySelector('.toolbar .icon-btn[title=\"↑↓\"]'); b.click(); return 1;").await;
    assert_eq!(b, 1);
    until(
        &c,
        "A to Z",
        "document.querySelector('.article-row .row-title')?.textContent.endsWith('阿里巴巴')",
    )
    .await;
    let titles = row_titles(&c).await;
    let zh: Vec<&str> = titles
        .iter()
        .map(|t| t.trim_start())
        .filter(|t| !t.starts_with("Filler") && !t.starts_with("百模"))
        .take(7)
        .collect();
    assert_eq!(
        zh,
        ["阿里巴巴", "百度", "第2篇", "第10篇", "第100篇", "腾讯", "字节跳动"],
        "rows: {titles:?}"
    );
    shot(&c, "library-sorted-zh-1280").await;

    // ---- the keyboard scrolls the list; End does not leave it for the sidebar ----
    js(&c, "document.activeElement?.blur(); return 1;").await;
    keys(&c, END).await;
    until(&c, "the list at its end", "document.querySelector('.article-list').scrollTop > 500")
        .await;
    let focus = js(&c, "return !!document.activeElement?.closest('.sidebar');").await;
    assert_eq!(focus, false, "End moved the focus into the sidebar");
    keys(&c, HOME).await;
    until(&c, "the list at its top", "document.querySelector('.article-list').scrollTop === 0")
        .await;
    keys(&c, PAGE_DOWN).await;
    until(&c, "a page down", "document.querySelector('.article-list .article-row.cursor')").await;

    // ---- an outside change keeps the list's place; a new sort starts at the top ----
    js(&c, "document.querySelector('.article-list').scrollTop = 900; return 1;").await;
    until(&c, "the list scrolled", "document.querySelector('.article-list').scrollTop >= 900")
        .await;
    let before = refreshes(&c).await;
    other.add_tag(ItemRef { kind: ItemKind::Article, id: ids[0] }, "actor/字节跳动").unwrap();
    until(&c, "the refresh after an outside tag", &format!("Number(document.documentElement.dataset.refreshed) > {before} && document.querySelector('[data-testid=\"tag-count-actor\"]')?.textContent.trim() === '2 · 0'")).await;
    let kept = js(&c, "return document.querySelector('.article-list').scrollTop;").await;
    assert!(kept.as_f64().unwrap() >= 900.0, "the refresh lost the scroll: {kept}");
    js(&c, "const s = document.querySelector('select[aria-label=sort]'); s.value = 'imported'; s.dispatchEvent(new Event('change', {bubbles: true})); return 1;").await;
    until(&c, "the new sort at the top", "document.querySelector('.article-list').scrollTop === 0 && !document.querySelector('.article-row.cursor')").await;

    // ---- rows: an excerpt, mark as read ----
    let excerpt = js(
        &c,
        &format!(
            "return document.querySelector(\"[data-article-id='{}'] .row-excerpt\")?.textContent;",
            ids[4]
        ),
    )
    .await;
    assert!(excerpt.as_str().unwrap().starts_with("这是第4篇文章的开头"), "{excerpt}");
    click(&c, &format!("[data-testid=mark-read-{}]", ids[4])).await;
    until(
        &c,
        "the row marked read",
        &format!("document.querySelector(\"[data-article-id='{}']\").dataset.read === '1'", ids[4]),
    )
    .await;
    shot(&c, "library-rows-zh-1280").await;

    // ---- the reader takes the keyboard; End scrolls it ----
    click(&c, &format!("[data-article-id='{}']", ids[1])).await;
    until(&c, "the reader", "document.querySelectorAll('.article-body .ps').length >= 2").await;
    until(
        &c,
        "the focus in the article",
        "document.activeElement?.dataset.testid === 'reader-scroll'",
    )
    .await;
    keys(&c, END).await;
    until(&c, "the article at its end", "document.querySelector('.reader-scroll').scrollTop > 100")
        .await;
    keys(&c, HOME).await;
    until(&c, "the article at its top", "document.querySelector('.reader-scroll').scrollTop === 0")
        .await;

    // ---- an outside highlight appears in the open article without losing the place ----
    js(&c, "document.querySelector('.reader-scroll').scrollTop = 120; return 1;").await;
    let before = refreshes(&c).await;
    let spec = HighlightSpec {
        article_id: ids[1],
        range: Some((0, 6)),
        quote: None,
        occurrence: None,
        color: Color::Green,
        tags: vec!["topic/算力".into()],
        note: Some("命令行加的批注".into()),
    };
    other.create_highlight(&spec).unwrap();
    until(&c, "the outside highlight in the margin", &format!("Number(document.documentElement.dataset.refreshed) > {before} && document.querySelector('.margin-item[data-highlight-id]')")).await;
    let place = js(&c, "return [document.querySelector('.reader-scroll').scrollTop, document.activeElement?.dataset.testid ?? null];").await;
    assert!(place[0].as_f64().unwrap() >= 110.0, "the reader lost its place: {place}");

    // ---- a click where two highlights overlap offers both ----
    let before = refreshes(&c).await;
    let spec = HighlightSpec {
        range: Some((3, 10)),
        color: Color::Pink,
        tags: vec![],
        note: None,
        ..spec
    };
    other.create_highlight(&spec).unwrap();
    until(&c, "the overlap painted", &format!("Number(document.documentElement.dataset.refreshed) > {before} && (CSS.highlights.get('zh-overlap')?.size ?? 0) >= 1")).await;
    let at = js(&c, "const r = [...CSS.highlights.get('zh-overlap')][0].getBoundingClientRect(); return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];").await;
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo { duration: None, x, y })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    c.perform_actions(mouse).await.expect("click the overlap");
    until(
        &c,
        "the choice of both",
        "document.querySelectorAll('[data-testid=overlap-chooser] button').length === 2",
    )
    .await;
    shot(&c, "reader-overlap-chooser-zh-1280").await;
    click(&c, "[data-testid=overlap-chooser] button:nth-child(2)").await;
    until(&c, "the chosen highlight's editor", "document.querySelector('[data-testid=hl-editor]') && !document.querySelector('[data-testid=overlap-chooser]')").await;
    keys(&c, "\u{e00c}").await;

    // ---- "title looks wrong?" ----
    js(&c, "document.querySelector('.reader-scroll').scrollTop = 0; document.querySelector('[data-testid=edit-meta]').click(); return 1;").await;
    until(&c, "the title field focused", "document.activeElement?.dataset.testid === 'meta-title'")
        .await;
    js(&c, "const i = document.querySelector('[data-testid=meta-title]'); i.value = '第十篇：改过的标题'; i.dispatchEvent(new Event('input', {bubbles: true})); return 1;").await;
    click(&c, "[data-testid=meta-save]").await;
    until(&c, "the new title", "document.querySelector('.bar-title')?.textContent === '第十篇：改过的标题' && !document.querySelector('[data-testid=meta-form]')").await;
    assert_eq!(other.article(ids[1]).unwrap().summary.meta.title, "第十篇：改过的标题");

    // ---- reading progress is kept and shown in the list ----
    js(&c, "const s = document.querySelector('.reader-scroll'); s.scrollTop = (s.scrollHeight - s.clientHeight) / 2; return 1;").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let p = other.article(ids[1]).unwrap().summary.read_percent;
        if p >= 30 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "progress not saved: {p}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    shot(&c, "reader-zh-1280").await;
    click(&c, "[data-testid=back]").await;
    until(
        &c,
        "the row's progress",
        &format!(
            "document.querySelector(\"[data-article-id='{}'] [data-testid=row-progress]\")",
            ids[1]
        ),
    )
    .await;

    // ---- screens: 800×600, dark, English, compact ----
    let sized = c.set_window_size(800, 600).await.is_ok();
    until(&c, "the window at 800 px", "window.innerWidth <= 820").await;
    assert!(sized);
    assert_tag_head_fits(&c).await;
    shot(&c, "library-zh-800").await;
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'en', theme: 'dark', density: 'compact'}));").await;
    until(&c, "the English dark library", "document.documentElement.dataset.ready && document.documentElement.dataset.theme === 'dark' && document.querySelector('.article-row.compact')").await;
    let legend =
        js(&c, "return document.querySelector('[data-testid=tag-legend]').textContent;").await;
    assert_eq!(legend, "articles · highlights");
    assert_tag_head_fits(&c).await;
    shot(&c, "library-en-dark-compact-800").await;
    click(&c, ".article-row").await;
    until(&c, "the reader", "document.querySelectorAll('.article-body .ps').length >= 2").await;
    shot(&c, "reader-en-dark-800").await;
    c.set_window_size(1280, 800).await.unwrap();
    until(&c, "the window at 1280 px", "window.innerWidth >= 1200").await;
    shot(&c, "reader-en-dark-1280").await;
    click(&c, "[data-testid=back]").await;
    shot(&c, "library-en-dark-compact-1280").await;
    c.close().await.unwrap();
}
