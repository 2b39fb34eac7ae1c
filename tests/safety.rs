//! A damaged library is never written to; backups are made, listed and restored.

use crate::cli::{fails, ok};
use crate::library::doc;
use std::path::{Path, PathBuf};
use zhaji::*;

const TITLE: &str = "算力的账本";
const QUOTE: &str = "归根结底是一个钱字";

/// A library file with Chinese articles (enough for a couple of hundred pages), a highlight
/// with a tag and a note, closed (so its log is copied into the file).
fn filled_library(path: &Path) -> (Id, Id) {
    let mut lib = Library::open(path).unwrap();
    let first = lib
        .import_document(doc(TITLE, &["算力、场景、文本的堆砌归根结底是一个钱字。"]), None)
        .unwrap()
        .article
        .id;
    let docs = (0..150)
        .map(|i| {
            let para = format!("第{i}篇：大模型的训练成本与推理芯片。").repeat(60);
            (doc(&format!("文章{i}"), &[&para]), None)
        })
        .collect();
    assert!(lib.import_documents(docs).iter().all(|r| r.is_ok()));
    let h = lib
        .create_highlight(&HighlightSpec {
            article_id: first,
            range: None,
            quote: Some(QUOTE.into()),
            occurrence: None,
            color: Color::Yellow,
            tags: vec!["主题/算力".into()],
            note: Some("钱是一切的尺度".into()),
        })
        .unwrap();
    (first, h.id)
}

/// Overwrites page 3 (of 4 KiB) with bytes that are no b-tree page, in a new file put in the
/// library's place (as a copy would be).
fn damage_page_3(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > 100 * 4096, "a library of {} bytes", bytes.len());
    let mut x = 0x2026_1206_u64;
    for b in &mut bytes[2 * 4096..3 * 4096] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn hash(path: &Path) -> String {
    zhaji::text::content_hash(&String::from_utf8_lossy(&std::fs::read(path).unwrap()))
}

/// The repro: a copied library with page 3 overwritten; `highlight` exits non-zero with
/// one line, and the file is byte for byte what it was.
#[test]
fn the_command_line_refuses_to_write_to_a_damaged_library() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("library.db");
    let (article, _) = filled_library(&original);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&original, &copy).unwrap();
    damage_page_3(&copy);
    let before = hash(&copy);
    let id = article.to_string();
    for args in [
        vec!["highlight", id.as_str(), "--quote", "一个钱字"],
        vec!["tag", "article", id.as_str(), "新标签"],
        vec!["note", "article", id.as_str(), "- 一条笔记"],
        vec!["backup"],
        vec!["reindex"],
    ] {
        let err = fails(&copy, &args);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("is damaged") && err.contains("nothing was written"), "{err}");
        assert!(err.contains("there is no backup"), "{err}");
        assert_eq!(hash(&copy), before, "{args:?} changed the damaged file");
    }
    // The library the copy was made from is untouched and still writable.
    ok(&original, &["highlight", id.as_str(), "--quote", "一个钱字"]);
}

/// Damage found → every write refused, the file unchanged; restoring the newest backup brings
/// back all of its data, and the damaged file is kept aside.
#[test]
fn a_damaged_library_is_restored_from_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let (article, highlight) = filled_library(&path);
    let backup = {
        let mut lib = Library::open(&path).unwrap();
        let b = lib.backup(None).unwrap();
        assert_eq!(lib.backups().unwrap()[0], b);
        PathBuf::from(b.path)
    };
    damage_page_3(&path);
    let damaged = hash(&path);

    let mut lib = Library::open(&path).unwrap();
    let err = lib.set_article_note(article, "不该写入").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Database);
    assert!(err.message().contains(&backup.display().to_string()), "{err}");
    assert!(lib.damage().is_some());
    let err = lib.import_pasted("新的文章：芯片与算力。").unwrap_err();
    assert!(err.message().contains("is damaged"), "{err}");
    assert!(lib.backup(None).is_err(), "a damaged library is never backed up");
    drop(lib);
    assert_eq!(hash(&path), damaged, "the damaged file was written to");

    let mut lib = Library::open(&path).unwrap();
    let aside = lib.restore_backup(&backup).unwrap();
    assert_eq!(hash(&aside), damaged, "the replaced library is kept as it was");
    assert!(lib.damage().is_none());
    let a = lib.article(article).unwrap();
    assert_eq!(a.summary.meta.title, TITLE);
    let h = lib.highlight(highlight).unwrap();
    assert_eq!(h.anchor.exact, QUOTE);
    assert_eq!(h.tags, vec!["主题/算力"]);
    assert_eq!(h.note.unwrap().body, "钱是一切的尺度");
    assert_eq!(lib.articles(&ListOptions::default()).unwrap().len(), 151);
    let found = lib.search("钱字", &Default::default()).unwrap();
    assert!(found.total > 0);
    // And it takes writes again.
    lib.set_article_note(article, "恢复之后").unwrap();
}

/// `backup`, `backups --json` and `restore FILE` from the command line.
#[test]
fn the_command_line_backs_up_lists_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    filled_library(&db);
    let out = ok(&db, &["backup", "--json"]);
    let made: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list: serde_json::Value = serde_json::from_str(&ok(&db, &["backups", "--json"])).unwrap();
    assert_eq!(list[0]["path"], made["path"]);
    assert_eq!(list[0]["reason"], "manual");
    let named = dir.path().join("我的备份.db");
    ok(&db, &["backup", "--out", named.to_str().unwrap()]);
    let again = fails(&db, &["backup", "--out", named.to_str().unwrap()]);
    assert!(again.contains("already exists"), "{again}");

    ok(&db, &["edit", "1", "--title", "改过的标题"]);
    let out = ok(&db, &["restore", named.to_str().unwrap()]);
    assert!(out.contains("kept as"), "{out}");
    let shown = ok(&db, &["articles", "--json"]);
    assert!(shown.contains(TITLE) && !shown.contains("改过的标题"), "{shown}");
    // The trash's restore still works beside it.
    ok(&db, &["delete", "article", "1"]);
    ok(&db, &["restore", "article", "1"]);
    let missing = fails(&db, &["restore", "nowhere.db"]);
    assert!(missing.contains("no such backup"), "{missing}");
}

/// Eight writers, each on a connection of its own, beside a bulk import: no write fails with
/// "locked", and every acknowledged one is there afterwards.
#[test]
fn eight_writers_beside_an_import_all_succeed_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let articles: Vec<Id> = {
        let mut lib = Library::open(&path).unwrap();
        let docs = (0..8).map(|i| (doc(&format!("文章{i}"), &["芯片与算力"]), None)).collect();
        lib.import_documents(docs).into_iter().map(|r| r.unwrap().article.id).collect()
    };
    let importer = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut lib = Library::open(&path).unwrap();
            let docs = (0..400)
                .map(|i| {
                    let para = format!("第{i}篇：大模型的训练成本。").repeat(400);
                    (doc(&format!("导入{i}"), &[&para]), None)
                })
                .collect();
            lib.import_documents(docs).iter().filter(|r| r.is_ok()).count()
        })
    };
    let writers: Vec<_> = articles
        .iter()
        .map(|&article| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut lib = Library::open(&path).unwrap();
                for i in 0..25 {
                    lib.add_tag(
                        ItemRef { kind: ItemKind::Article, id: article },
                        &format!("标签/{i}"),
                    )
                    .unwrap();
                }
                lib.set_article_note(article, "写完了").unwrap();
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(importer.join().unwrap(), 400);
    let lib = Library::open(&path).unwrap();
    for &article in &articles {
        let a = lib.article(article).unwrap();
        assert_eq!(a.summary.tags.len(), 25, "article {article}");
        assert!(a.notes.iter().any(|n| n.body == "写完了"), "article {article}");
    }
}

/// Damage that leaves the file's stamp as it was (written in place, its time put back) is
/// trusted at first; once a read meets it and SQLite reports it, the next write checks the
/// library again and is refused.
#[test]
fn damage_reported_by_a_read_is_checked_before_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let (article, _) = filled_library(&path);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        // Page 2: the root of the article table, which every listing reads.
        f.seek(SeekFrom::Start(4096)).unwrap();
        f.write_all(&[0xa5; 4096]).unwrap();
        f.set_modified(modified).unwrap();
    }
    let damaged = hash(&path);
    let mut lib = Library::open(&path).unwrap();
    // Trusted by its stamp (nothing checked yet); reads meet the damage.
    assert!(lib.damage().is_none());
    let mut failed_reads = 0;
    failed_reads += usize::from(lib.articles(&ListOptions::default()).is_err());
    for id in 1..=151 {
        failed_reads += usize::from(lib.article(id).is_err());
    }
    failed_reads += usize::from(lib.search("训练", &Default::default()).is_err());
    assert!(failed_reads > 0, "no read met the damaged page");
    let err = lib.set_article_note(article, "不该写入").unwrap_err();
    assert!(err.message().contains("is damaged"), "{err}");
    drop(lib);
    assert_eq!(hash(&path), damaged);
}

/// A full check run elsewhere (as the desktop runs it at launch) decides the first write: on a
/// damaged copy reads go on meanwhile and the write is refused once the verdict has come, the
/// file unchanged; a write made before the verdict waits for it rather than racing it.
#[test]
fn a_check_run_elsewhere_gates_the_first_write_of_a_damaged_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("损坏的库.db");
    let (article, _) = filled_library(&path);
    damage_page_3(&path);
    let before = hash(&path);

    let mut lib = Library::open(&path).unwrap();
    let job = lib.full_check_job().expect("a changed file is checked");
    assert!(lib.full_check_job().is_none(), "a second check while one is pending");
    let verdict = job.verdict();
    // Not run yet: a write with no time to wait is refused, and writes nothing.
    lib.set_check_wait(std::time::Duration::ZERO);
    let err = lib.set_article_note(article, "检查之前").unwrap_err();
    assert!(err.message().contains("still being checked"), "{err}");
    assert_eq!(hash(&path), before);
    // Reads go on while the check runs.
    let checking = std::thread::spawn(move || job.run());
    assert!(lib.article(article).is_ok());
    verdict.wait_until_ended();
    checking.join().unwrap();
    let err = lib.set_article_note(article, "检查之后").unwrap_err();
    assert!(err.message().contains("is damaged"), "{err}");
    assert!(lib.damage().is_some());
    drop(lib);
    assert_eq!(hash(&path), before, "the damaged file was written to");

    // A write that does wait, made while the check has not ended, is refused all the same.
    let mut lib = Library::open(&path).unwrap();
    let job = lib.full_check_job().unwrap();
    let checking = std::thread::spawn(move || job.run());
    let err = lib.add_tag(ItemRef { kind: ItemKind::Article, id: article }, "新标签").unwrap_err();
    assert!(err.message().contains("is damaged"), "{err}");
    checking.join().unwrap();
    drop(lib);
    assert_eq!(hash(&path), before, "the damaged file was written to");
}

/// On a sound file whose stamp does not match, the first write waits for the check run
/// elsewhere and then succeeds; the file is stamped, so the next open needs no check. A check
/// dropped without running hands the check back to the write.
#[test]
fn a_check_run_elsewhere_lets_a_sound_library_be_written_after_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let (article, _) = filled_library(&path);
    let copy = dir.path().join("复制的库.db");
    std::fs::copy(&path, &copy).unwrap();

    let mut lib = Library::open(&copy).unwrap();
    let job = lib.full_check_job().expect("a copied file is checked");
    lib.set_check_wait(std::time::Duration::ZERO);
    assert!(lib.set_article_note(article, "太早").is_err());
    assert!(lib.article(article).unwrap().notes.is_empty(), "a refused write was written");
    lib.set_check_wait(std::time::Duration::from_secs(600));
    let checking = std::thread::spawn(move || job.run());
    lib.set_article_note(article, "检查完了再写").unwrap();
    checking.join().unwrap();
    assert_eq!(lib.article(article).unwrap().notes[0].body, "检查完了再写");
    drop(lib);
    let mut lib = Library::open(&copy).unwrap();
    assert!(lib.full_check_job().is_none(), "a file found sound was checked again");
    drop(lib);

    std::fs::copy(&path, &copy).unwrap();
    let mut lib2 = Library::open(&copy).unwrap();
    drop(lib2.full_check_job().unwrap());
    lib2.set_check_wait(std::time::Duration::ZERO);
    lib2.add_tag(ItemRef { kind: ItemKind::Article, id: article }, "主题/芯片").unwrap();
}
