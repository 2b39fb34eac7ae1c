//! The EPUB reader: a real book, and broken or hostile archives that must fail with a clear
//! error naming the file.

use std::io::Write;
use zhaji::import::{parse_document, read_epub, EpubLimits};
use zhaji::PassageKind;

/// Builds a zip archive from (path, content) pairs, deflated.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTAINER: &[u8] = br#"<?xml version="1.0"?><container><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fn opf(items: &str, spine: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><package version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata><dc:title>小书</dc:title><dc:creator>佚名</dc:creator><dc:language>ja</dc:language><dc:date>2020-01-02</dc:date></metadata><manifest>{items}</manifest><spine toc="ncx">{spine}</spine></package>"#).into_bytes()
}

#[test]
fn alice_imports_with_chapters_and_title() {
    let path = crate::corpus_or_skip!("epub/alice.epub");
    let bytes = std::fs::read(&path).unwrap();
    let book = read_epub("alice.epub", &bytes, EpubLimits::default()).unwrap();
    let d = &book.doc;
    assert_eq!(d.meta.title, "Alice's Adventures in Wonderland");
    assert_eq!(d.meta.author.as_deref(), Some("Lewis Carroll"));
    assert_eq!(d.format, "epub");
    let headings: Vec<&str> = d
        .blocks
        .iter()
        .filter(|b| b.kind == PassageKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert!(headings.len() >= 10, "{headings:?}");
    assert!(headings.contains(&"Down The Rabbit-Hole"), "{headings:?}");
    assert!(d.text().contains("Alice was beginning to get very tired"));
    assert!(!book.toc.is_empty());
    println!(
        "{} blocks, {} headings, toc {} entries",
        d.blocks.len(),
        headings.len(),
        book.toc.len()
    );
    let via_ext = parse_document("alice.epub", &bytes).unwrap();
    assert_eq!(via_ext.blocks.len(), d.blocks.len());
}

#[test]
fn epub2_with_ncx_and_ruby() {
    let chapter = "<html><body><p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字</ruby>を読む。</p></body></html>";
    let ncx = r#"<ncx><navMap><navPoint id="a"><navLabel><text>第一章</text></navLabel><content src="c1.xhtml"/></navPoint></navMap></ncx>"#;
    let bytes = zip_of(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        (
            "OEBPS/content.opf",
            &opf(
                r#"<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>"#,
                r#"<itemref idref="c1"/>"#,
            ),
        ),
        ("OEBPS/c1.xhtml", chapter.as_bytes()),
        ("OEBPS/toc.ncx", ncx.as_bytes()),
    ]);
    let book = read_epub("b.epub", &bytes, EpubLimits::default()).unwrap();
    assert_eq!(book.doc.text(), "第一章\n漢字を読む。");
    assert_eq!(book.doc.meta.title, "小书");
    assert_eq!(book.doc.meta.language.as_deref(), Some("ja"));
    assert_eq!(book.toc[0].title, "第一章");
    assert_eq!(book.toc[0].block, Some(0));
}

#[test]
fn broken_and_hostile_archives_fail_clearly() {
    let err = |bytes: &[u8]| parse_document("bad.epub", bytes).unwrap_err().message().to_owned();
    let e = err(b"not a zip");
    assert!(e.starts_with("bad.epub: ") && e.contains("zip"), "{e}");
    let e = err(&zip_of(&[("mimetype", b"application/epub+zip")]));
    assert!(e.contains("container.xml"), "{e}");
    let e = err(&zip_of(&[("META-INF/container.xml", CONTAINER)]));
    assert!(e.contains("OEBPS/content.opf") && e.contains("missing"), "{e}");
    let trick = opf(
        r#"<item id="c1" href="../../etc/passwd" media-type="application/xhtml+xml"/>"#,
        r#"<itemref idref="c1"/>"#,
    );
    let e = err(&zip_of(&[("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", &trick)]));
    assert!(e.contains("outside"), "{e}");
    let abs = opf(
        r#"<item id="c1" href="/etc/passwd" media-type="application/xhtml+xml"/>"#,
        r#"<itemref idref="c1"/>"#,
    );
    let e = err(&zip_of(&[("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", &abs)]));
    assert!(e.contains("absolute"), "{e}");
    // A decompression bomb: 40 MB of zeros compress to a few tens of KB.
    let zeros = vec![b'a'; 40 * 1024 * 1024];
    let bomb = opf(
        r#"<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>"#,
        r#"<itemref idref="c1"/>"#,
    );
    let bytes = zip_of(&[
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", &bomb),
        ("OEBPS/c1.xhtml", &zeros),
    ]);
    let e = err(&bytes);
    assert!(e.starts_with("bad.epub: ") && (e.contains("limit") || e.contains("bomb")), "{e}");
    let small = EpubLimits { max_entry_bytes: 1024, ..EpubLimits::default() };
    let ch = vec![b'x'; 4096];
    let bytes = zip_of(&[
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", &bomb),
        ("OEBPS/c1.xhtml", &ch),
    ]);
    let e = read_epub("s.epub", &bytes, small).unwrap_err();
    assert!(e.message().contains("limit"), "{}", e.message());
}
