//! A library that joins a folder with its data: the first round's file is compacted at once.

use super::*;
use zhaji::import::Document;

#[test]
fn a_library_joining_with_a_thousand_articles_writes_their_saved_forms_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a-folder");
    fs::create_dir_all(&folder).unwrap();
    let mut lib = Library::open(&dir.path().join("a.db")).unwrap();
    let docs: Vec<(Document, Option<String>)> = (0..1_000)
        .map(|i| {
            let para = format!("第{i}篇：算力与数据之争，scaling laws 第{i}次被提起。");
            (doc(&format!("文章{i}"), &[para.as_str()]), None)
        })
        .collect();
    assert!(lib.import_documents(docs).iter().all(|r| r.is_ok()));
    // Joining runs the first round, which writes every article.
    let report = lib.sync_init(&folder, "a", None).unwrap();
    assert!(report.changes_written >= 1_000, "{report:?}");
    // One device folder, holding one file: the round's own (number 1) was replaced by the
    // compacted one (number 2) in the same round.
    let devices: Vec<PathBuf> = fs::read_dir(folder.join("zhaji-sync"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(devices.len(), 1, "{devices:?}");
    let mut files: Vec<String> = fs::read_dir(&devices[0])
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".changes"))
        .collect();
    files.sort();
    assert_eq!(files, vec!["0000000002.changes".to_string()]);
    // An empty device joining takes in every article from it.
    let mut a = Device { lib, folder };
    let mut b = device(dir.path(), "b");
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(b.lib.articles(&ListOptions::default()).unwrap().len(), 1_000);
}
