//! The main-text extractor on small pages built to hold one kind of page furniture each: Korean
//! words across line breaks, bodies written without `<p>` (`<br>` runs, bare text), repeated
//! slideshow and WordPress captions, file-name alts, photo credits, tag lines, teaser links,
//! comment notices, a quoted tweet, MathML formulas and a Japanese link-list sidebar.
//!
//! Each folder of `tests/data/extract` holds `source.html` and `expected.json` (`title` and the
//! article's `text`, one passage a line). To add a case, write a page in your own words with
//! the structure to test and the passages a reader should get from it.

use crate::similarity::similarity;
use std::path::PathBuf;
use zhaji::import::parse_document;

fn cases() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/extract");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("source.html").exists())
        .collect();
    pages.sort();
    pages
}

#[test]
fn each_page_gives_exactly_its_article() {
    let pages = cases();
    assert!(pages.len() >= 8, "{} cases", pages.len());
    let mut failures = Vec::new();
    for p in &pages {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read(p.join("source.html")).unwrap();
        let doc = parse_document("source.html", &src).unwrap();
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("expected.json")).unwrap())
                .unwrap();
        let want_text: Vec<&str> =
            want["text"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let got_text = doc.text();
        let got: Vec<&str> = got_text.split('\n').collect();
        let sim = similarity(&got_text, &want_text.join("\n"));
        println!("{name:<20} {sim:.4}");
        if got != want_text {
            failures.push(format!(
                "{name}: got\n  {}\nwant\n  {}",
                got.join("\n  "),
                want_text.join("\n  ")
            ));
        }
        if doc.meta.title != want["title"].as_str().unwrap() {
            failures.push(format!("{name}: title {:?}", doc.meta.title));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
