//! The HTML reader measured against Mozilla Readability's 28 test pages, plus edge cases.
//! The similarity measure is described in `tests/similarity.rs`.

use crate::similarity::similarity;
use std::path::Path;
use zhaji::import::{html_to_document, parse_document, HtmlOptions};

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Loose byline comparison: case and a leading "By" ignored; either may contain the other.
fn byline_ok(got: Option<&str>, want: &str) -> bool {
    let clean = |s: &str| {
        let s = norm(s).to_lowercase();
        s.strip_prefix("by ").map(str::to_owned).unwrap_or(s)
    };
    let Some(got) = got else { return false };
    let (g, w) = (clean(got), clean(want));
    !g.is_empty() && (g == w || g.contains(&w) || w.contains(&g))
}

#[test]
fn similarity_measure() {
    assert_eq!(similarity("a b c", "a  b\nc"), 1.0);
    assert!((similarity("大模型", "大模") - 0.8).abs() < 1e-9);
    assert_eq!(similarity("alpha", "beta"), 0.0);
    let s = similarity("one two three four", "one three four");
    assert!(s > 0.7 && s < 0.9, "{s}");
}

#[test]
fn readability_corpus() {
    let dir = crate::corpus_or_skip!("readability");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("source.html").exists())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 28, "the corpus should hold 28 pages");
    let mut rows = Vec::new();
    let (mut sum, mut min, mut titles, mut bylines, mut bylines_expected) = (0.0, 1.0f64, 0, 0, 0);
    println!("{:<20} {:>7} {:>6} {:>7}", "page", "sim", "title", "byline");
    for p in &pages {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read(p.join("source.html")).unwrap();
        let doc = parse_document(&p.join("source.html").display().to_string(), &src)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = std::fs::read_to_string(p.join("expected.html")).unwrap();
        let want = html_to_document(&expected, HtmlOptions { extract: false });
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(p.join("expected-metadata.json")).unwrap(),
        )
        .unwrap();
        let sim = similarity(&doc.text(), &want.text());
        let want_title = meta["title"].as_str().unwrap_or("");
        let title_ok = norm(&doc.meta.title) == norm(want_title);
        let byline = match meta["byline"].as_str() {
            Some(b) => {
                bylines_expected += 1;
                let ok = byline_ok(doc.meta.author.as_deref(), b);
                bylines += ok as usize;
                if ok {
                    "ok"
                } else {
                    "MISS"
                }
            }
            None => "-",
        };
        titles += title_ok as usize;
        sum += sim;
        min = min.min(sim);
        println!("{name:<20} {sim:>7.4} {:>6} {byline:>7}", if title_ok { "ok" } else { "MISS" });
        if std::env::var("ZHAJI_DEBUG").is_ok_and(|v| v == name) {
            std::fs::write("/tmp/got.txt", doc.text()).unwrap();
            std::fs::write("/tmp/want.txt", want.text()).unwrap();
            println!(
                "title got {:?} want {want_title:?}; author {:?}",
                doc.meta.title, doc.meta.author
            );
        }
        rows.push((name, sim, title_ok));
    }
    let avg = sum / pages.len() as f64;
    println!(
        "average {avg:.4}, minimum {min:.4}, titles {titles}/{}, bylines {bylines}/{bylines_expected}",
        pages.len()
    );
    let _ = Path::new("");
    for (name, sim, _) in &rows {
        assert!(*sim >= 0.90, "{name}: similarity {sim:.4} < 0.90");
    }
    assert!(avg >= 0.97, "average similarity {avg:.4} < 0.97");
    assert!(titles * 10 >= pages.len() * 9, "titles {titles}/{}", pages.len());
}

#[test]
fn folder_import_survives_bad_files_and_can_be_cancelled() {
    let src = crate::corpus_or_skip!("readability/gmw/source.html");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub/.git")).unwrap();
    std::fs::copy(&src, dir.path().join("sub/gmw.html")).unwrap();
    std::fs::write(dir.path().join("a.md"), "# 标题\n\n正文。").unwrap();
    std::fs::write(dir.path().join("bad.epub"), b"not a zip").unwrap();
    std::fs::write(dir.path().join("doc.pdf"), b"%PDF-1.7").unwrap();
    std::fs::write(dir.path().join("sub/.git/x.md"), "hidden").unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG").unwrap();
    let mut lib = zhaji::Library::open_in_memory().unwrap();
    let mut seen = Vec::new();
    let r = lib
        .import_folder(dir.path(), &mut |p| {
            seen.push((p.done, p.total));
            true
        })
        .unwrap();
    assert_eq!((r.found, r.imported, r.failed.len()), (4, 2, 2), "{r:?}");
    assert!(r.failed.iter().any(|f| f.reason.contains("PDF is not supported yet")));
    assert!(r.failed.iter().any(|f| f.reason.contains("bad.epub")));
    assert_eq!(seen, vec![(0, 4), (1, 4), (2, 4), (3, 4)]);
    let r = lib.import_folder(dir.path(), &mut |_| true).unwrap();
    assert_eq!(r.already_present, 2);
    let r = lib.import_folder(dir.path(), &mut |p| p.done < 1).unwrap();
    assert!(r.cancelled && r.already_present + r.failed.len() as u32 == 1, "{r:?}");
}

#[test]
fn pasted_html_and_edge_cases() {
    let d = zhaji::import::parse_pasted(
        "<p>大模型<b>训练</b>\n  成本。<a href=\"javascript:alert(1)\">x</a> <a href=\"https://a.b/\">link</a></p><script>evil()</script><div hidden>secret</div><div style=\"display: none\">no</div><ul><li>one<ul><li>two</li></ul></li></ul><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><img alt=\"图一\" src=\"x.png\"><pre>  fn x() {\n    y();\n  }</pre><blockquote><p>q</p></blockquote>",
    );
    assert_eq!(d.format, "paste");
    let kinds: Vec<(&str, u8, &str)> =
        d.blocks.iter().map(|b| (b.kind.as_str(), b.level, b.text.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            ("paragraph", 0, "大模型训练成本。x link"),
            ("list_item", 1, "one"),
            ("list_item", 2, "two"),
            ("table_row", 0, "A | B"),
            ("table_row", 0, "1 | 2"),
            ("caption", 0, "图一"),
            ("code", 0, "fn x() {\n  y();\n}"),
            ("quote", 1, "q"),
        ]
    );
    assert_eq!(d.blocks[0].links.len(), 1);
    assert_eq!(d.blocks[0].links[0].href, "https://a.b/");
    let plain = zhaji::import::parse_pasted("Just text, with a < sign.");
    assert_eq!(plain.format, "paste");
    assert_eq!(plain.text(), "Just text, with a < sign.");
}

/// The kinds, levels and texts of a pasted page's blocks.
fn blocks_of(html: &str) -> Vec<(String, u8, String)> {
    let d = zhaji::import::parse_pasted(html);
    d.blocks.iter().map(|b| (b.kind.as_str().to_owned(), b.level, b.text.clone())).collect()
}

fn owned(v: &[(&str, u8, &str)]) -> Vec<(String, u8, String)> {
    v.iter().map(|(k, l, t)| ((*k).to_owned(), *l, (*t).to_owned())).collect()
}

#[test]
fn a_figure_with_a_caption_shows_the_caption_once_and_not_its_alt() {
    // Alt and caption alike, or different: the caption alone, once.
    let got = blocks_of(
        "<p>训练算力每年翻几番。</p>\
         <figure><img src=\"a.png\" alt=\"图1：算力曲线\"><figcaption>图1：算力曲线</figcaption></figure>\
         <figure><img src=\"b.png\" alt=\"机房的照片\"><figcaption>图2：数据中心</figcaption></figure>\
         <figure><img src=\"c.png\" alt=\"A heron at dusk\"><figcaption> The heron, photographed at dusk. </figcaption></figure>\
         <figure><img src=\"d.png\" alt=\"只有替代文字\"></figure>\
         <p><img src=\"e.png\" alt=\"没有图注的图\"></p>",
    );
    assert_eq!(
        got,
        owned(&[
            ("paragraph", 0, "训练算力每年翻几番。"),
            ("caption", 0, "图1：算力曲线"),
            ("caption", 0, "图2：数据中心"),
            ("caption", 0, "The heron, photographed at dusk."),
            ("caption", 0, "只有替代文字"),
            ("caption", 0, "没有图注的图"),
        ])
    );
    // The image keeps its alt for the reader's <img>, and the figure's caption.
    let d = html_to_document(
        "<html><body><figure><img src=\"https://a.b/x.png\" alt=\"机房的照片\"><figcaption>图2：数据中心</figcaption></figure></body></html>",
        HtmlOptions { extract: false },
    );
    assert_eq!(d.text(), "图2：数据中心");
    assert_eq!(d.images.len(), 1, "{:?}", d.images);
    assert_eq!(
        (d.images[0].alt.as_str(), d.images[0].caption.as_str()),
        ("机房的照片", "图2：数据中心")
    );
}

#[test]
fn paragraphs_inside_a_list_item_stay_in_the_item() {
    let got = blocks_of(
        "<ul><li><p>开源模型降低了门槛。</p></li><li><p>推理成本依然可观，</p><p>尤其是长文本。</p></li>\
         <li><div>A block inside an item.</div><ol><li><p>nested</p></li></ol><p>after the nested list</p></li></ul>\
         <blockquote><ul><li><p>引用里的列表</p></li></ul></blockquote>\
         <ul><li><blockquote><p>列表里的引用</p></blockquote></li></ul><p>之后的段落。</p>",
    );
    assert_eq!(
        got,
        owned(&[
            ("list_item", 1, "开源模型降低了门槛。"),
            ("list_item", 1, "推理成本依然可观，"),
            ("list_item", 1, "尤其是长文本。"),
            ("list_item", 1, "A block inside an item."),
            ("list_item", 2, "nested"),
            ("list_item", 1, "after the nested list"),
            ("list_item", 1, "引用里的列表"),
            ("quote", 1, "列表里的引用"),
            ("paragraph", 0, "之后的段落。"),
        ])
    );
}

/// Checks the block invariants the library relies on.
fn check_blocks(d: &zhaji::import::Document) {
    for b in &d.blocks {
        assert!(!b.text.is_empty() && b.text.trim() == b.text, "{:?}", b.text);
        assert!(b.kind == zhaji::PassageKind::Code || !b.text.contains('\n'));
        let n = b.text.chars().count() as u32;
        for l in &b.links {
            assert!(l.start < l.end && l.end <= n && l.href.starts_with("http"));
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    /// Arbitrary bytes named `.html` or `.epub` never panic, and what imports keeps the
    /// block invariants.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
        if let Ok(d) = parse_document("x.html", &bytes) { check_blocks(&d); }
        let _ = parse_document("x.epub", &bytes);
    }

    /// Tag soup built from real tag names never panics either.
    #[test]
    fn tag_soup_never_panics(parts in proptest::collection::vec(
        proptest::sample::select(vec!["<p>", "</p>", "<div class=comment>", "</div>", "<table>", "<tr>", "<td>", "</td>", "<ul>", "<li>", "<pre>", "</pre>", "<a href='http://x'>", "</a>", "<br>", "<ruby>", "<rt>", "大模型", "text, ", "&amp;", "&#0;", "<h1>", "<img alt=x>", "<script>", "<blockquote>", " \n ", "\u{0301}"]),
        0..80)) {
        let html: String = parts.concat();
        if let Ok(d) = parse_document("x.html", html.as_bytes()) { check_blocks(&d); }
        check_blocks(&zhaji::import::parse_pasted(&html));
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let html = format!(
        "<html><body>{}deep text, here.{}</body></html>",
        "<div>".repeat(3_000),
        "</div>".repeat(3_000)
    );
    let d = parse_document("deep.html", html.as_bytes()).unwrap();
    assert_eq!(d.text(), "deep text, here.");
}

#[test]
fn wrong_meta_charset_still_reads() {
    let page = "<html><head><meta charset=\"windows-1252\"><title>算力</title></head><body><p>大模型的算力之争越来越激烈，成本也越来越高。</p></body></html>";
    let d = parse_document("w.html", page.as_bytes()).unwrap();
    assert!(d.text().contains("大模型的算力之争"), "{}", d.text());
    assert_eq!(d.meta.title, "算力");
    assert!(!d.warnings.is_empty());
}
