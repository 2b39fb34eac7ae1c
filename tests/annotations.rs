//! Highlights from other tools: each format's fixture (tests/data/annotations) imported onto a
//! library of the three fixture articles — what matched, by what, what was a duplicate, what
//! became an unmatched import; attaching one; the W3C Web Annotation export checked against the
//! W3C's own JSON Schemas, and its round trip.

use std::path::{Path, PathBuf};
use zhaji::annotations::{Format, MatchedBy, Outcome};
use zhaji::{ArticleMetaPatch, Color, HighlightSpec, Id, Library};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/annotations").join(name)
}

/// A library of the three fixture articles: 大模型时代 (张三), Deep Reading (Ann Lee) and 芯片战争
/// (at https://example.com/chips), in that order.
fn library() -> (Library, [Id; 3]) {
    let mut lib = Library::open_in_memory().unwrap();
    let mut ids = [0; 3];
    let metas = [
        ("大模型时代.md", Some("张三"), None),
        ("deep-reading.md", Some("Ann Lee"), None),
        ("芯片战争.md", None, Some("https://example.com/chips")),
    ];
    for (i, (file, author, url)) in metas.into_iter().enumerate() {
        let o = lib.import_file(&data(&format!("articles/{file}"))).unwrap();
        ids[i] = o.article.id;
        let patch = ArticleMetaPatch {
            author: author.map(str::to_owned),
            url: url.map(str::to_owned),
            ..Default::default()
        };
        lib.set_article_meta(o.article.id, &patch).unwrap();
    }
    (lib, ids)
}

fn highlight_texts(lib: &Library, id: Id) -> Vec<String> {
    lib.article(id).unwrap().highlights.iter().map(|h| h.anchor.exact.clone()).collect()
}

#[test]
fn kindle_clippings_in_both_locales_with_notes_bookmarks_and_repeats() {
    let (mut lib, [zh, en, _]) = library();
    let r = lib.import_annotation_file(&data("My Clippings.txt"), None).unwrap();
    assert_eq!(r.format, Format::Kindle);
    // The repeated clipping counts once, the bookmark not at all, the note is on its highlight.
    assert_eq!((r.matched, r.duplicates, r.orphans), (3, 0, 1), "{r:#?}");
    let by: Vec<_> = r.items.iter().map(|i| (i.outcome, i.matched_by)).collect();
    assert_eq!(
        by,
        [
            (Outcome::Matched, Some(MatchedBy::Title)),
            (Outcome::Matched, Some(MatchedBy::Title)),
            (Outcome::Matched, Some(MatchedBy::Search)),
            (Outcome::Orphan, None),
        ]
    );
    let a = lib.article(zh).unwrap();
    assert_eq!(a.highlights.len(), 1);
    let h = &a.highlights[0];
    assert_eq!(h.anchor.exact, "算力是新的电力，谁掌握了算力，谁就掌握了下一轮增长的开关。");
    assert_eq!(h.note.as_ref().unwrap().body, "比喻贴切。");
    assert_eq!(h.created_at, "2023-04-11T10:30:00Z");
    let a = lib.article(en).unwrap();
    assert_eq!(a.highlights[0].note.as_ref().unwrap().body, "True for me.");
    assert_eq!(a.highlights[0].created_at, "2023-04-11T22:30:00Z");
    assert_eq!(
        highlight_texts(&lib, en),
        [
            "Attention is the scarce resource of our age",
            "Slow reading is not a luxury; it is how understanding is built."
        ]
    );
    let orphans = lib.unmatched_imports().unwrap();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].quote, "这本书不在库里。");
    assert_eq!(orphans[0].title.as_deref(), Some("不存在的书"));
    assert_eq!(orphans[0].author.as_deref(), Some("王五"));
    assert_eq!(orphans[0].created.as_deref(), Some("2023-04-13T15:05:09Z"));

    // The same file again adds nothing: every entry is a duplicate.
    let again = lib.import_annotation_file(&data("My Clippings.txt"), None).unwrap();
    assert_eq!((again.matched, again.duplicates, again.orphans), (0, 4, 0));
    assert_eq!(lib.unmatched_imports().unwrap().len(), 1);
    assert_eq!(highlight_texts(&lib, zh).len(), 1);
}

/// The imported highlights and notes are in the search index (written in one go at the end of
/// the import) exactly as ones made in the app are: found by their words, each once.
#[test]
fn imported_highlights_and_notes_are_found_by_search() {
    let (mut lib, [zh, en, _]) = library();
    lib.import_annotation_file(&data("My Clippings.txt"), None).unwrap();
    let opts = zhaji::SearchOptions { limit: 50, offset: 0 };
    let hits = |lib: &Library, q: &str| -> Vec<(zhaji::HitKind, Id)> {
        let r = lib.search(q, &opts).unwrap();
        r.groups.iter().flat_map(|g| &g.hits).map(|h| (h.kind, h.article_id)).collect()
    };
    assert_eq!(hits(&lib, "新的电力 in:highlights"), [(zhaji::HitKind::Highlight, zh)]);
    assert_eq!(hits(&lib, "比喻贴切 in:notes"), [(zhaji::HitKind::Note, zh)]);
    assert_eq!(hits(&lib, "scarce in:highlights"), [(zhaji::HitKind::Highlight, en)]);
    // A highlight made in the app afterwards is indexed as usual.
    let spec = HighlightSpec {
        article_id: en,
        range: None,
        quote: Some("Attention".into()),
        occurrence: None,
        color: Color::Blue,
        tags: vec![],
        note: Some("注意力稀缺".into()),
    };
    lib.create_highlight(&spec).unwrap();
    assert_eq!(hits(&lib, "注意力稀缺 in:notes"), [(zhaji::HitKind::Note, en)]);
    // Rebuilding the index finds the same.
    lib.reindex().unwrap();
    assert_eq!(hits(&lib, "新的电力 in:highlights"), [(zhaji::HitKind::Highlight, zh)]);
}

#[test]
fn an_unmatched_import_is_attached_to_the_article_the_reader_names() {
    let (mut lib, [zh, _, _]) = library();
    let entry = zhaji::annotations::Entry {
        quote: "开源模型让小团队也能参与竞争".into(),
        note: Some("小团队的机会".into()),
        tags: vec!["开源".into()],
        title: Some("某本别的书".into()),
        ..Default::default()
    };
    let r = lib.import_annotations(Format::Kindle, &[entry]).unwrap();
    // Found by searching its words: the title names no article.
    assert_eq!(r.items[0].matched_by, Some(MatchedBy::Search));
    let missing = zhaji::annotations::Entry {
        quote: "一句库里没有的话".into(),
        title: Some("某本别的书".into()),
        ..Default::default()
    };
    let r = lib.import_annotations(Format::Kindle, &[missing]).unwrap();
    let id = r.items[0].unmatched_id.unwrap();
    let e = lib.attach_unmatched(id, zh).unwrap_err();
    assert!(e.message().contains("does not contain"), "{e}");
    // Still waiting; after the article gains the words, it attaches.
    assert_eq!(lib.unmatched_imports().unwrap().len(), 1);
    let o = lib.import_pasted("# 补充\n\n这里有一句库里没有的话，现在有了。").unwrap();
    let h = lib.attach_unmatched(id, o.article.id).unwrap();
    assert_eq!(h.anchor.exact, "一句库里没有的话");
    assert!(lib.unmatched_imports().unwrap().is_empty());
    assert!(lib.attach_unmatched(id, o.article.id).is_err());
}

#[test]
fn readwise_csv_with_quoted_commas_and_line_breaks() {
    let (mut lib, [zh, en, _]) = library();
    let r = lib.import_annotation_file(&data("readwise.csv"), None).unwrap();
    assert_eq!(r.format, Format::Readwise);
    assert_eq!((r.matched, r.duplicates, r.orphans), (2, 0, 1), "{r:#?}");
    let h = &lib.article(zh).unwrap().highlights[0];
    assert_eq!(h.color, Color::Blue);
    assert_eq!(h.tags, ["数据", "模型"]);
    assert_eq!(h.note.as_ref().unwrap().body, "关键论点");
    assert_eq!(h.created_at, "2023-04-11T10:30:00Z");
    let h = &lib.article(en).unwrap().highlights[0];
    assert_eq!(h.color, Color::Pink);
    assert_eq!(h.note.as_ref().unwrap().body, "Margins, then notes.");
    assert_eq!(lib.unmatched_imports().unwrap()[0].quote, "A line of a book\nwe do not have");
}

#[test]
fn weread_highlights_and_thoughts() {
    let (mut lib, [zh, _, _]) = library();
    let r = lib.import_annotation_file(&data("weread.txt"), None).unwrap();
    assert_eq!(r.format, Format::Weread);
    assert_eq!((r.matched, r.duplicates, r.orphans), (3, 0, 0), "{r:#?}");
    let a = lib.article(zh).unwrap();
    let got: Vec<(String, Option<String>)> = a
        .highlights
        .iter()
        .map(|h| (h.anchor.exact.clone(), h.note.as_ref().map(|n| n.body.clone())))
        .collect();
    assert_eq!(
        got,
        [
            (
                "算力是新的电力，谁掌握了算力，谁就掌握了下一轮增长的开关。".into(),
                Some("这个比喻很好。".into())
            ),
            ("开源模型让小团队也能参与竞争".into(), None),
            ("但推理成本仍然是一道门槛。".into(), Some("推理成本才是真正的门槛。".into())),
        ]
    );
    assert_eq!(a.highlights[2].created_at, "2023-04-11T00:00:00Z");
    assert_eq!(r.items[0].location.as_deref(), Some("第一章 算力"));
}

#[test]
fn hypothesis_rows_by_url_with_tags_and_times() {
    let (mut lib, [_, _, chips]) = library();
    let r = lib.import_annotation_file(&data("hypothesis.json"), None).unwrap();
    assert_eq!(r.format, Format::Hypothesis);
    assert_eq!((r.matched, r.duplicates, r.orphans), (1, 0, 1), "{r:#?}");
    assert_eq!(r.items[0].matched_by, Some(MatchedBy::Url));
    let h = &lib.article(chips).unwrap().highlights[0];
    assert_eq!((h.anchor.start, h.anchor.end), (5, 20));
    assert_eq!(h.tags, ["制造", "芯片"]);
    assert_eq!(h.note.as_ref().unwrap().body, "值得记住");
    // Times in the library's own form (UTC, whole seconds).
    assert_eq!(h.created_at, "2023-04-11T10:30:00Z");
    assert_eq!(h.updated_at, "2023-04-12T09:00:00Z");
    // The page note keeps its words and address in the list.
    let u = &lib.unmatched_imports().unwrap()[0];
    assert_eq!(u.url.as_deref(), Some("https://example.org/elsewhere"));
    assert_eq!(u.note.as_deref(), Some("A page note on a page we never saved."));
}

#[test]
fn a_failed_import_leaves_nothing_behind() {
    let (mut lib, [zh, _, _]) = library();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"rows\": [ {\"uri\": ").unwrap();
    let e = lib.import_annotation_file(&bad, Some(Format::Hypothesis)).unwrap_err();
    assert!(e.message().contains("broken.json"), "{e}");
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "只是一段文字。\n").unwrap();
    let e = lib.import_annotation_file(&plain, None).unwrap_err();
    assert!(e.message().contains("--as"), "{e}");
    assert!(highlight_texts(&lib, zh).is_empty());
    assert!(lib.unmatched_imports().unwrap().is_empty());
}

/// Highlights with notes, tags and colours on two articles (one with a URL, one without).
fn highlighted(lib: &mut Library, [zh, _, chips]: [Id; 3]) {
    let specs = [
        (zh, "算力是新的电力", Color::Green, vec!["算力"], Some("新电力")),
        (zh, "数据是燃料", Color::Yellow, vec![], None),
        (zh, "推理成本", Color::Purple, vec!["成本", "topic/推理"], None),
        (chips, "光刻机", Color::Blue, vec![], Some("精密 & <设备>")),
    ];
    for (article, quote, color, tags, note) in specs {
        lib.create_highlight(&HighlightSpec {
            article_id: article,
            range: None,
            quote: Some(quote.into()),
            occurrence: Some(1),
            color,
            tags: tags.into_iter().map(str::to_owned).collect(),
            note: note.map(str::to_owned),
        })
        .unwrap();
    }
}

/// The exported annotations of a folder of `.jsonld` files.
fn exported(dir: &Path) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        assert_eq!(f.extension().unwrap(), "jsonld", "{}", f.display());
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["first"]["type"], "AnnotationPage");
        out.extend(v["first"]["items"].as_array().unwrap().iter().cloned());
    }
    out
}

#[test]
fn web_annotation_round_trip_keeps_highlights_notes_tags_colours_and_times() {
    let (mut a, ids) = library();
    highlighted(&mut a, ids);
    let dir = tempfile::tempdir().unwrap();
    let report = a.export_web_annotations(dir.path(), &[]).unwrap();
    assert_eq!((report.files.len(), report.annotations), (2, 4));
    let items = exported(dir.path());
    let mut motivations: Vec<&str> =
        items.iter().map(|i| i["motivation"].as_str().unwrap()).collect();
    motivations.sort();
    assert_eq!(motivations, ["commenting", "commenting", "highlighting", "tagging"]);
    // Only the chosen article with --article.
    let one = tempfile::tempdir().unwrap();
    let r = a.export_web_annotations(one.path(), &[ids[2]]).unwrap();
    assert_eq!(r.annotations, 1);

    let (mut b, ids_b) = library();
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let r = b.import_annotation_file(&f.unwrap().path(), None).unwrap();
        assert_eq!(r.format, Format::WebAnnotation);
        assert_eq!((r.duplicates, r.orphans), (0, 0), "{r:#?}");
    }
    let key = |lib: &Library, id: Id| -> Vec<_> {
        lib.article(id)
            .unwrap()
            .highlights
            .into_iter()
            .map(|h| {
                let note = h.note.map(|n| n.body);
                (h.anchor, h.color, h.tags, note, h.created_at, h.updated_at)
            })
            .collect()
    };
    for (x, y) in ids.iter().zip(ids_b) {
        assert_eq!(key(&a, *x), key(&b, y));
    }
    // Importing the export into the library it came from finds only duplicates.
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let r = a.import_annotation_file(&f.unwrap().path(), None).unwrap();
        assert_eq!(r.matched, 0);
    }
}

/// The W3C's conformance schemas for Web Annotations (`../shared/conformance/web-annotation`):
/// under CI=true their absence fails the test; elsewhere it says SKIPPED.
fn conformance() -> Option<PathBuf> {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/web-annotation");
    if root.join("annotations/annotationMusts.test").exists() {
        return Some(root);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the W3C conformance schemas are missing: {} (CI=true requires them)",
            root.display()
        );
    }
    eprintln!(
        "SKIPPED: the W3C conformance schemas are missing ({}); this test did not run",
        root.display()
    );
    None
}

#[test]
fn every_exported_annotation_meets_the_w3c_musts() {
    let Some(root) = conformance() else { return };
    let (mut lib, ids) = library();
    highlighted(&mut lib, ids);
    // A margin note too: an annotation of its own.
    let text = lib.article(ids[0]).unwrap().text;
    let start = text.find("推理成本").map(|b| text[..b].chars().count()).unwrap() as u32;
    lib.add_passage_note(ids[0], start, start + 4, "边注：成本").unwrap();
    // And a note on a whole article: its source is its target, with no selector.
    lib.set_article_note(ids[1], "An article note.").unwrap();
    let dir = tempfile::tempdir().unwrap();
    lib.export_web_annotations(dir.path(), &[]).unwrap();
    let items = exported(dir.path());
    assert_eq!(items.len(), 6);
    assert_eq!(items.iter().filter(|i| i["target"].is_string()).count(), 1);

    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let mut options = jsonschema::options().with_draft(jsonschema::Draft::Draft4);
    for f in std::fs::read_dir(root.join("definitions")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = f.file_name().unwrap().to_str().unwrap().to_owned();
        options = options.with_resource(
            format!("json-schema:///{name}"),
            jsonschema::Resource::from_contents(read(&f)),
        );
    }
    let musts = read(&root.join("annotations/annotationMusts.test"));
    let assertions = musts["assertions"].as_array().unwrap();
    assert!(assertions.len() > 40);
    // The schemas do catch a broken annotation: one without its context and with a number for
    // its id fails some must.
    let mut broken = items[0].clone();
    broken.as_object_mut().unwrap().remove("@context");
    broken["id"] = serde_json::json!(7);
    let mut caught = 0;
    for a in assertions {
        let schema = read(&root.join(a.as_str().unwrap()));
        if !options.build(&schema).unwrap().is_valid(&broken) {
            caught += 1;
        }
    }
    assert!(caught >= 2, "{caught}");
    for a in assertions {
        let schema = read(&root.join(a.as_str().unwrap()));
        assert_eq!(schema["expectedResult"], "valid", "{a}");
        let validator =
            options.build(&schema).unwrap_or_else(|e| panic!("cannot compile {a}: {e}"));
        for item in &items {
            let errors: Vec<String> = validator.iter_errors(item).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{a} fails on {item:#}: {errors:?}");
        }
    }
}

#[test]
fn the_command_line_imports_annotation_files_by_content_or_as_told() {
    use crate::cli::ok;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let db = db.as_path();
    let arts: Vec<String> = ["大模型时代.md", "deep-reading.md", "芯片战争.md"]
        .iter()
        .map(|f| data(&format!("articles/{f}")).display().to_string())
        .collect();
    let clippings = data("My Clippings.txt").display().to_string();
    let mut args: Vec<&str> = vec!["import", "--json"];
    args.extend(arts.iter().map(String::as_str));
    args.push(&clippings);
    // Articles and clippings in one command: the clippings come last and land on the articles.
    let out: serde_json::Value = serde_json::from_str(&ok(db, &args)).unwrap();
    let list = out.as_array().unwrap();
    assert_eq!(list.len(), 4);
    let report = &list[3]["annotations"];
    assert_eq!(list[3]["path"], clippings.as_str());
    assert_eq!((report["matched"].as_u64(), report["orphans"].as_u64()), (Some(3), Some(1)));
    assert_eq!(report["items"][3]["outcome"], "orphan");

    // A file named outright: 微信读书 notes under a name that says nothing.
    let renamed = dir.path().join("notes.txt");
    std::fs::copy(data("weread.txt"), &renamed).unwrap();
    let text = ok(db, &["import", "--as", "weread", renamed.to_str().unwrap()]);
    assert!(text.contains("3 highlights (weread): 2 matched, 1 duplicates, 0 unmatched"), "{text}");

    let list: serde_json::Value =
        serde_json::from_str(&ok(db, &["orphans", "imported", "--json"])).unwrap();
    assert_eq!(list[0]["quote"], "这本书不在库里。");
    assert!(ok(db, &["orphans", "imported"]).contains("unmatched 1 [kindle] (不存在的书)"));

    let out = dir.path().join("wa");
    let text = ok(db, &["export", "--format", "web-annotation", "--out", out.to_str().unwrap()]);
    assert!(text.contains("5 annotations in 2 files"), "{text}");
    let e = crate::cli::fails(db, &["import", "--as", "kobo", &clippings]);
    assert!(e.contains("unknown annotation format"), "{e}");
}

/// A margin note (a note on words without a highlight) goes out as a Web Annotation that
/// comments and paints nothing, meets the W3C's schemas, and comes back as a margin note on
/// the same words, once.
#[test]
fn margin_notes_go_out_as_web_annotations_and_come_back() {
    let (mut a, [zh, _, _]) = library();
    let text = a.article(zh).unwrap().text;
    let start = text.find("数据是燃料").map(|b| text[..b].chars().count()).unwrap() as u32;
    a.add_passage_note(zh, start, start + 5, "燃料之喻，见第二章").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = a.export_web_annotations(dir.path(), &[]).unwrap();
    assert_eq!(report.annotations, 1);
    let items = exported(dir.path());
    assert_eq!(items[0]["motivation"], "commenting");
    assert_eq!(items[0]["body"][0]["value"], "燃料之喻，见第二章");
    assert_eq!(items[0]["target"]["selector"][0]["exact"], "数据是燃料");
    assert!(items[0]["target"].get("styleClass").is_none());
    // Its conformance is checked with the highlights' in `every_exported_annotation_…`.

    let (mut b, [zh_b, _, _]) = library();
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let r = b.import_annotation_file(&f.unwrap().path(), None).unwrap();
        assert_eq!((r.matched, r.duplicates, r.orphans), (1, 0, 0), "{r:#?}");
        let again = b.import_annotation_file(&f_path(dir.path()), None).unwrap();
        assert_eq!((again.matched, again.duplicates), (0, 1));
    }
    let back = b.article(zh_b).unwrap();
    assert!(back.highlights.is_empty(), "a margin note is no highlight");
    let notes: Vec<_> = back
        .notes
        .iter()
        .filter_map(|n| match &n.target {
            zhaji::NoteTarget::Passage { anchor } => {
                Some((anchor.start, anchor.end, n.body.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(notes, [(start, start + 5, "燃料之喻，见第二章".to_string())]);
}

fn f_path(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir).unwrap().next().unwrap().unwrap().path()
}

/// The article's own note goes out as a comment on the article's source with no selector, and
/// comes back as the article's note (added after a note the article already has, once).
#[test]
fn article_notes_go_out_as_web_annotations_and_come_back() {
    let (mut a, [zh, en, _]) = library();
    let zh_note = a.set_article_note(zh, "全文的要点：算力即成本。").unwrap().unwrap();
    a.set_article_note(en, "Read it twice.").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = a.export_web_annotations(dir.path(), &[]).unwrap();
    assert_eq!(report.annotations, 2);
    for item in exported(dir.path()) {
        assert_eq!(item["motivation"], "commenting");
        assert!(item["target"].is_string(), "{item:#}");
        assert_eq!(item["body"][0]["purpose"], "commenting");
    }

    let (mut b, [zh_b, en_b, _]) = library();
    b.set_article_note(en_b, "My own note.").unwrap();
    let files: Vec<PathBuf> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    for f in &files {
        let r = b.import_annotation_file(f, None).unwrap();
        assert_eq!((r.matched, r.duplicates, r.orphans), (1, 0, 0), "{r:#?}");
    }
    for f in &files {
        let r = b.import_annotation_file(f, None).unwrap();
        assert_eq!((r.matched, r.duplicates, r.orphans), (0, 1, 0), "{r:#?}");
    }
    let note_of = |lib: &Library, id: Id| {
        let article = lib.article(id).unwrap();
        let notes: Vec<_> = article
            .notes
            .into_iter()
            .filter(|n| matches!(n.target, zhaji::NoteTarget::Article))
            .collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        notes.into_iter().next().unwrap()
    };
    let back = note_of(&b, zh_b);
    assert_eq!(back.body, "全文的要点：算力即成本。");
    assert_eq!(back.created_at, zh_note.created_at);
    assert_eq!(note_of(&b, en_b).body, "My own note.\n\nRead it twice.");
    assert!(b.article(zh_b).unwrap().highlights.is_empty());
}
