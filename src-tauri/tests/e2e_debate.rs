//! End-to-end test of following the debate in the real app: the built `zhaji-desktop` binary,
//! driven through tauri-driver and WebKitWebDriver under Xvfb, on a library in a temporary
//! directory. It walks the whole feature: import the seed article, highlight the sentence about
//! GPT-3's 355 GPU-years and accept a suggested tag; look at who & what; create the claim
//! "大模型是唯一的正确道路吗" and link a passage for it (seed) and one against it (a second,
//! Chinese article written here); see them side by side; export the claim brief and a tag brief
//! and read the files; open an article from its evidence; delete the claim and undo. Screenshots
//! are saved as `target/screenshots/debate-*.png`.
//!
//! The harness (tauri-driver, Xvfb, the session and the page helpers) is in `common/mod.rs`;
//! without a DISPLAY this binary's Xvfb takes a free display number from :140
//! (`e2e_reading.rs` searches from :90).
//!
//! Needs `tauri-driver`, `WebKitWebDriver` and `Xvfb`; fails under `CI=true` when they or the
//! test corpus are missing, and is skipped loudly elsewhere.

mod common;

use common::{click, invoke, js, keys, reload, shot, until, Suite};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

const SUITE: Suite = Suite { name: "debate end-to-end test", displays: 140..240 };
const SEED: &str = "seed/000_4b857f83adbe41b1.txt";
const CLAIM: &str = "大模型是唯一的正确道路吗";
/// The seed's sentence about GPT-3's training, as it is in the file (ASCII commas included).
const GPT3: &str = "公开信息显示,GPT-3大模型需要训练355个GPU/年,假设企业以一个月为期限训练自己的大模型,将需要4260个AI加速卡方可让产品面世。";
/// The second article, against the claim.
const SMALL: &str = "小模型的逆袭\n\n在很多场景里，经过蒸馏的小模型比大模型更划算：推理成本只有十分之一，部署在手机上也不费力。\n\n李开复认为，大模型并不是唯一的正确道路，垂直领域里训练得当的小模型同样能创造价值。\n";
const AGAINST: &str =
    "李开复认为，大模型并不是唯一的正确道路，垂直领域里训练得当的小模型同样能创造价值。";

/// Clicks the field `css` and types `text` into it key by key, as a person at a keyboard would.
async fn click_and_type(c: &Client, css: &str, text: &str) {
    until(c, css, &format!("document.querySelector({css:?})")).await;
    let el = c.find(Locator::Css(css)).await.unwrap();
    el.click().await.unwrap();
    el.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Answers the next native save dialog with `path`, as a person typing it there would. The
/// GTK dialog cannot be driven through WebDriver and Tauri freezes its IPC functions, so the page
/// takes the answer from `window.__zhajiE2eSavePath` (see `pickSaveFile` in `ui/src/api.ts`).
async fn answer_save_dialog(c: &Client, path: &Path) {
    let script = format!(
        "window.__zhajiE2eSavePath = {path:?}; return 'ok';",
        path = path.display().to_string()
    );
    assert_eq!(js(c, &script).await, json!("ok"));
}

/// Selects the text `needle` inside the reader's paragraphs as a user would by dragging, and
/// waits for the selection toolbar.
async fn select_text(c: &Client, needle: &str) {
    // Bring the passage into view first (as a reader would), then select in a later frame.
    let scroll = format!(
        "const p = [...document.querySelectorAll('.article-body .ps')].find(e => e.textContent.includes({needle:?}));
         p?.scrollIntoView({{block: 'center'}}); return !!p;"
    );
    assert_eq!(js(c, &scroll).await, json!(true), "a passage has {needle}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let script = format!(
        "const needle = {needle:?};
         const p = [...document.querySelectorAll('.article-body .ps')].find(e => e.textContent.includes(needle));
         if (!p) return 'no passage has it';
         const t = p.firstChild; const at = t.data.indexOf(needle);
         if (at < 0) return 'not in one text node';
         const r = document.createRange(); r.setStart(t, at); r.setEnd(t, at + needle.length);
         document.activeElement?.blur();
         const s = getSelection(); s.removeAllRanges(); s.addRange(r);
         return r.toString() === needle ? 'ok' : 'mismatch';"
    );
    assert_eq!(js(c, &script).await, json!("ok"), "selecting {needle}");
    until(c, "the selection toolbar", "document.querySelector('[data-testid=sel-toolbar]')").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_the_debate_suggestions_who_and_what_claims_and_briefs() {
    let Some(seed) = SUITE.corpus(SEED) else { return };
    let Some(driver) = SUITE.prepare() else { return };

    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("小模型的逆袭.txt");
    std::fs::write(&small, SMALL).unwrap();
    let env = driver.start(tmp.path());

    let c = env.session().await;
    until(&c, "the library", "document.documentElement.dataset.ready").await;
    let imported = invoke(&c, "import_files", json!({ "paths": [seed, small] })).await;
    let seed_id = imported[0]["outcome"]["article"]["id"].as_i64().expect("the seed was imported");
    let small_id =
        imported[1]["outcome"]["article"]["id"].as_i64().expect("the second article was imported");
    reload(&c, "localStorage.setItem('zhaji.settings', JSON.stringify({lang: 'zh'}));").await;
    until(&c, "the Chinese interface with the claims pane", "document.documentElement.dataset.ready && document.querySelector('[data-testid=claims-pane]')?.textContent.includes('论断')").await;

    // ---- the seed: highlight the sentence about GPT-3's 355 GPU-years, accept a suggestion ----
    click(&c, &format!("[data-article-id='{seed_id}']")).await;
    until(&c, "the reader", "document.querySelectorAll('.article-body .ps').length > 10").await;
    select_text(&c, GPT3).await;
    keys(&c, "h").await;
    until(&c, "the suggested tags", "document.querySelector('[data-testid=hl-editor] [data-testid=tag-suggestions] .suggest-chip')").await;
    let offered =
        js(&c, "return [...document.querySelectorAll('.suggest-chip')].map(e => e.dataset.tag);")
            .await;
    eprintln!("suggested for the GPT-3 sentence: {offered}");
    let offered: Vec<String> = serde_json::from_value(offered).unwrap();
    assert!(offered.iter().any(|t| t.contains("GPT-3")), "GPT-3 is suggested: {offered:?}");
    let first = offered[0].clone();
    shot(&c, "debate-01-suggestions").await;
    // `a` accepts the next suggestion; a click accepts another.
    keys(&c, "a").await;
    until(&c, "the accepted tag on the highlight", &format!("[...document.querySelectorAll('.editor-tags .chip')].some(e => e.textContent.includes({first:?})) && document.querySelector('.suggest-chip.applied[data-tag={first:?}]')")).await;
    if let Some(second) = offered.get(1) {
        click(&c, &format!(".suggest-chip[data-tag={second:?}]")).await;
        until(
            &c,
            "the clicked tag on the highlight",
            &format!("document.querySelector('.suggest-chip.applied[data-tag={second:?}]')"),
        )
        .await;
    }
    shot(&c, "debate-02-accepted").await;

    // ---- Link to claim… (l): a new claim, this passage supports it, with a note ----
    keys(&c, "l").await;
    until(&c, "the link dialog", "document.activeElement?.dataset.testid === 'new-claim-text'")
        .await;
    c.active_element().await.unwrap().send_keys(CLAIM).await.unwrap();
    click_and_type(&c, "[data-testid=link-note]", "算力门槛：只有巨头训得起").await;
    assert_eq!(
        js(&c, "return document.querySelector('.role-btn.on').dataset.role;").await,
        json!("supports")
    );
    shot(&c, "debate-03-link-dialog").await;
    click(&c, "[data-testid=link-submit]").await;
    until(
        &c,
        "the link confirmed in the editor",
        &format!(
            "document.querySelector('[data-testid=linked-to]')?.textContent.includes({CLAIM:?})"
        ),
    )
    .await;
    keys(&c, "\u{e00c}").await; // Escape closes the editor

    // ---- who & what: step through GPT-3's mentions, then jump to a figure ----
    click(&c, "[data-testid=who-what] summary").await;
    until(&c, "the entities", "document.querySelector('.who-chip')").await;
    let kinds = js(&c, "return [...document.querySelectorAll('.who-group[data-kind]')].map(e => e.dataset.kind).join(',');").await;
    for kind in ["actor", "model", "person", "topic"] {
        assert!(kinds.as_str().unwrap().contains(kind), "who & what lists {kind}: {kinds}");
    }
    let gpt3 = js(&c, "const b = [...document.querySelectorAll('.who-chip')].find(e => e.title === 'model/GPT-3' || e.textContent.startsWith('GPT-3')); return b ? b.dataset.key : null;").await;
    let gpt3 = gpt3.as_str().expect("GPT-3 is among the models").to_owned();
    click(&c, &format!(".who-chip[data-key={gpt3:?}]")).await;
    let pos = until(
        &c,
        "the stepper",
        "document.querySelector('[data-testid=who-position]')?.textContent",
    )
    .await;
    let total: usize = pos.as_str().unwrap().split('/').nth(1).unwrap().parse().unwrap();
    assert!(
        pos.as_str().unwrap().starts_with("1/") && total >= 2,
        "GPT-3 is mentioned more than once: {pos}"
    );
    until(
        &c,
        "every mention marked",
        &format!("CSS.highlights.get('zh-mention')?.size === {total}"),
    )
    .await;
    assert_eq!(js(&c, "return CSS.highlights.get('zh-mention').size;").await, json!(total));
    click(&c, "[data-testid=who-next]").await;
    until(
        &c,
        "the second mention",
        &format!(
            "document.querySelector('[data-testid=who-position]').textContent === '2/{total}'"
        ),
    )
    .await;
    assert_eq!(js(&c, "return CSS.highlights.has('zh-flash');").await, json!(true));
    shot(&c, "debate-04-who-what").await;
    let figures =
        js(&c, "return [...document.querySelectorAll('.figure-text')].map(e => e.textContent);")
            .await;
    eprintln!("figures: {figures}");
    let fig = js(&c, "const f = [...document.querySelectorAll('.figure-item')].find(e => e.querySelector('.figure-text').textContent === '3.4千兆瓦时'); if (!f) return null; f.scrollIntoView({block: 'center'}); return f.dataset.start;").await;
    let fig = fig.as_str().expect("the figure 3.4千兆瓦时 is listed").to_owned();
    click(&c, &format!(".figure-item[data-start='{fig}']")).await;
    until(
        &c,
        "the figure flashed in the text",
        "[...(CSS.highlights.get('zh-mention') ?? [])].some(r => r.toString() === '3.4千兆瓦时')",
    )
    .await;
    shot(&c, "debate-05-figures").await;
    click(&c, "[data-testid=back]").await;

    // ---- the second article: a passage against the claim, linked to the existing claim ----
    click(&c, &format!("[data-article-id='{small_id}']")).await;
    until(
        &c,
        "the second article",
        "document.querySelector('.article-body')?.textContent.includes('李开复认为')",
    )
    .await;
    select_text(&c, AGAINST).await;
    keys(&c, "h").await;
    until(&c, "the editor", "document.querySelector('[data-testid=hl-editor]')").await;
    click(&c, "[data-testid=link-claim]").await;
    until(&c, "the claim offered", &format!("document.querySelector('[data-testid=claim-choice]')?.selectedOptions[0]?.textContent === {CLAIM:?}")).await;
    click(&c, ".role-btn[data-role=opposes]").await;
    click_and_type(&c, "[data-testid=link-note]", "小模型经蒸馏同样可用").await;
    click(&c, "[data-testid=link-submit]").await;
    until(&c, "the link confirmed", "document.querySelector('[data-testid=linked-to]')").await;
    keys(&c, "\u{e00c}").await;
    click(&c, "[data-testid=back]").await;

    // ---- the Claims pane: the list with counts, then for and against side by side ----
    click(&c, "[data-testid=claims-pane]").await;
    let row =
        until(&c, "the claim in the list", "document.querySelector('.claim-row')?.textContent")
            .await;
    let row = row.as_str().unwrap();
    assert!(
        row.contains(CLAIM)
            && row.contains("支持 1")
            && row.contains("反对 1")
            && row.contains("背景 0"),
        "claim row: {row}"
    );
    shot(&c, "debate-06-claims").await;
    click(&c, ".claim-row").await;
    until(&c, "evidence for and against", "document.querySelector('[data-testid=evidence-supports] .evidence-card') && document.querySelector('[data-testid=evidence-opposes] .evidence-card')").await;
    let layout = js(&c, "const a = document.querySelector('[data-testid=evidence-supports]').getBoundingClientRect(), b = document.querySelector('[data-testid=evidence-opposes]').getBoundingClientRect();
        return {sameRow: Math.abs(a.top - b.top) < 2, leftToRight: a.right <= b.left, widths: [a.width, b.width]};").await;
    assert_eq!(layout["sameRow"], json!(true), "side by side: {layout}");
    assert_eq!(
        layout["leftToRight"],
        json!(true),
        "for on the left, against on the right: {layout}"
    );
    let sides = js(&c, "return [...document.querySelectorAll('.evidence-sides .evidence-card')].map(e => e.textContent);").await;
    let sides = sides.to_string();
    assert!(
        sides.contains("355个GPU") && sides.contains("算力门槛"),
        "the supporting quote and note: {sides}"
    );
    assert!(
        sides.contains("李开复认为") && sides.contains("小模型的逆袭"),
        "the opposing quote and its article: {sides}"
    );
    shot(&c, "debate-07-claim-view").await;

    // ---- the brief, written where the save dialog says ----
    let brief = tmp.path().join("briefs").join("claim.md");
    std::fs::create_dir_all(brief.parent().unwrap()).unwrap();
    answer_save_dialog(&c, &brief).await;
    click(&c, "[data-testid=claim-brief]").await;
    let shown = until(
        &c,
        "where the brief was written",
        "document.querySelector('[data-testid=brief-written]')?.textContent",
    )
    .await;
    assert!(shown.as_str().unwrap().contains(&brief.display().to_string()), "shown: {shown}");
    let md = std::fs::read_to_string(&brief).expect("the brief file");
    for part in [
        CLAIM,
        "GPT-3大模型需要训练355个GPU/年",
        AGAINST,
        "算力门槛：只有巨头训得起",
        "小模型经蒸馏同样可用",
        "小模型的逆袭",
    ] {
        assert!(md.contains(part), "the brief has {part}:\n{md}");
    }
    let (pro, con) = (md.find("355个GPU").unwrap(), md.find("李开复认为").unwrap());
    assert!(pro < con, "evidence for comes before evidence against");
    shot(&c, "debate-08-brief-written").await;

    // ---- evidence opens its article at the passage; back returns to the claim ----
    click(&c, "[data-testid=evidence-opposes] .evidence-quote").await;
    until(&c, "the article at the passage", "document.querySelector('.article-body')?.textContent.includes('李开复认为') && CSS.highlights.has('zh-flash') && [...CSS.highlights.get('zh-flash')][0].toString().startsWith('李开复认为')").await;
    click(&c, "[data-testid=back]").await;
    until(
        &c,
        "the claim again",
        &format!("document.querySelector('[data-testid=claim-title]')?.textContent === {CLAIM:?}"),
    )
    .await;

    // ---- delete the claim (to the trash) and undo ----
    click(&c, "[data-testid=claim-delete]").await;
    until(&c, "the empty list", "document.querySelector('.claim-list .empty')").await;
    click(&c, "[data-testid=undo]").await;
    until(
        &c,
        "the claim restored with its evidence",
        "document.querySelectorAll('.evidence-sides .evidence-card').length === 2",
    )
    .await;

    // ---- a tag brief from the list ----
    click(&c, "[data-testid=claims-back]").await;
    let tag_brief = tmp.path().join("briefs").join("tag.md");
    answer_save_dialog(&c, &tag_brief).await;
    let chosen = js(&c, &format!("const s = document.querySelector('[data-testid=tag-brief-tag]'); s.value = {first:?}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value;")).await;
    assert_eq!(chosen, json!(first));
    click(&c, "[data-testid=tag-brief-export]").await;
    until(
        &c,
        "the tag brief written",
        "document.querySelector('.tag-brief [data-testid=brief-written]')",
    )
    .await;
    let md = std::fs::read_to_string(&tag_brief).expect("the tag brief file");
    assert!(md.contains(&first) && md.contains("355个GPU"), "the tag brief:\n{md}");
    shot(&c, "debate-09-tag-brief").await;

    let fatal = js(&c, "return document.documentElement.dataset.error || null;").await;
    assert!(fatal.is_null(), "the page hit an error: {fatal}");
    c.close().await.unwrap();
}
