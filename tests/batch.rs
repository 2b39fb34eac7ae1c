//! Importing many documents at once: each document all or nothing inside shared transactions,
//! results in order, and index rows that search exactly as the ones the triggers write.

use crate::library::doc;
use zhaji::import::Document;
use zhaji::*;

/// (kind, article, passage) of every hit of `q`, sorted.
fn hits(lib: &Library, q: &str) -> Vec<(HitKind, Id, Option<u32>)> {
    let r = lib.search(q, &SearchOptions { limit: 200, offset: 0 }).unwrap();
    let mut out: Vec<_> = r
        .groups
        .iter()
        .flat_map(|g| g.hits.iter().map(move |h| (g.kind, h.article_id, h.passage_ordinal)))
        .collect();
    out.sort_by_key(|(k, a, p)| (format!("{k:?}"), *a, *p));
    out
}

/// Adds a trigger to the library file that refuses any passage containing 毒药 ("poison"): a
/// failure in the middle of writing a document, after some of its rows are in.
fn poison_passages(path: &std::path::Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER poison BEFORE INSERT ON passage WHEN NEW.text LIKE '%毒药%'
             BEGIN SELECT RAISE(ABORT, 'poisoned passage'); END;",
        )
        .unwrap();
}

/// One document failing (in the database, or before it) leaves nothing of it and spoils none
/// of the others written in the same transaction; duplicates inside one call are found.
#[test]
fn each_document_is_all_or_nothing_inside_a_shared_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let mut lib = Library::open(&path).unwrap();
    poison_passages(&path);
    let a = doc("算力的账本", &["算力、场景、文本的堆砌归根结底是一个钱字。", "第二段"]);
    let results = lib.import_documents(vec![
        (a.clone(), None),
        (doc("中毒", &["第一段没有问题 unique-ok-word", "这一段有毒药"]), None),
        (doc("空", &["  ", "\n"]), None),
        (a, None),
        (doc("Scaling laws", &["Compute budgets and distillation."]), None),
    ]);
    assert_eq!(results.len(), 5);
    let first = results[0].as_ref().unwrap();
    assert_eq!(first.status, ImportStatus::Imported);
    let e = results[1].as_ref().unwrap_err();
    assert!(e.message().contains("poisoned passage"), "{e}");
    let e = results[2].as_ref().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    let dup = results[3].as_ref().unwrap();
    assert_eq!(dup.status, ImportStatus::AlreadyPresent);
    assert_eq!(dup.article.id, first.article.id);
    let last = results[4].as_ref().unwrap();
    assert_eq!(last.status, ImportStatus::Imported);

    let titles: Vec<String> =
        lib.articles(&ListOptions::default()).unwrap().into_iter().map(|a| a.meta.title).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles.contains(&"算力的账本".to_owned()) && titles.contains(&"Scaling laws".to_owned())
    );
    let raw = rusqlite::Connection::open(&path).unwrap();
    let left: i64 = raw
        .query_row(
            "SELECT count(*) FROM passage WHERE text LIKE '%第一段没有问题%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the failed document's first passage was undone");
    // Its index rows were never written; the others' were, titles included.
    assert!(hits(&lib, "unique-ok-word").is_empty());
    assert!(hits(&lib, "中毒").is_empty());
    let id = first.article.id;
    assert_eq!(hits(&lib, "钱字"), vec![(HitKind::Passage, id, Some(0))]);
    assert_eq!(hits(&lib, "钱"), vec![(HitKind::Passage, id, Some(0))]);
    assert_eq!(hits(&lib, "账本"), vec![(HitKind::Title, id, None)]);
    assert_eq!(hits(&lib, "distillation"), vec![(HitKind::Passage, last.article.id, Some(0))]);
}

/// Rows written by a bulk import find exactly what the triggers' rows find (trashing and
/// restoring an article rewrites them through the triggers) and what a rebuild's rows find.
#[test]
fn bulk_index_rows_search_as_the_triggers_rows_do() {
    let mut lib = Library::open_in_memory().unwrap();
    let docs: Vec<(Document, Option<String>)> = (0..30)
        .map(|i| {
            let paras = [
                format!("第{i}篇：大模型的训练成本，GPT-3 的参数，算力与數據。"),
                format!("Article {i} on inference costs; 钱 and 蒸馏 in one line."),
                "同一段落出现在每一篇里。".to_owned(),
            ];
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            (doc(&format!("文章 {i} 开源"), &refs), None)
        })
        .collect();
    let ids: Vec<Id> =
        lib.import_documents(docs).into_iter().map(|r| r.unwrap().article.id).collect();
    let queries =
        ["大模型", "数据", "钱", "蒸", "gpt-3", "inference", "开源", "文章", "同一段落", "第7篇"];
    let before: Vec<_> = queries.iter().map(|q| hits(&lib, q)).collect();
    assert_eq!(before[0].len(), 30);
    assert_eq!(before[1].len(), 30, "Traditional 數據 is found by 数据");
    assert_eq!(before[9].len(), 1);
    for &id in &ids {
        lib.delete(ItemRef { kind: ItemKind::Article, id }).unwrap();
    }
    assert!(queries.iter().all(|q| hits(&lib, q).is_empty()));
    for &id in &ids {
        lib.restore(ItemRef { kind: ItemKind::Article, id }).unwrap();
    }
    let after: Vec<_> = queries.iter().map(|q| hits(&lib, q)).collect();
    assert_eq!(before, after);
    lib.reindex().unwrap();
    let rebuilt: Vec<_> = queries.iter().map(|q| hits(&lib, q)).collect();
    assert_eq!(before, rebuilt);
}

/// More text than one transaction takes: every document is imported and found, in order.
#[test]
fn an_import_larger_than_a_batch_is_complete_and_in_order() {
    let mut lib = Library::open_in_memory().unwrap();
    // 90 documents of ~100 KB: more than two batches of 4 MB of text.
    let para = "长文本的段落，用来填满一批。".repeat(40);
    let docs: Vec<(Document, Option<String>)> = (0..90)
        .map(|i| {
            let mut paras: Vec<String> = (0..60).map(|k| format!("{k} {para}")).collect();
            paras.push(format!("marker{i}"));
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            (doc(&format!("第{i}篇"), &refs), None)
        })
        .collect();
    let results = lib.import_documents(docs);
    assert_eq!(results.len(), 90);
    for (i, r) in results.iter().enumerate() {
        let o = r.as_ref().unwrap();
        assert_eq!(o.article.meta.title, format!("第{i}篇"));
        assert_eq!(hits(&lib, &format!("marker{i}")).len(), 1, "marker{i}");
    }
    // Several transactions' worth: the index is to be merged into one (what a library does
    // while idle), once.
    assert!(lib.merge_index().unwrap() > 0);
    assert_eq!(lib.merge_index().unwrap(), 0);
    for i in 0..90 {
        assert_eq!(hits(&lib, &format!("marker{i}")).len(), 1, "marker{i} after merging");
    }
}

/// Files that cannot be read are reported in their place, named; the rest are imported.
#[test]
fn import_files_reports_each_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("好.md");
    std::fs::write(&good, "# 算力\n\n归根结底是一个钱字。\n").unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0]).unwrap();
    let missing = dir.path().join("missing.txt");
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "Compute is the new oil.\n").unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let paths = vec![good.clone(), binary.clone(), missing.clone(), other.clone(), good];
    let r = lib.import_files(&paths, &mut |_| true);
    assert_eq!(r.len(), 5);
    assert_eq!(r[0].as_ref().unwrap().article.meta.title, "算力");
    for (i, p) in [(1, &binary), (2, &missing)] {
        let e = r[i].as_ref().unwrap_err();
        assert!(e.message().contains(&p.display().to_string()), "{e}");
    }
    assert_eq!(r[3].as_ref().unwrap().status, ImportStatus::Imported);
    assert_eq!(r[4].as_ref().unwrap().status, ImportStatus::AlreadyPresent);
    // Stopping before the third file keeps the first two results only.
    let mut lib = Library::open_in_memory().unwrap();
    let r = lib.import_files(&paths, &mut |i| i < 2);
    assert_eq!(r.len(), 2);
    assert_eq!(lib.articles(&ListOptions::default()).unwrap().len(), 1);
}

/// An update that fails half way through a batch is undone whole, its index rows included: the
/// article keeps its old text, found by search as before, and its highlight; the other file of
/// the batch is imported.
#[test]
fn a_failed_update_in_a_batch_leaves_the_article_and_its_index_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let article = dir.path().join("账本.md");
    std::fs::write(&article, "# 账本\n\n算力、场景、文本的堆砌归根结底是一个钱字。\n\n第二段。\n")
        .unwrap();
    let mut lib = Library::open(&path).unwrap();
    let id = lib.import_file(&article).unwrap().article.id;
    let spec = HighlightSpec {
        article_id: id,
        range: None,
        quote: Some("钱字".into()),
        occurrence: None,
        color: Color::Yellow,
        tags: vec![],
        note: None,
    };
    lib.create_highlight(&spec).unwrap();
    poison_passages(&path);
    // A new version: its first passages are written before the poisoned one fails.
    std::fs::write(
        &article,
        "# 账本\n\n新的第一段 fresh-words。\n\n算力、场景、文本的堆砌归根结底是一个钱字。\n\n毒药。\n",
    )
    .unwrap();
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "Compute budgets, distillation and 蒸馏。\n").unwrap();
    let r = lib.import_files(&[article.clone(), other], &mut |_| true);
    assert!(r[0].as_ref().unwrap_err().message().contains("poisoned passage"), "{:?}", r[0]);
    assert_eq!(r[1].as_ref().unwrap().status, ImportStatus::Imported);
    let a = lib.article(id).unwrap();
    assert_eq!(a.passages.len(), 3, "the old text is kept (heading and two paragraphs)");
    assert_eq!(a.highlights.len(), 1);
    assert_eq!(a.highlights[0].anchor.exact, "钱字");
    assert_eq!(a.highlights[0].anchor.status, AnchorStatus::Anchored);
    assert!(hits(&lib, "fresh-words").is_empty());
    assert_eq!(hits(&lib, "第二段"), vec![(HitKind::Passage, id, Some(2))]);
    let money = hits(&lib, "钱字");
    assert!(money.contains(&(HitKind::Passage, id, Some(1))), "{money:?}");
    assert_eq!(hits(&lib, "蒸馏").len(), 1);
}

/// Writes `n` small Chinese articles named `0.md`, `1.md`… into `dir`; gives their paths.
fn chinese_files(dir: &std::path::Path, n: usize) -> Vec<std::path::PathBuf> {
    (0..n)
        .map(|i| {
            let p = dir.join(format!("{i}.md"));
            std::fs::write(&p, format!("# 第{i}篇\n\n算力与模型 {i}\n")).unwrap();
            p
        })
        .collect()
}

/// Files chosen together report progress before each file, and a cancel stops them before the
/// next file is written; each file reached has its result, in order.
#[test]
fn import_paths_reports_progress_through_files_chosen_together_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let paths = chinese_files(dir.path(), 4);
    let mut lib = Library::open_in_memory().unwrap();
    let mut events = Vec::new();
    let results = lib.import_paths(&paths, &mut |p| {
        events.push(p.clone());
        true
    });
    assert_eq!(results.len(), 4);
    assert!(results.iter().all(|r| r.outcome.is_some() && r.error.is_none() && r.folder.is_none()));
    assert_eq!(results[2].outcome.as_ref().unwrap().article.meta.title, "第2篇");
    assert_eq!(results[2].path, paths[2].display().to_string());
    let folder = dir.path().display().to_string();
    let expected: Vec<ImportProgress> = (0..4)
        .map(|i| ImportProgress {
            folder: folder.clone(),
            done: i,
            total: 4,
            current: paths[i as usize].display().to_string(),
        })
        .collect();
    assert_eq!(events, expected);

    // Cancelled as the first file is about to be written: nothing is.
    let mut lib = Library::open_in_memory().unwrap();
    let results = lib.import_paths(&paths, &mut |_| false);
    assert!(results.is_empty(), "{results:?}");
    assert!(lib.articles(&ListOptions::default()).unwrap().is_empty());

    // Cancelled before the third: the first two are kept and reported.
    let mut lib = Library::open_in_memory().unwrap();
    let results = lib.import_paths(&paths, &mut |p| p.done < 2);
    assert_eq!(results.len(), 2);
    assert_eq!(lib.articles(&ListOptions::default()).unwrap().len(), 2);
}

#[test]
fn import_paths_stops_a_cancelled_folder_before_its_next_file() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("{i}.txt")), format!("第{i}篇\n\n算力与模型 {i}"))
            .unwrap();
    }
    let mut lib = Library::open_in_memory().unwrap();
    let mut seen = 0;
    let results = lib.import_paths(&[dir.path().to_owned()], &mut |p| {
        seen += 1;
        assert_eq!(p.total, 5);
        false
    });
    assert_eq!(results.len(), 1);
    let report = results[0].folder.as_ref().unwrap();
    assert!(report.cancelled, "{report:?}");
    assert_eq!(report.imported, 0, "{report:?}");
    assert_eq!(seen, 1);
    assert!(lib.articles(&ListOptions::default()).unwrap().is_empty());
}

/// Files and folders mixed: the runs of files between folders are imported together, each
/// folder on its own with its report, a path that cannot be read fails alone, and the results
/// keep the order of the paths. A cancel inside a folder starts no later path.
#[test]
fn import_paths_takes_runs_of_files_together_and_folders_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let loose = dir.path().join("散篇");
    std::fs::create_dir(&loose).unwrap();
    let files = chinese_files(&loose, 3);
    let folder = dir.path().join("文件夹");
    std::fs::create_dir_all(folder.join("子目录")).unwrap();
    std::fs::write(folder.join("甲.md"), "# 甲\n\n芯片的价格。\n").unwrap();
    std::fs::write(folder.join("子目录").join("乙.txt"), "乙\n\n数据中心的电费。").unwrap();
    let missing = loose.join("不存在.md");
    let paths =
        vec![files[0].clone(), folder.clone(), missing.clone(), files[1].clone(), files[2].clone()];

    let mut lib = Library::open_in_memory().unwrap();
    let mut events: Vec<ImportProgress> = Vec::new();
    let results = lib.import_paths(&paths, &mut |p| {
        events.push(p.clone());
        true
    });
    let shown = |p: &std::path::Path| p.display().to_string();
    // One run for the first file, one for the folder, one for the three paths after it.
    let runs: Vec<(String, u32)> =
        events.iter().filter(|e| e.done == 0).map(|e| (e.folder.clone(), e.total)).collect();
    assert_eq!(runs, [(shown(&loose), 1), (shown(&folder), 2), (shown(&loose), 3)]);
    assert_eq!(events.len(), 6, "{events:?}");
    assert_eq!(
        results.iter().map(|r| r.path.clone()).collect::<Vec<_>>(),
        paths.iter().map(|p| shown(p)).collect::<Vec<_>>()
    );
    assert_eq!(results[0].outcome.as_ref().unwrap().status, ImportStatus::Imported);
    let report = results[1].folder.as_ref().unwrap();
    assert_eq!((report.found, report.imported, report.cancelled), (2, 2, false), "{report:?}");
    assert!(results[1].outcome.is_none() && results[1].error.is_none());
    let error = results[2].error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::Io, "{error:?}");
    assert!(error.message.contains("不存在.md"), "{error:?}");
    assert!(results[2].outcome.is_none());
    assert!(results[3].outcome.is_some() && results[4].outcome.is_some());
    assert_eq!(lib.articles(&ListOptions::default()).unwrap().len(), 5);

    // A cancel inside a folder leaves the paths after it untouched.
    let mut lib = Library::open_in_memory().unwrap();
    let results =
        lib.import_paths(&[folder.clone(), files[0].clone()], &mut |p| p.folder != shown(&folder));
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(results[0].folder.as_ref().unwrap().cancelled);
    assert!(lib.articles(&ListOptions::default()).unwrap().is_empty());
}
