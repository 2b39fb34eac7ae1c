//! The library façade on real SQLite files: articles, passages, highlights, tags, notes, trash.

use zhaji::import::{Block, Document};
use zhaji::*;

fn block(kind: PassageKind, text: &str) -> Block {
    Block {
        kind,
        level: if kind == PassageKind::Heading { 1 } else { 0 },
        text: text.into(),
        links: vec![],
    }
}

pub fn doc(title: &str, paras: &[&str]) -> Document {
    Document {
        meta: ArticleMeta { title: title.into(), ..Default::default() },
        blocks: paras.iter().map(|p| block(PassageKind::Paragraph, p)).collect(),
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

fn temp_lib() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("sub/library.db")).unwrap();
    (dir, lib)
}

const ZH: [&str; 3] = [
    "算力、场景、文本的堆砌归根结底是一个钱字。",
    "早在2018年，谷歌便提出超大规模预训练语言模型BERT。",
    "𠮷野家的😀表情与大模型无关。",
];

fn range(lib: &mut Library, id: Id, s: u32, e: u32, color: Color, tags: &[&str]) -> Highlight {
    lib.create_highlight(&HighlightSpec {
        article_id: id,
        range: Some((s, e)),
        quote: None,
        occurrence: None,
        color,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: None,
    })
    .unwrap()
}

#[test]
fn a_new_library_file_is_created_with_its_folder_and_reopens_with_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/library.db");
    let id;
    {
        let mut lib = Library::open(&path).unwrap();
        assert!(lib.is_new());
        id = lib.import_document(doc("标题", &ZH), None).unwrap().article.id;
        range(&mut lib, id, 0, 2, Color::Blue, &["topic/算力"]);
    }
    let lib = Library::open(&path).unwrap();
    assert!(!lib.is_new());
    let a = lib.article(id).unwrap();
    assert_eq!(a.summary.meta.title, "标题");
    assert_eq!(a.highlights.len(), 1);
    assert_eq!(a.highlights[0].anchor.exact, "算力");
    assert_eq!(a.highlights[0].tags, vec!["topic/算力"]);
}

#[test]
fn passages_join_with_one_newline_and_offsets_count_code_points() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let a = lib.article(id).unwrap();
    assert_eq!(a.text, ZH.join("\n"));
    assert_eq!(a.passages.len(), 3);
    for p in &a.passages {
        assert_eq!(
            text::slice_chars(&a.text, p.start as usize, p.end as usize),
            Some(p.text.as_str())
        );
    }
    // 𠮷 is one code point (two UTF-16 units).
    let p = &a.passages[2];
    assert_eq!(p.end - p.start, ZH[2].chars().count() as u32);
    let h = range(&mut lib, id, p.start, p.start + 1, Color::Yellow, &[]);
    assert_eq!(h.anchor.exact, "𠮷");
    assert_eq!(a.summary.chars, a.text.chars().count() as u32);
}

#[test]
fn assembling_drops_empty_blocks_and_collapses_white_space_outside_code() {
    let (_d, mut lib) = temp_lib();
    let mut d = doc("t", &["  one \n two  ", "   ", "three"]);
    d.blocks.push(block(PassageKind::Code, "fn main() {\n    x\n}\n"));
    let id = lib.import_document(d, None).unwrap().article.id;
    let a = lib.article(id).unwrap();
    let texts: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["one two", "three", "fn main() {\n    x\n}"]);
}

#[test]
fn a_document_without_text_is_refused_and_leaves_nothing() {
    let (_d, mut lib) = temp_lib();
    let err = lib.import_document(doc("t", &["   ", ""]), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(lib.articles(&ListOptions::default()).unwrap().is_empty());
}

#[test]
fn importing_the_same_text_twice_returns_the_existing_article() {
    let (_d, mut lib) = temp_lib();
    let a = lib.import_document(doc("t", &ZH), None).unwrap();
    let b = lib.import_document(doc("other title", &ZH), None).unwrap();
    assert_eq!(a.status, ImportStatus::Imported);
    assert_eq!(b.status, ImportStatus::AlreadyPresent);
    assert_eq!(a.article.id, b.article.id);
    assert_eq!(lib.articles(&ListOptions::default()).unwrap().len(), 1);
}

#[test]
fn overlapping_highlights_stay_distinct() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let a = range(&mut lib, id, 0, 8, Color::Yellow, &[]);
    let b = range(&mut lib, id, 3, 12, Color::Pink, &[]);
    let c = range(&mut lib, id, 3, 12, Color::Blue, &[]);
    let art = lib.article(id).unwrap();
    let ids: Vec<Id> = art.highlights.iter().map(|h| h.id).collect();
    assert_eq!(ids, vec![a.id, b.id, c.id]);
    assert_eq!(art.highlights[1].anchor.exact, "场景、文本的堆砌归");
    assert_eq!(art.summary.highlight_count, 3);
}

#[test]
fn a_highlight_across_passages_keeps_the_newline_in_its_quote() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let a = lib.article(id).unwrap();
    let (s, e) = (a.passages[0].end - 3, a.passages[1].start + 4);
    let h = range(&mut lib, id, s, e, Color::Green, &[]);
    assert_eq!(h.anchor.exact, "一个钱字。\n早在20".replace("一个", ""));
}

#[test]
fn bad_ranges_and_quotes_are_refused_clearly() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let mut spec = HighlightSpec {
        article_id: id,
        range: Some((5, 5)),
        quote: None,
        occurrence: None,
        color: Color::Yellow,
        tags: vec![],
        note: None,
    };
    assert_eq!(lib.create_highlight(&spec).unwrap_err().kind(), ErrorKind::InvalidInput);
    spec.range = Some((0, 100_000));
    assert_eq!(lib.create_highlight(&spec).unwrap_err().kind(), ErrorKind::InvalidInput);
    spec.article_id = 999;
    spec.range = Some((0, 1));
    let e = lib.create_highlight(&spec).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.message().contains("999"), "{e}");
    spec.article_id = id;
    spec.range = None;
    spec.quote = Some("不存在的句子".into());
    assert_eq!(lib.create_highlight(&spec).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(lib.article(id).unwrap().highlights.len(), 0);
}

#[test]
fn a_failed_highlight_leaves_no_tag_behind() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let spec = HighlightSpec {
        article_id: id,
        range: Some((0, 2)),
        quote: None,
        occurrence: None,
        color: Color::Yellow,
        tags: vec!["ok".into(), "  / ".into()],
        note: None,
    };
    assert!(lib.create_highlight(&spec).is_err());
    assert!(lib.tags().unwrap().is_empty());
}

#[test]
fn nested_tags_filter_articles_with_their_children_and_rename_merges() {
    let (_d, mut lib) = temp_lib();
    let a = lib.import_document(doc("a", &ZH[..1]), None).unwrap().article.id;
    let b = lib.import_document(doc("b", &ZH[1..2]), None).unwrap().article.id;
    let c = lib.import_document(doc("c", &ZH[2..]), None).unwrap().article.id;
    range(&mut lib, a, 0, 2, Color::Yellow, &["topic/算力"]);
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: b }, " #topic / 数据 ").unwrap();
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: c }, "topical").unwrap();
    let titles = |lib: &Library, tag: &str| -> Vec<String> {
        let opts = ListOptions { sort: SortBy::Title, ascending: true, tag: Some(tag.into()) };
        lib.articles(&opts).unwrap().into_iter().map(|a| a.meta.title).collect()
    };
    assert_eq!(titles(&lib, "topic"), ["a", "b"]);
    assert_eq!(titles(&lib, "topic/数据"), ["b"]);
    assert_eq!(titles(&lib, "topical"), ["c"]);

    lib.rename_tag("topic/算力", "topic/数据").unwrap(); // merge
    let tags = lib.tags().unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["topic/数据", "topical"]);
    assert_eq!((tags[0].highlight_count, tags[0].article_count), (1, 1));

    lib.rename_tag("topic", "主题").unwrap(); // children move too
    assert_eq!(titles(&lib, "主题"), ["a", "b"]);
    assert!(lib.rename_tag("主题", "主题/子").is_err());
    assert_eq!(lib.rename_tag("nope", "x").unwrap_err().kind(), ErrorKind::NotFound);
    lib.set_tag_color("主题/数据", Some("#c0392b")).unwrap();
    assert_eq!(
        lib.set_tag_color("主题/数据", Some("red")).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let tags = lib.tags().unwrap();
    let t = tags.iter().find(|t| t.name == "主题/数据").unwrap();
    assert_eq!(t.color.as_deref(), Some("#c0392b"));
    lib.remove_tag(ItemRef { kind: ItemKind::Article, id: b }, "主题/数据").unwrap();
    assert_eq!(titles(&lib, "主题"), ["a"]);
}

#[test]
fn notes_on_articles_highlights_and_passages() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let h = range(&mut lib, id, 0, 2, Color::Yellow, &[]);
    lib.set_article_note(id, "整篇的**批注**").unwrap();
    lib.set_highlight_note(h.id, "第一版").unwrap();
    let n = lib.set_highlight_note(h.id, "第二版\n- 列表").unwrap().unwrap();
    let a = lib.article(id).unwrap();
    let p = &a.passages[1];
    let pn = lib.add_passage_note(id, p.start, p.end, "段落批注").unwrap();
    let a = lib.article(id).unwrap();
    assert_eq!(a.highlights[0].note.as_ref().unwrap().body, "第二版\n- 列表");
    assert_eq!(
        a.highlights[0].note.as_ref().unwrap().id,
        n.id,
        "one note per highlight, edited in place"
    );
    assert_eq!(a.notes.len(), 2);
    assert_eq!(a.notes[0].target, NoteTarget::Article);
    match &a.notes[1].target {
        NoteTarget::Passage { anchor } => assert_eq!(anchor.exact, ZH[1]),
        t => panic!("wrong target {t:?}"),
    }
    assert_eq!(a.summary.note_count, 3);
    // An empty body removes the note to the trash, from where it comes back.
    assert_eq!(lib.set_highlight_note(h.id, "  ").unwrap(), None);
    assert!(lib.article(id).unwrap().highlights[0].note.is_none());
    lib.restore(ItemRef { kind: ItemKind::Note, id: n.id }).unwrap();
    assert_eq!(lib.highlight(h.id).unwrap().note.unwrap().body, "第二版\n- 列表");
    assert_eq!(lib.edit_note(pn.id, "").unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(lib.edit_note(pn.id, "改过").unwrap().body, "改过");
}

#[test]
fn restoring_a_note_when_a_new_one_exists_keeps_both_texts() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let old = lib.set_article_note(id, "旧的").unwrap().unwrap();
    lib.delete(ItemRef { kind: ItemKind::Note, id: old.id }).unwrap();
    lib.set_article_note(id, "新的").unwrap();
    lib.restore(ItemRef { kind: ItemKind::Note, id: old.id }).unwrap();
    let a = lib.article(id).unwrap();
    assert_eq!(a.notes.len(), 1);
    assert_eq!(a.notes[0].body, "新的\n\n旧的");
    assert!(lib.trash().unwrap().is_empty());
}

#[test]
fn deleting_goes_to_a_trash_that_restores_everything() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("文章", &ZH), None).unwrap().article.id;
    let h = range(&mut lib, id, 0, 2, Color::Yellow, &["topic/算力"]);
    lib.set_highlight_note(h.id, "批注").unwrap();
    let art = ItemRef { kind: ItemKind::Article, id };
    lib.delete(art).unwrap();
    assert!(lib.articles(&ListOptions::default()).unwrap().is_empty());
    assert_eq!(lib.article(id).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(lib.highlight(h.id).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(lib.tags().unwrap()[0].highlight_count, 0);
    let trash = lib.trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].label, "文章");
    assert!(lib.delete(art).is_err(), "deleting twice is an error");
    lib.restore(art).unwrap();
    let a = lib.article(id).unwrap();
    assert_eq!(a.highlights[0].note.as_ref().unwrap().body, "批注");

    let hl = ItemRef { kind: ItemKind::Highlight, id: h.id };
    lib.delete(hl).unwrap();
    assert_eq!(lib.article(id).unwrap().highlights.len(), 0);
    assert_eq!(lib.trash().unwrap()[0].article_title.as_deref(), Some("文章"));
    lib.restore(hl).unwrap();
    assert_eq!(lib.article(id).unwrap().highlights[0].tags, vec!["topic/算力"]);

    let tag_id = lib.tags().unwrap()[0].id;
    lib.delete(ItemRef { kind: ItemKind::Tag, id: tag_id }).unwrap();
    assert!(lib.article(id).unwrap().highlights[0].tags.is_empty());
    lib.restore(ItemRef { kind: ItemKind::Tag, id: tag_id }).unwrap();
    assert_eq!(lib.article(id).unwrap().highlights[0].tags, vec!["topic/算力"]);

    lib.delete(hl).unwrap();
    lib.delete(art).unwrap();
    assert_eq!(lib.empty_trash().unwrap(), 2);
    assert!(lib.trash().unwrap().is_empty());
    assert_eq!(lib.restore(art).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn metadata_is_editable_and_titles_cannot_be_emptied() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let patch = ArticleMetaPatch {
        title: Some("新标题".into()),
        author: Some("吴坤谚".into()),
        published: Some("2023-04-11".into()),
        ..Default::default()
    };
    let s = lib.set_article_meta(id, &patch).unwrap();
    assert_eq!(s.meta.title, "新标题");
    assert_eq!(s.meta.author.as_deref(), Some("吴坤谚"));
    let clear = ArticleMetaPatch { author: Some(String::new()), ..Default::default() };
    assert_eq!(lib.set_article_meta(id, &clear).unwrap().meta.author, None);
    let empty = ArticleMetaPatch { title: Some(" ".into()), ..Default::default() };
    assert_eq!(lib.set_article_meta(id, &empty).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn articles_sort_by_title_with_chinese_and_english() {
    let (_d, mut lib) = temp_lib();
    for (i, t) in ["b title", "算力", "A title"].iter().enumerate() {
        lib.import_document(doc(t, &[&format!("text {i}")]), None).unwrap();
    }
    let opts = ListOptions { sort: SortBy::Title, ascending: true, tag: None };
    let titles: Vec<String> =
        lib.articles(&opts).unwrap().into_iter().map(|a| a.meta.title).collect();
    // CLDR's Chinese order: Han characters (by pinyin) before Latin letters (without case).
    assert_eq!(titles, ["算力", "A title", "b title"]);
}

#[test]
fn titles_sort_by_pinyin_and_numbers_by_value_and_follow_a_retitle() {
    let (_d, mut lib) = temp_lib();
    let titles =
        ["字节跳动", "第100篇", "腾讯", "第2篇", "阿里巴巴", "第10篇", "百度", "Zebra", "apple"];
    let mut ids = Vec::new();
    for (i, t) in titles.iter().enumerate() {
        ids.push(lib.import_document(doc(t, &[&format!("正文 {i}")]), None).unwrap().article.id);
    }
    let list = |lib: &Library, ascending: bool| -> Vec<String> {
        let opts = ListOptions { sort: SortBy::Title, ascending, tag: None };
        lib.articles(&opts).unwrap().into_iter().map(|a| a.meta.title).collect()
    };
    let want =
        ["阿里巴巴", "百度", "第2篇", "第10篇", "第100篇", "腾讯", "字节跳动", "apple", "Zebra"];
    assert_eq!(list(&lib, true), want);
    let mut rev = want.to_vec();
    rev.reverse();
    assert_eq!(list(&lib, false), rev);
    // A new title takes its new place.
    let patch = ArticleMetaPatch { title: Some("阿波罗".into()), ..Default::default() };
    lib.set_article_meta(ids[0], &patch).unwrap();
    assert_eq!(list(&lib, true)[0], "阿波罗");
}

#[test]
fn tags_list_by_pinyin_with_parents_before_children() {
    let (_d, mut lib) = temp_lib();
    let id = lib.import_document(doc("标题", &["正文"]), None).unwrap().article.id;
    for t in
        ["actor/字节跳动", "actor/百度", "actor/阿里巴巴", "topic/第10章", "topic/第2章", "actor"]
    {
        lib.add_tag(ItemRef { kind: ItemKind::Article, id }, t).unwrap();
    }
    let names: Vec<String> = lib.tags().unwrap().into_iter().map(|t| t.name).collect();
    let want =
        ["actor", "actor/阿里巴巴", "actor/百度", "actor/字节跳动", "topic/第2章", "topic/第10章"];
    assert_eq!(names, want);
}

#[test]
fn rows_carry_an_excerpt_and_reading_progress_that_marks_read_at_the_end() {
    let (_d, mut lib) = temp_lib();
    let long = "算力".repeat(80);
    let id = lib.import_document(doc("标题", &[&long, "第二段"]), None).unwrap().article.id;
    let row = |lib: &Library| lib.articles(&ListOptions::default()).unwrap().remove(0);
    let r = row(&lib);
    assert_eq!(r.excerpt.chars().count(), 90);
    assert!(r.excerpt.starts_with("算力算力"));
    assert_eq!((r.read_percent, r.read_at.is_none()), (0, true));
    let updated = r.updated_at.clone();
    lib.set_read_progress(id, 0.4).unwrap();
    // The furthest point is kept; reading is not a change to the article.
    lib.set_read_progress(id, 0.2).unwrap();
    let r = row(&lib);
    assert_eq!((r.read_percent, r.read_at.is_none()), (40, true));
    assert_eq!(r.updated_at, updated);
    let r = lib.set_read_progress(id, 1.0).unwrap();
    assert_eq!(r.read_percent, 100);
    assert!(r.read_at.is_some());
    let r = lib.set_read(id, false).unwrap();
    assert_eq!((r.read_percent, r.read_at), (0, None));
    assert!(lib.set_read(id, true).unwrap().read_at.is_some());
    assert!(lib.set_read_progress(id, f64::NAN).is_err());
    assert_eq!(lib.set_read(999, true).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn data_version_changes_when_another_process_writes() {
    let (_dir, lib) = temp_lib();
    let path = lib.path().unwrap().to_owned();
    let v0 = lib.data_version().unwrap();
    let mut other = Library::open(&path).unwrap();
    let id = other.import_document(doc("别人的", &["正文二"]), None).unwrap().article.id;
    let v1 = lib.data_version().unwrap();
    assert_ne!(v1, v0);
    other.add_tag(ItemRef { kind: ItemKind::Article, id }, "actor/百度").unwrap();
    assert_ne!(lib.data_version().unwrap(), v1);
    let names: Vec<String> = lib.tags().unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["actor/百度"]);
}

#[test]
fn colour_labels_have_defaults_and_can_be_renamed() {
    let (_d, mut lib) = temp_lib();
    assert_eq!(lib.color_labels().unwrap()[2].label, "claim");
    lib.set_color_label(Color::Blue, "论点").unwrap();
    assert_eq!(lib.color_labels().unwrap()[2].label, "论点");
    assert!(lib.set_color_label(Color::Blue, "a\nb").is_err());
    lib.set_color_label(Color::Blue, "").unwrap();
    assert_eq!(lib.color_labels().unwrap()[2].label, "claim");
}

#[test]
fn a_file_that_is_not_a_library_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    std::fs::write(&path, b"this is not a database, just some text that is long enough to matter")
        .unwrap();
    let err = Library::open(&path).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::Database);
    assert!(err.message().contains("library.db"), "{err}");
    assert!(
        err.message().contains("not a Zhaji library") || err.message().contains("damaged"),
        "{err}"
    );
    // Nothing was overwritten.
    assert!(std::fs::read(&path).unwrap().starts_with(b"this is not a database"));
}

#[test]
fn a_library_from_a_newer_zhaji_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    drop(Library::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA user_version = 999").unwrap();
    }
    let err = Library::open(&path).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::Database);
    assert!(err.message().contains("newer Zhaji"), "{err}");
}

#[test]
fn a_locked_library_gives_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut lib = Library::open(&path).unwrap();
    let id = lib.import_document(doc("t", &ZH), None).unwrap().article.id;
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = lib.set_article_note(id, "while locked").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Database);
    assert!(err.message().contains("locked"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    lib.set_article_note(id, "after").unwrap();
    assert_eq!(lib.article(id).unwrap().notes[0].body, "after");
}

#[test]
fn exporting_the_whole_library_writes_what_exporting_each_article_writes() {
    let (d, mut lib) = temp_lib();
    let a = lib.import_document(doc("甲：标题", &ZH), None).unwrap().article.id;
    let b = lib
        .import_document(doc("乙", &["English text about compute.", "Second."]), None)
        .unwrap()
        .article
        .id;
    let c = lib.import_document(doc("丙", &["没有划线的文章。"]), None).unwrap().article.id;
    let h = range(&mut lib, a, 0, 2, Color::Blue, &["topic/算力"]);
    lib.set_highlight_note(h.id, "批注").unwrap();
    let gone = range(&mut lib, a, 3, 5, Color::Pink, &[]);
    lib.set_highlight_note(gone.id, "删掉的划线的批注").unwrap();
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: gone.id }).unwrap();
    range(&mut lib, b, 0, 7, Color::Green, &[]);
    lib.set_article_note(b, "article note").unwrap();
    lib.add_passage_note(b, 0, 7, "margin").unwrap();
    let all = d.path().join("all");
    let one = d.path().join("one");
    let everything = ExportOptions { all: true, ..Default::default() };
    let report = lib.export_markdown(&all, &everything).unwrap();
    assert_eq!(report.files.len(), 3);
    for id in [a, b, c] {
        lib.export_markdown(&one, &ExportOptions { articles: vec![id], ..Default::default() })
            .unwrap();
    }
    for f in &report.files {
        let name = std::path::Path::new(&f.path).file_name().unwrap();
        let x = std::fs::read_to_string(&f.path).unwrap();
        let y = std::fs::read_to_string(one.join(name)).unwrap();
        assert_eq!(x, y, "{name:?}");
    }
    let first = std::fs::read_to_string(&report.files[0].path).unwrap();
    assert!(first.contains("批注") && !first.contains("删掉的划线的批注"), "{first}");

    // By default only the articles with a highlight or a note: 丙 has neither.
    let some = d.path().join("some");
    let report = lib.export_markdown(&some, &ExportOptions::default()).unwrap();
    let ids: Vec<Id> = report.files.iter().map(|f| f.article_id).collect();
    assert_eq!(ids, [a, b]);
    let notes = std::fs::read_dir(&some).unwrap().flatten();
    assert_eq!(notes.filter(|e| !e.file_name().to_string_lossy().starts_with('.')).count(), 2);
    let _ = c;
}

#[test]
fn an_export_speaks_the_readers_language_and_keeps_the_users_colour_names() {
    let (d, mut lib) = temp_lib();
    let a = lib.import_document(doc("甲", &ZH), None).unwrap().article.id;
    range(&mut lib, a, 0, 2, Color::Yellow, &[]);
    range(&mut lib, a, 3, 5, Color::Blue, &[]);
    lib.set_color_label(Color::Blue, "我的论断").unwrap();
    lib.set_article_note(a, "总评").unwrap();
    let zh = ExportOptions { lang: zhaji::export::ExportLang::Zh, ..Default::default() };
    let report = lib.export_markdown(&d.path().join("zh"), &zh).unwrap();
    let md = std::fs::read_to_string(&report.files[0].path).unwrap();
    for want in ["## 文章笔记", "## 划线", "**要点**", "**我的论断**"] {
        assert!(md.contains(want), "{want} in {md}");
    }
    assert!(!md.contains("key point") && !md.contains("## Highlights"), "{md}");
    let report = lib.export_markdown(&d.path().join("en"), &ExportOptions::default()).unwrap();
    let md = std::fs::read_to_string(&report.files[0].path).unwrap();
    assert!(md.contains("## Highlights") && md.contains("**key point**"), "{md}");
}

/// A highlight made by range reads only the passages around it: its quote and its 32 characters
/// of context on each side must still be exactly those of the whole text, across passages of
/// every length (CJK, Extension B, emoji, empty-looking short lines).
#[test]
fn a_highlight_by_range_keeps_the_same_context_as_the_whole_text_gives() {
    let (_d, mut lib) = temp_lib();
    let paras = [
        "短。",
        ZH[0],
        "a",
        ZH[1],
        ZH[2],
        "第二段很长：大模型的训练成本居高不下，算力、数据与能源共同决定了谁能留在牌桌上。",
        "x",
        ZH[0],
    ];
    let id = lib.import_document(doc("窗口", &paras), None).unwrap().article.id;
    let chars: Vec<char> = lib.article(id).unwrap().text.chars().collect();
    let n = chars.len() as u32;
    let ctx = 32usize;
    for start in (0..n - 1).step_by(3) {
        for len in [1u32, 2, 7, 40] {
            let end = (start + len).min(n);
            let (s, e) = (start as usize, end as usize);
            let exact: String = chars[s..e].iter().collect();
            if exact.trim().is_empty() {
                continue;
            }
            let h = range(&mut lib, id, start, end, Color::Green, &[]);
            assert_eq!(h.anchor.exact, exact, "{start}..{end}");
            let prefix: String = chars[s.saturating_sub(ctx)..s].iter().collect();
            let suffix: String = chars[e..(e + ctx).min(chars.len())].iter().collect();
            assert_eq!(h.anchor.prefix, prefix, "{start}..{end}");
            assert_eq!(h.anchor.suffix, suffix, "{start}..{end}");
            assert_eq!((h.anchor.start, h.anchor.end), (start, end));
        }
    }
}

/// Passages are written as one JSON array: every character must come back as it went in,
/// JSON's own specials and control characters included.
#[test]
fn passages_keep_every_character_through_the_store() {
    let (_d, mut lib) = temp_lib();
    let paras = [
        "引号\"与反斜杠\\，制表\t符，\u{1}控制\u{7f}字符",
        "空字符\u{0}在中间，\u{2028}行分隔\u{2029}段分隔",
        "表情😀与𠮷，以及 </script> 和 {\"json\": [1, 2]}",
    ];
    let id = lib.import_document(doc("字符", &paras), None).unwrap().article.id;
    let a = lib.article(id).unwrap();
    let texts: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
    // Runs of white space (tab, U+2028, U+2029) become one space; nothing else changes.
    assert_eq!(
        texts,
        [
            "引号\"与反斜杠\\，制表 符，\u{1}控制\u{7f}字符",
            "空字符\u{0}在中间， 行分隔 段分隔",
            "表情😀与𠮷，以及 </script> 和 {\"json\": [1, 2]}",
        ]
    );
}

/// A tag renamed onto a name in the trash takes that tag out of the trash and merges into it;
/// a taxonomy entry whose new name is already a tag merges the same way (one rule for both).
#[test]
fn renaming_a_tag_merges_into_an_existing_one_even_from_the_trash() {
    let (_d, mut lib) = temp_lib();
    let a =
        lib.import_document(doc("百度的一年", &["百度发布了文心一言。", "算力成本很高。"]), None);
    let a = a.unwrap().article.id;
    let first = range(&mut lib, a, 0, 2, Color::Blue, &["actor/百度"]);
    let second = range(&mut lib, a, 11, 13, Color::Blue, &["旧/算力"]);
    range(&mut lib, a, 13, 15, Color::Blue, &["topic/算力"]);
    let trashed = lib.tags().unwrap().into_iter().find(|t| t.name == "topic/算力").unwrap();
    lib.delete(ItemRef { kind: ItemKind::Tag, id: trashed.id }).unwrap();

    lib.rename_tag("旧", "topic").unwrap();
    let tags = lib.tags().unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["actor/百度", "topic/算力"]);
    assert_eq!(tags[1].id, trashed.id, "the tag from the trash is the one kept");
    assert_eq!(tags[1].highlight_count, 2);
    assert_eq!(lib.highlight(second.id).unwrap().tags, ["topic/算力"]);

    // The bundled entry actor/baidu is tagged actor/百度; renaming it onto a tag the user
    // already has merges the two.
    range(&mut lib, a, 4, 8, Color::Green, &["actor/百度集团"]);
    let e = lib
        .edit_taxonomy_entry(
            "actor/baidu",
            &EntryPatch { zh: Some("百度集团".into()), ..Default::default() },
        )
        .unwrap();
    assert_eq!(e.tag, "actor/百度集团");
    let tags = lib.tags().unwrap();
    let baidu: Vec<_> = tags.iter().filter(|t| t.name.starts_with("actor/")).collect();
    assert_eq!(baidu.len(), 1, "{tags:?}");
    assert_eq!((baidu[0].name.as_str(), baidu[0].highlight_count), ("actor/百度集团", 2));
    assert_eq!(lib.highlight(first.id).unwrap().tags, ["actor/百度集团"]);
}

/// The tag tree's counts leave out what is in the trash (a highlight, an article with its
/// highlights, a highlight trashed inside a trashed article counted out once) and come back
/// with it when it is restored.
#[test]
fn tag_counts_leave_out_the_trash_each_thing_once() {
    let (_d, mut lib) = temp_lib();
    let a = lib.import_document(doc("算力的账本", &ZH), None).unwrap().article.id;
    let b = lib.import_document(doc("芯片", &["芯片与算力的关系"]), None).unwrap().article.id;
    let counts = |lib: &Library| -> Vec<(String, u32, u32)> {
        lib.tags()
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.highlight_count, t.article_count))
            .collect()
    };
    let h1 = range(&mut lib, a, 0, 2, Color::Yellow, &["topic/算力", "actor/谷歌"]);
    range(&mut lib, a, 3, 5, Color::Pink, &["topic/算力"]);
    let h3 = range(&mut lib, b, 0, 2, Color::Blue, &["topic/算力"]);
    range(&mut lib, b, 3, 5, Color::Blue, &["topic/算力"]);
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: b }, "topic/算力").unwrap();
    let both = vec![("actor/谷歌".to_owned(), 1, 0), ("topic/算力".to_owned(), 4, 1)];
    assert_eq!(counts(&lib), both);
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: h1.id }).unwrap();
    assert_eq!(
        counts(&lib),
        vec![("actor/谷歌".to_owned(), 0, 0), ("topic/算力".to_owned(), 3, 1)]
    );
    // A highlight trashed, then its article: it is left out once, not twice.
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: h3.id }).unwrap();
    lib.delete(ItemRef { kind: ItemKind::Article, id: b }).unwrap();
    assert_eq!(
        counts(&lib),
        vec![("actor/谷歌".to_owned(), 0, 0), ("topic/算力".to_owned(), 1, 0)]
    );
    lib.restore(ItemRef { kind: ItemKind::Article, id: b }).unwrap();
    lib.restore(ItemRef { kind: ItemKind::Highlight, id: h3.id }).unwrap();
    lib.restore(ItemRef { kind: ItemKind::Highlight, id: h1.id }).unwrap();
    assert_eq!(counts(&lib), both);
}
