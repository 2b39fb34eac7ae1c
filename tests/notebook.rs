//! The notebook: every highlight across the library, filtered, ordered and paged.

use zhaji::import::{Block, Document};
use zhaji::*;

fn doc(title: &str, paras: &[&str]) -> Document {
    Document {
        meta: ArticleMeta { title: title.into(), ..Default::default() },
        blocks: paras
            .iter()
            .map(|t| Block {
                kind: PassageKind::Paragraph,
                level: 0,
                text: t.to_string(),
                links: vec![],
            })
            .collect(),
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

fn hl(
    lib: &mut Library,
    article: Id,
    quote: &str,
    color: Color,
    tags: &[&str],
    note: Option<&str>,
) -> Id {
    lib.create_highlight(&HighlightSpec {
        article_id: article,
        range: None,
        quote: Some(quote.into()),
        occurrence: None,
        color,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: note.map(str::to_owned),
    })
    .unwrap()
    .id
}

/// Imports a document of `paras` titled `title`; gives the article's id.
fn import(lib: &mut Library, title: &str, paras: &[&str]) -> Id {
    lib.import_document(doc(title, paras), None).unwrap().article.id
}

fn ids(lib: &Library, f: &NotebookFilter) -> Vec<Id> {
    lib.notebook(f, 0, 100)
        .unwrap()
        .items
        .iter()
        .map(|e| e.highlight().unwrap().highlight.id)
        .collect()
}

#[test]
fn the_notebook_filters_by_tag_colour_claim_article_note_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let a = lib
        .import_document(
            doc(
                "算力的账本",
                &["算力、场景、文本的堆砌归根结底是一个钱字。", "训练成本逐年下降。"],
            ),
            None,
        )
        .unwrap()
        .article
        .id;
    let b = lib
        .import_document(doc("芯片 chips", &["AI 芯片的竞争越来越激烈。", "模型蒸馏与数据"]), None)
        .unwrap()
        .article
        .id;
    let h1 = hl(&mut lib, a, "一个钱字", Color::Pink, &["topic/算力/成本"], Some("钱是**关键**"));
    let h2 = hl(&mut lib, a, "训练成本", Color::Yellow, &[], None);
    let h3 = hl(&mut lib, b, "芯片的竞争", Color::Blue, &["actor/百度"], Some("对手"));
    let h4 = hl(&mut lib, b, "模型蒸馏", Color::Pink, &[], None);
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: b }, "topic/芯片").unwrap();

    let all = NotebookFilter::default();
    assert_eq!(ids(&lib, &all), vec![h4, h3, h2, h1], "newest first");
    let page = lib.notebook(&all, 0, 100).unwrap();
    assert_eq!(page.total, 4);
    let second = page.items[1].highlight().unwrap();
    assert_eq!(second.article_title, "芯片 chips");
    assert_eq!(second.highlight.note.as_ref().map(|n| n.body.as_str()), Some("对手"));
    assert_eq!(second.highlight.tags, vec!["actor/百度".to_string()]);
    // By article: newest article first, each in reading order.
    let by_article = NotebookFilter { sort: NotebookSort::Article, ..Default::default() };
    assert_eq!(ids(&lib, &by_article), vec![h3, h4, h1, h2]);
    // A tag counts for its children, on the highlight or on its article.
    let tag = |t: &str| NotebookFilter { tags: vec![t.into()], ..Default::default() };
    assert_eq!(ids(&lib, &tag("topic/算力")), vec![h1]);
    assert_eq!(ids(&lib, &tag("topic")), vec![h4, h3, h1]);
    assert_eq!(ids(&lib, &tag("actor/百度")), vec![h3]);
    assert_eq!(ids(&lib, &tag("无此标签")), Vec::<Id>::new());
    // Colours, by the name the user gave them too.
    lib.set_color_label(Color::Pink, "反驳").unwrap();
    let pink = lib.color_named("反驳").unwrap();
    assert_eq!(pink, Color::Pink);
    assert_eq!(lib.color_named("blue").unwrap(), Color::Blue);
    assert_eq!(lib.color_named("赞成").unwrap_err().kind(), ErrorKind::InvalidInput);
    let colors = NotebookFilter { colors: vec![pink, Color::Blue], ..Default::default() };
    assert_eq!(ids(&lib, &colors), vec![h4, h3, h1]);
    // Notes, articles, claims.
    let noted = NotebookFilter { has_note: true, ..Default::default() };
    assert_eq!(ids(&lib, &noted), vec![h3, h1]);
    let of_a = NotebookFilter { article: Some(a), ..Default::default() };
    assert_eq!(ids(&lib, &of_a), vec![h2, h1]);
    let claim = lib.create_claim("算力决定一切").unwrap();
    lib.link_evidence(claim.id, h2, EvidenceRole::Supports, None).unwrap();
    lib.link_evidence(claim.id, h4, EvidenceRole::Opposes, None).unwrap();
    let of_claim = NotebookFilter { claim: Some(claim.id), ..Default::default() };
    assert_eq!(ids(&lib, &of_claim), vec![h4, h2]);
    // Dates: made on or after the day; a day that is not real is refused.
    let since = |d: &str| NotebookFilter { since: Some(d.into()), ..Default::default() };
    assert_eq!(ids(&lib, &since("2000-01-01")).len(), 4);
    assert!(ids(&lib, &since("2999-01-01")).is_empty());
    assert_eq!(
        lib.notebook(&since("2025-02-30"), 0, 10).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    // Filters combine; the trash is left out; pages do not overlap.
    let both = NotebookFilter { tags: vec!["topic".into()], has_note: true, ..Default::default() };
    assert_eq!(ids(&lib, &both), vec![h3, h1]);
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: h3 }).unwrap();
    assert_eq!(ids(&lib, &both), vec![h1]);
    lib.delete(ItemRef { kind: ItemKind::Article, id: a }).unwrap();
    assert_eq!(ids(&lib, &all), vec![h4]);
    lib.restore(ItemRef { kind: ItemKind::Article, id: a }).unwrap();
    let first = lib.notebook(&all, 0, 2).unwrap();
    let second = lib.notebook(&all, 2, 2).unwrap();
    assert_eq!((first.total, second.total, second.offset), (3, 3, 2));
    let paged: Vec<Id> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|e| e.highlight().unwrap().highlight.id)
        .collect();
    assert_eq!(paged, vec![h4, h2, h1]);

    // Exported as it is filtered: one file, a heading per article, the note kept as Markdown.
    lib.set_color_label(Color::Pink, "反驳").unwrap();
    let out = dir.path().join("out");
    let noted =
        NotebookFilter { has_note: true, sort: NotebookSort::Article, ..Default::default() };
    let path = lib.export_notebook(&out, "笔记本 · 有批注", &noted).unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(path.ends_with(".md"), "{path}");
    assert!(md.starts_with("# 笔记本 · 有批注\n\n## 算力的账本\n\n> 一个钱字\n\n^zh-"), "{md}");
    assert!(md.contains("**反驳** · #topic/算力/成本 · [↗ Zhaji](zhaji://highlight/"), "{md}");
    assert!(md.contains("钱是**关键**"), "{md}");
    assert!(!md.contains("训练成本") && !md.contains("模型蒸馏"), "{md}");
}

/// What an entry is, for comparing pages: `h<id>` for a highlight, `n<id>` for a note.
fn entries(lib: &Library, f: &NotebookFilter, offset: u32, limit: u32) -> Vec<String> {
    let page = lib.notebook(f, offset, limit).unwrap();
    page.items
        .iter()
        .map(|e| match e {
            NotebookEntry::Highlight(i) => format!("h{}", i.highlight.id),
            NotebookEntry::Note(n) => format!("n{}", n.note.id),
        })
        .collect()
}

#[test]
fn notes_on_articles_and_passages_appear_among_the_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let zh = import(
        &mut lib,
        "算力的账本",
        &["算力、场景、文本的堆砌归根结底是一个钱字。", "训练成本逐年下降。"],
    );
    let en = import(&mut lib, "Chips", &["The race for AI chips heats up.", "Distilled models."]);
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: zh }, "topic/算力").unwrap();
    // Times are kept to the second: wait for the next one where the order must tell them apart.
    let pause = || {
        let second = || {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        };
        let now = second();
        while second() == now {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let h1 = format!("h{}", hl(&mut lib, zh, "一个钱字", Color::Pink, &[], Some("钱是关键")));
    pause();
    let article_note = lib.set_article_note(zh, "一篇讲**算力成本**的文章").unwrap().unwrap();
    let zh_note = format!("n{}", article_note.id);
    // A passage note on 训练成本 (code points 22..26 of the text), in the second paragraph.
    let passage = lib.add_passage_note(zh, 22, 26, "成本的趋势").unwrap();
    let zh_passage = format!("n{}", passage.id);
    pause();
    let h2 = format!("h{}", hl(&mut lib, en, "AI chips", Color::Blue, &[], None));
    pause();
    let en_note =
        format!("n{}", lib.set_article_note(en, "Worth a *second* read.").unwrap().unwrap().id);
    // A note on a highlight is the highlight's, never an entry of its own.
    let with_notes = NotebookFilter { notes: true, ..Default::default() };
    assert_eq!(
        entries(&lib, &with_notes, 0, 100),
        vec![en_note.clone(), h2.clone(), zh_passage.clone(), zh_note.clone(), h1.clone()],
        "newest first"
    );
    let page = lib.notebook(&with_notes, 0, 100).unwrap();
    assert_eq!(page.total, 5);
    // A page shorter than the notes still counts them all.
    assert_eq!(lib.notebook(&with_notes, 0, 1).unwrap().total, 5);
    assert_eq!(lib.notebook(&with_notes, 3, 1).unwrap().total, 5);
    let NotebookEntry::Note(n) = &page.items[2] else { panic!("{:?}", page.items[2]) };
    assert_eq!((n.note.body.as_str(), n.article_title.as_str()), ("成本的趋势", "算力的账本"));
    assert!(matches!(&n.note.target, NoteTarget::Passage { anchor } if anchor.exact == "训练成本"));
    // Without the flag (the CLI, the export) only highlights.
    assert_eq!(entries(&lib, &NotebookFilter::default(), 0, 100), vec![h2.clone(), h1.clone()]);
    // By article: the later article first; in each, its note, then reading order.
    let by_article = NotebookFilter { sort: NotebookSort::Article, ..with_notes.clone() };
    assert_eq!(
        entries(&lib, &by_article, 0, 100),
        vec![en_note.clone(), h2.clone(), zh_note.clone(), h1.clone(), zh_passage.clone()]
    );
    // Pages of every size put together give the same list, in both orders.
    for f in [&with_notes, &by_article] {
        let whole = entries(&lib, f, 0, 100);
        for size in 1..=4u32 {
            let mut joined = Vec::new();
            for offset in (0..5).step_by(size as usize) {
                joined.extend(entries(&lib, f, offset, size));
            }
            assert_eq!(joined, whole, "pages of {size}");
        }
        assert!(entries(&lib, f, 5, 10).is_empty());
    }
    // The article's tag and the article filter hold for notes; colour and claim leave them out.
    let tagged = NotebookFilter { tags: vec!["topic".into()], ..with_notes.clone() };
    assert_eq!(
        entries(&lib, &tagged, 0, 100),
        vec![zh_passage.clone(), zh_note.clone(), h1.clone()]
    );
    let of_en = NotebookFilter { article: Some(en), ..with_notes.clone() };
    assert_eq!(entries(&lib, &of_en, 0, 100), vec![en_note.clone(), h2.clone()]);
    let blue = NotebookFilter { colors: vec![Color::Blue], ..with_notes.clone() };
    assert_eq!(entries(&lib, &blue, 0, 100), vec![h2.clone()]);
    let later = NotebookFilter { since: Some("2999-01-01".into()), ..with_notes.clone() };
    assert_eq!(lib.notebook(&later, 0, 100).unwrap().total, 0);
    // Exported as listed: the article's note under its heading, a passage's under its quote.
    let path = lib.export_notebook(&dir.path().join("out"), "笔记本", &by_article).unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    let at = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("{needle} in\n{md}"));
    assert!(
        at("## Chips") < at("Worth a *second* read.") && at("Worth a") < at("> AI chips"),
        "{md}"
    );
    assert!(at("## 算力的账本") < at("一篇讲**算力成本**的文章"), "{md}");
    assert!(at("> 一个钱字") < at("> 训练成本\n\n成本的趋势\n"), "{md}");
    assert_eq!(md.matches("](zhaji://note/").count(), 3, "{md}");
    // Notes in the trash, or of an article in the trash, are left out.
    lib.delete(ItemRef { kind: ItemKind::Note, id: passage.id }).unwrap();
    lib.delete(ItemRef { kind: ItemKind::Article, id: en }).unwrap();
    assert_eq!(entries(&lib, &with_notes, 0, 100), vec![zh_note, h1]);
}

/// A filter's count stops at the limit and says so, and every page is still there: the pages
/// read one after another up to a short one give every highlight the filter finds. Without a
/// filter the count is exact however many there are, and leaves out the trash.
#[test]
fn a_filtered_count_stops_at_its_limit_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let text = "算力的账本：数据、芯片、训练与推理的成本。".repeat(40);
    let a = import(&mut lib, "算力的账本", &[&text]);
    let b = import(&mut lib, "废弃的文章", &["将被删除的文章，算力也在其中。"]);
    let chars = lib.article(a).unwrap().summary.chars;
    let n = 1_010u32;
    for i in 0..n {
        let start = i % (chars - 4);
        lib.create_highlight(&HighlightSpec {
            article_id: a,
            range: Some((start, start + 3)),
            quote: None,
            occurrence: None,
            color: if i % 2 == 0 { Color::Pink } else { Color::Blue },
            tags: vec!["topic/算力".into()],
            note: None,
        })
        .unwrap();
    }
    let spec = HighlightSpec {
        article_id: a,
        range: Some((6, 8)),
        quote: None,
        occurrence: None,
        color: Color::Pink,
        tags: vec!["topic/算力".into()],
        note: None,
    };
    let gone = lib.create_highlight(&spec).unwrap().id;
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: gone }).unwrap();
    hl(&mut lib, b, "算力", Color::Pink, &["topic/算力"], None);
    lib.delete(ItemRef { kind: ItemKind::Article, id: b }).unwrap();

    let all = lib.notebook(&NotebookFilter::default(), 0, 10).unwrap();
    assert_eq!((all.total, all.total_exact), (n, true));
    let tagged = NotebookFilter { tags: vec!["topic".into()], ..Default::default() };
    let first = lib.notebook(&tagged, 0, 10).unwrap();
    assert_eq!((first.total, first.total_exact), (1_000, false));
    let mut seen = 0u32;
    loop {
        let page = lib.notebook(&tagged, seen, 500).unwrap();
        seen += page.items.len() as u32;
        if page.items.len() < 500 {
            break;
        }
    }
    assert_eq!(seen, n, "every tagged highlight, page after page");
    // Under the limit, exact.
    let pink = NotebookFilter { colors: vec![Color::Pink], ..Default::default() };
    let p = lib.notebook(&pink, 0, 10).unwrap();
    assert_eq!((p.total, p.total_exact), (n / 2, true));
    // The note on an article carrying the tag is one entry more.
    let with_notes = NotebookFilter { notes: true, ..tagged.clone() };
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: a }, "topic/算力").unwrap();
    lib.set_article_note(a, "读后：算力是门槛").unwrap();
    let page = lib.notebook(&with_notes, 0, 10).unwrap();
    assert_eq!((page.total, page.total_exact), (1_001, false));
}
