//! Hostile files, generated here (never stored): deep and unclosed nesting, huge element counts,
//! millions of tiny paragraphs, books of many large chapters. Each must import or be refused with
//! one line, and the work must grow linearly: the tests compare the parser's own operation count
//! (`html_parse_cost`) at one size and at ten times that size, never wall-clock time.

use std::io::Write;
use zhaji::import::{html_parse_cost, parse_document, read_epub, EpubLimits};

/// `n` nested divs around one word.
pub fn nested_divs(n: usize) -> String {
    format!("<html><body>{}深处的字{}</body></html>", "<div>".repeat(n), "</div>".repeat(n))
}

/// `n` unclosed `<div><span><b>` triples, each with a word.
pub fn unclosed_triples(n: usize) -> String {
    format!("<html><body>{}</body></html>", "<div><span><b>字".repeat(n))
}

/// `n` unclosed `<table><tr><td>` triples, each with a word.
pub fn unclosed_tables(n: usize) -> String {
    format!("<html><body>{}</body></html>", "<table><tr><td>格".repeat(n))
}

/// Asserts that ten times the input costs at most about ten times the work, and that the DOM
/// the importer walks stays within its depth cap.
fn linear(name: &str, make: fn(usize) -> String, small: usize) {
    let a = html_parse_cost(&make(small));
    let b = html_parse_cost(&make(small * 10));
    eprintln!("{name}: {small} → {a:?}; {} → {b:?}", small * 10);
    assert!(
        b.work <= a.work * 11,
        "{name}: work {} then {} (×{:.1})",
        a.work,
        b.work,
        b.work as f64 / a.work as f64
    );
    assert!(b.depth <= 257 && a.depth <= 257, "{name}: depth {} / {}", a.depth, b.depth);
    // The tree stays within the parser's limit on open elements, however deep the input.
    assert!(b.elements <= 1024, "{name}: {} elements", b.elements);
}

#[test]
fn nested_divs_cost_linear_work() {
    linear("nested divs", nested_divs, 10_000);
}

#[test]
fn unclosed_div_span_b_cost_linear_work() {
    linear("unclosed div/span/b", unclosed_triples, 10_000);
}

#[test]
fn unclosed_tables_cost_linear_work() {
    linear("unclosed tables", unclosed_tables, 3_000);
}

#[test]
fn hostile_pages_import_with_their_text_and_say_they_were_flattened() {
    for (name, page) in [
        ("divs.html", nested_divs(100_000)),
        ("triples.html", unclosed_triples(100_000)),
        ("tables.html", unclosed_tables(30_000)),
    ] {
        let doc = parse_document(name, page.as_bytes()).unwrap();
        assert!(!doc.blocks.is_empty(), "{name}");
        assert!(
            doc.warnings.iter().any(|w| w.contains("nests deeper")),
            "{name}: {:?}",
            doc.warnings
        );
        assert!(doc.warnings.iter().all(|w| !w.contains('\n')), "{name}: {:?}", doc.warnings);
    }
    let doc = parse_document("divs.html", nested_divs(100_000).as_bytes()).unwrap();
    assert!(doc.text().contains("深处的字"));
    // All 100,000 words of the unclosed triples survive, in order.
    let doc = parse_document("triples.html", unclosed_triples(100_000).as_bytes()).unwrap();
    assert_eq!(doc.text().chars().filter(|&c| c == '字').count(), 100_000);
}

#[test]
fn an_ordinary_deep_page_is_not_flattened() {
    let doc = parse_document("ok.html", nested_divs(200).as_bytes()).unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.text(), "深处的字");
}

fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A book whose chapters are the given XHTML texts.
pub fn epub_of(chapters: &[String], method: zip::CompressionMethod) -> Vec<u8> {
    let container = br#"<?xml version="1.0"?><container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#;
    let mut items = String::new();
    let mut spine = String::new();
    for i in 0..chapters.len() {
        items.push_str(&format!(
            r#"<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{i}"/>"#));
    }
    let opf = format!(
        r#"<?xml version="1.0"?><package version="2.0"><metadata><dc:title>书</dc:title></metadata><manifest>{items}</manifest><spine>{spine}</spine></package>"#
    );
    let names: Vec<String> = (0..chapters.len()).map(|i| format!("OEBPS/c{i}.xhtml")).collect();
    let mut files: Vec<(&str, &[u8])> =
        vec![("META-INF/container.xml", container), ("OEBPS/content.opf", opf.as_bytes())];
    for (n, c) in names.iter().zip(chapters) {
        files.push((n, c.as_bytes()));
    }
    zip_of(&files, method)
}

#[test]
fn an_epub_chapter_of_100000_nested_divs_is_refused_or_imported_in_one_line() {
    let book = epub_of(&[nested_divs(100_000)], zip::CompressionMethod::Deflated);
    assert!(book.len() < 20_000, "the book is small: {} bytes", book.len());
    // The default limits refuse it as a decompression bomb, in one line.
    let e = read_epub("deep.epub", &book, EpubLimits::default()).unwrap_err();
    assert!(
        e.message().starts_with("deep.epub: ") && !e.message().contains('\n'),
        "{}",
        e.message()
    );
    // Allowed, it imports flattened, with its text.
    let lax = EpubLimits { max_ratio: 10_000, ..EpubLimits::default() };
    let b = read_epub("deep.epub", &book, lax).unwrap();
    assert!(b.doc.text().contains("深处的字"));
    assert!(b.doc.warnings.iter().any(|w| w.contains("nests deeper")), "{:?}", b.doc.warnings);
}

#[test]
fn two_million_one_character_paragraphs() {
    let text = "字\n".repeat(2_000_000);
    let doc = parse_document("many.txt", text.as_bytes()).unwrap();
    assert_eq!(doc.blocks.len(), 2_000_000);
}

#[test]
fn a_book_past_its_total_limit_is_imported_up_to_the_limit() {
    // 200 chapters of 900 KiB, under a 4 MiB total (the default is 64 MiB; the benchmark
    // imports the book under it): the first four chapters come in, and a warning says where the
    // book was cut. Only what was read is parsed.
    let para = "<p>长段落的文字，一句又一句。</p>\n";
    let chapter = format!("<html><body>{}</body></html>", para.repeat(900 * 1024 / para.len()));
    let book = epub_of(&vec![chapter; 200], zip::CompressionMethod::Stored);
    let limits = EpubLimits { max_total_bytes: 4 * 1024 * 1024, ..EpubLimits::default() };
    let b = read_epub("big.epub", &book, limits).unwrap();
    assert_eq!(b.doc.blocks.len(), 4 * (900 * 1024 / para.len()), "four chapters' paragraphs");
    let cut: Vec<&String> =
        b.doc.warnings.iter().filter(|w| w.contains("larger than 4 MiB")).collect();
    assert_eq!(cut.len(), 1, "{:?}", b.doc.warnings);
    assert!(cut[0].contains("OEBPS/c4.xhtml") && !cut[0].contains('\n'), "{}", cut[0]);
}

#[test]
fn markdown_with_many_scripts_keeps_its_text() {
    // Each skipped element used to lowercase the rest of the file to find its end: quadratic.
    let md = format!("# 标题\n\n{}正文。\n", "<script>var a = 1;</script>段".repeat(50_000));
    let doc = parse_document("many.md", md.as_bytes()).unwrap();
    assert_eq!(doc.text().chars().filter(|&c| c == '段').count(), 50_000);
    assert!(!doc.text().contains("var a"));
}

#[test]
fn deeply_nested_markdown_quotes_and_lists_import() {
    for (name, md) in [
        ("quotes.md", format!("{}深处的字\n", "> ".repeat(50_000))),
        ("lists.md", (0..20_000).map(|i| format!("{}- 项{i}\n", "  ".repeat(i % 500))).collect()),
    ] {
        match parse_document(name, md.as_bytes()) {
            Ok(doc) => assert!(!doc.blocks.is_empty(), "{name}"),
            Err(e) => assert!(!e.message().contains('\n'), "{name}: {}", e.message()),
        }
    }
}
