//! Import on the real corpus and on generated files: encodings, bad bytes, binary, size limits,
//! Markdown articles.

use crate::corpus_or_skip;
use std::path::Path;
use zhaji::import::{
    parse_document, read_document, read_document_with_limit, Block, Document, MAX_FILE_BYTES,
};
use zhaji::{ErrorKind, PassageKind};

const SEED: &str = "seed/000_4b857f83adbe41b1.txt";

/// Checks the invariants the library relies on for every block.
fn assert_invariants(doc: &Document) {
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block { kind, text, links, .. } = b;
        assert!(!text.is_empty(), "block {i} is empty");
        assert_eq!(text.trim(), text, "block {i} has white space at an edge: {text:?}");
        assert!(!text.contains('\r'), "block {i} has CR");
        if *kind != PassageKind::Code {
            assert!(!text.contains('\n'), "block {i} ({kind:?}) has a line break: {text:?}");
        }
        let nfc: String = unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect();
        assert_eq!(&nfc, text, "block {i} is not NFC");
        let len = text.chars().count() as u32;
        for l in links {
            assert!(l.start < l.end && l.end <= len, "block {i} has a bad link {l:?}");
        }
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("writing a test file");
    p
}

#[test]
fn import_seed_text_is_the_file_exactly() {
    let path = corpus_or_skip!(SEED);
    let original = std::fs::read_to_string(&path).unwrap();
    let doc = read_document(&path).unwrap();
    assert_invariants(&doc);
    assert_eq!(doc.text(), original);
    assert_eq!(doc.blocks.len(), original.lines().count());
    assert_eq!(doc.blocks.len(), 48);
    assert_eq!(doc.format, "text");
    assert_eq!(doc.encoding, "UTF-8");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.blocks[0].kind, PassageKind::Byline);
    assert!(doc.blocks[1..].iter().all(|b| b.kind == PassageKind::Paragraph));
    assert_eq!(doc.meta.author.as_deref(), Some("吴坤谚"));
    assert_eq!(doc.meta.site.as_deref(), Some("光子星球"));
    // The file name is generated, so the first line stands in as the title.
    assert_eq!(doc.meta.title, "“面向AI时代,所有应用都值得用大模型重做一遍。”");
    assert_eq!(doc.meta.language.as_deref(), Some("zh"));
}

#[test]
fn import_gb18030_copy_is_identical() {
    let seed = corpus_or_skip!(SEED);
    let path = corpus_or_skip!("encodings/seed.gb18030.txt");
    let doc = read_document(&path).unwrap();
    assert_eq!(doc.encoding, "GB18030");
    assert_eq!(doc.text(), std::fs::read_to_string(seed).unwrap());
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.meta.author.as_deref(), Some("吴坤谚"));
}

#[test]
fn import_broken_utf8_reports_four_places() {
    let seed = corpus_or_skip!(SEED);
    let path = corpus_or_skip!("encodings/seed.broken-utf8.txt");
    let doc = read_document(&path).unwrap();
    assert_invariants(&doc);
    assert_eq!(doc.encoding, "UTF-8");
    let text = doc.text();
    assert_eq!(text.matches('\u{FFFD}').count(), 5);
    assert_eq!(text.replace('\u{FFFD}', ""), std::fs::read_to_string(seed).unwrap());
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    let w = &doc.warnings[0];
    assert!(
        w.contains("6 invalid") && w.contains("5 replacement characters") && w.contains("4 places"),
        "{w}"
    );
    for place in
        ["byte 5640 (line 22", "byte 6230 (line 24", "byte 6689 (line 26", "byte 6898 (line 28"]
    {
        assert!(w.contains(place), "{place} missing in {w}");
    }
}

fn read_article(rel: &str) -> Option<Document> {
    let path = crate::common::corpus(rel)?;
    let doc = read_document(&path).unwrap();
    assert_invariants(&doc);
    assert_eq!(doc.format, "markdown");
    assert_eq!(doc.meta.language.as_deref(), Some("zh"));
    for b in &doc.blocks {
        if b.kind != PassageKind::Code {
            for bad in ["<Card", "</", "/>", "import {", ":label:", ":width:", "<span", "<div"] {
                assert!(!b.text.contains(bad), "markup {bad:?} left in {:?}", b.text);
            }
        }
    }
    Some(doc)
}

fn count(doc: &Document, kind: PassageKind) -> usize {
    doc.blocks.iter().filter(|b| b.kind == kind).count()
}

#[test]
fn import_markdown_d2l_introduction() {
    let Some(doc) = read_article("articles/d2l-zh_introduction.zh.md") else {
        return;
    };
    assert_eq!(doc.meta.title, "引言");
    assert_eq!(doc.blocks[0].kind, PassageKind::Heading);
    assert!(count(&doc, PassageKind::Heading) >= 15, "{}", count(&doc, PassageKind::Heading));
    assert_eq!(count(&doc, PassageKind::Code), 2);
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.kind == PassageKind::Code && b.text.contains("Ent  -    -")));
    assert!(count(&doc, PassageKind::ListItem) >= 10);
    assert_eq!(count(&doc, PassageKind::TableRow), 7, "header and six decades");
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.kind == PassageKind::TableRow && b.text.starts_with("年代 | 数据规模")));
    assert!(doc.blocks.iter().any(|b| b.kind == PassageKind::Caption && b.text == "识别唤醒词"));
    // Hard line breaks inside a paragraph are joined without spaces between CJK characters.
    let first = doc.blocks.iter().find(|b| b.kind == PassageKind::Paragraph).unwrap();
    assert!(
        first
            .text
            .starts_with("时至今日，人们常用的计算机程序几乎都是软件开发人员从零编写的。比如，"),
        "{}",
        first.text
    );
}

#[test]
fn import_markdown_rag() {
    let Some(doc) = read_article("articles/promptingguide_rag.zh.md") else {
        return;
    };
    assert_eq!(doc.meta.title, "大语言模型的检索增强生成 (RAG) 方法");
    assert!(count(&doc, PassageKind::Heading) >= 8);
    // Lines 182-234 are one GFM table (later rows lack the leading pipe): a header, 51 rows.
    assert_eq!(count(&doc, PassageKind::TableRow), 52);
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.kind == PassageKind::TableRow && b.text == "洞见 | 参考来源 | 发布日期"));
    assert!(count(&doc, PassageKind::Caption) >= 10);
    assert!(count(&doc, PassageKind::ListItem) >= 10);
    let linked = doc.blocks.iter().find(|b| b.text.starts_with("如这里对 RAG 的定义")).unwrap();
    assert_eq!(linked.links[0].href, "https://www.promptingguide.ai/techniques/rag");
    assert_eq!((linked.links[0].start, linked.links[0].end), (1, 3));
}

#[test]
fn import_markdown_llm_agents_drops_mdx() {
    let Some(doc) = read_article("articles/promptingguide_llm-agents.zh.md") else {
        return;
    };
    assert_eq!(doc.meta.title, "大语言模型智能体简介");
    assert!(count(&doc, PassageKind::Heading) >= 5);
    assert!(count(&doc, PassageKind::Quote) >= 2);
    assert!(count(&doc, PassageKind::ListItem) >= 4);
    assert!(!doc.text().contains("nextra-theme-docs"));
    assert!(!doc.text().contains("FilesIcon"));
    assert!(doc.warnings.iter().any(|w| w.contains("MDX")), "{:?}", doc.warnings);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in text.encode_utf16() {
        out.extend(if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[test]
fn import_utf16_with_bom() {
    let dir = tmp();
    let text = "作者：张三\r\n大模型之争。\r\nBig models 𠮷.";
    for (be, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
        let p = write(dir.path(), "u16.txt", &utf16(text, be));
        let doc = read_document(&p).unwrap();
        assert_eq!(doc.encoding, name);
        assert_eq!(doc.text(), "作者：张三\n大模型之争。\nBig models 𠮷.");
        assert_eq!(doc.meta.author.as_deref(), Some("张三"));
    }
}

#[test]
fn import_big5_and_shift_jis() {
    let dir = tmp();
    let tw = "大型語言模型的競爭越來越激烈。\n誰掌握算力與資料，誰就掌握人工智慧時代的作業系統。\n";
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(tw);
    assert!(!unmappable);
    let doc = read_document(&write(dir.path(), "big5.txt", &bytes)).unwrap();
    assert_eq!(doc.encoding, "Big5");
    assert_eq!(doc.text(), tw.trim_end());
    assert_eq!(doc.meta.language.as_deref(), Some("zh"));

    let ja = "大規模言語モデルの開発競争は激しさを増している。\n計算資源とデータを確保できる企業が有利になる。\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(ja);
    assert!(!unmappable);
    let doc = read_document(&write(dir.path(), "sjis.txt", &bytes)).unwrap();
    assert_eq!(doc.encoding, "Shift_JIS");
    assert_eq!(doc.text(), ja.trim_end());
    assert_eq!(doc.meta.language.as_deref(), Some("ja"));
}

#[test]
fn import_crlf_text() {
    let dir = tmp();
    let p = write(
        dir.path(),
        "crlf.txt",
        b"Title Line\r\n\r\nFirst paragraph\r\nwraps here.\r\n\r\nSecond.\rThird.\r\n",
    );
    let doc = read_document(&p).unwrap();
    assert_invariants(&doc);
    assert_eq!(doc.text(), "Title Line\nFirst paragraph wraps here.\nSecond. Third.");
    assert_eq!(doc.meta.title, "Title Line");
}

#[test]
fn import_binary_empty_and_missing_files_fail_clearly() {
    let dir = tmp();
    let bin = write(dir.path(), "image.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0x00]);
    let e = read_document(&bin).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().ends_with("image.txt: not a text document"), "{}", e.message());

    let empty = write(dir.path(), "empty.md", b"");
    let e = read_document(&empty).unwrap_err();
    assert!(e.message().contains("empty.md") && e.message().contains("empty"), "{}", e.message());

    let blank = write(dir.path(), "blank.txt", b" \r\n\t\n");
    assert!(read_document(&blank).unwrap_err().message().contains("only white space"));

    let missing = dir.path().join("missing.txt");
    let e = read_document(&missing).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert!(e.message().contains("missing.txt"), "{}", e.message());

    let e = read_document(dir.path()).unwrap_err();
    assert!(e.message().contains("folder"), "{}", e.message());

    let pdf = write(dir.path(), "paper.pdf", b"%PDF-1.4\n");
    let e = read_document(&pdf).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(e.message().contains("PDF is not supported yet"));
}

#[test]
fn import_too_large_file_is_refused_before_reading() {
    let dir = tmp();
    // A sparse file: its size is over the limit but nothing is written to disk.
    let big = dir.path().join("huge.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let e = read_document(&big).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("huge.txt") && e.message().contains("64 MiB"), "{}", e.message());

    let small = write(dir.path(), "small.txt", "十个字节以上的文本".as_bytes());
    let e = read_document_with_limit(&small, 10).unwrap_err();
    assert!(
        e.message().contains("small.txt") && e.message().contains("10 bytes"),
        "{}",
        e.message()
    );
    assert!(read_document_with_limit(&small, 100).is_ok());
}

#[test]
fn import_never_panics_on_odd_bytes() {
    let samples: [&[u8]; 8] = [
        b"\xFF\xFE",
        b"\xFE\xFF\xD8\x00",
        b"\xEF\xBB\xBF",
        b"---\n",
        b"<",
        b"| a |\n|---|\n",
        b"```\n",
        b"\x1b[31m\x1b[0m\x1b\x1b\x1b\x1b",
    ];
    for (i, s) in samples.iter().enumerate() {
        for name in ["x.txt", "x.md", "x"] {
            if let Ok(doc) = parse_document(name, s) {
                assert_invariants(&doc);
            }
            let _ = i;
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any bytes, under any name: an error or a document that keeps the invariants, never a panic.
    #[test]
    fn import_arbitrary_bytes_keep_invariants(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        for name in ["x.txt", "x.md", "x"] {
            if let Ok(doc) = parse_document(name, &bytes) {
                assert_invariants(&doc);
            }
        }
    }

    /// Markdown-ish text made of the characters that drive the parsers.
    #[test]
    fn import_markdownish_text_keeps_invariants(text in "([-#>*|`:<>{}/\\[\\]()!\"'=a-zA-Z0-9 大模型。，\u{301}\u{3000}\t\r\n]|import |```|---\n|<Card|:label:`x`){0,120}") {
        let doc = zhaji::import::parse_pasted(&text);
        assert_invariants(&doc);
        if let Ok(doc) = parse_document("p.md", text.as_bytes()) {
            assert_invariants(&doc);
        }
    }
}

#[test]
fn a_generated_file_name_gives_way_to_the_first_line_as_title() {
    let seed = crate::corpus_or_skip!("seed/000_4b857f83adbe41b1.txt");
    let doc = zhaji::import::read_document(&seed).unwrap();
    assert_eq!(doc.meta.title, "“面向AI时代,所有应用都值得用大模型重做一遍。”");
    let d = zhaji::import::parse_document(
        "我的笔记.txt",
        "第一行很长很长，是一个句子。\n第二行。".as_bytes(),
    )
    .unwrap();
    assert_eq!(d.meta.title, "我的笔记");
}
