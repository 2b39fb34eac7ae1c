//! Site passes: 微信公众号 pages as served (the shared capture corpus) and our own fixtures in
//! the structures such pages have, and the metadata of Chinese news sites.

use zhaji::import::{parse_document, Document};

fn read(path: &std::path::Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    parse_document(&path.display().to_string(), &bytes).unwrap()
}

fn fixture(name: &str) -> Document {
    read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites").join(name))
}

/// Each capture page yields every sentence it must, none of the chrome it must not, and its
/// title, 公众号 name, author, date and link (see capture/README.md).
#[test]
fn wechat_capture_pages() {
    let dir = crate::corpus_or_skip!("capture");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("page.html").exists())
        .collect();
    pages.sort();
    assert!(pages.len() >= 2, "the capture corpus should hold at least two pages");
    for p in &pages {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let doc = read(&p.join("page.html"));
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("expected.json")).unwrap())
                .unwrap();
        let text = doc.text();
        println!("{name}: {} characters in {} blocks", text.chars().count(), doc.blocks.len());
        if std::env::var("ZHAJI_DEBUG").is_ok_and(|v| v == name) {
            std::fs::write("/tmp/got.txt", &text).unwrap();
        }
        assert_eq!(doc.meta.title, want["title"].as_str().unwrap(), "{name}: title");
        assert_eq!(doc.meta.site.as_deref(), want["site"].as_str(), "{name}: site");
        assert_eq!(doc.meta.author.as_deref(), want["author"].as_str(), "{name}: author");
        assert_eq!(doc.meta.published.as_deref(), want["published"].as_str(), "{name}: date");
        assert_eq!(doc.meta.url.as_deref(), want["url"].as_str(), "{name}: url");
        for s in want["must_contain"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            assert!(text.contains(s), "{name}: missing {s:?}");
        }
        for s in want["must_not_contain"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            assert!(!text.contains(s), "{name}: chrome kept: {s:?}");
        }
        // Lazy images are never replaced by a placeholder alt text.
        assert!(!doc.blocks.iter().any(|b| b.text == "图片"), "{name}: alt text kept as text");
    }
}
