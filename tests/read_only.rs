//! A library that cannot be written (a `444` file in a `555` folder) is read as it is: reading
//! commands work, every writing command fails with one line saying so, and no byte changes.
//! The tests run as root, where permissions stop no write: the library decides from the bits.

use crate::cli::{fails, ok};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Puts the folder back to writable when the test ends, so that the temporary folder can go.
struct Writable(PathBuf);

impl Drop for Writable {
    fn drop(&mut self) {
        chmod(&self.0, 0o755);
    }
}

#[test]
fn a_read_only_library_is_read_and_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("只读书库");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("札记.db");
    let article = tmp.path().join("账本.md");
    std::fs::write(&article, "# 算力的账本\n\n算力、场景、文本的堆砌归根结底是一个钱字。\n")
        .unwrap();
    ok(&db, &["import", article.to_str().unwrap()]);
    ok(&db, &["highlight", "1", "--quote", "一个钱字", "--tag", "主题/算力"]);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with("-wal") || n.ends_with("-shm")), "{names:?}");

    chmod(&db, 0o444);
    chmod(&folder, 0o555);
    let _restore = Writable(folder.clone());
    let before = files(&folder);

    // Reading commands work.
    assert!(ok(&db, &["articles"]).contains("算力的账本"));
    assert!(ok(&db, &["show", "1"]).contains("归根结底"));
    let found: serde_json::Value =
        serde_json::from_str(&ok(&db, &["search", "钱字", "--json"])).unwrap();
    assert!(found["total"].as_u64().unwrap() >= 1, "{found}");
    assert!(ok(&db, &["tags"]).contains("主题/算力"));
    let out = tmp.path().join("导出");
    ok(&db, &["export", "--out", out.to_str().unwrap()]);
    let mut exported = files(&out);
    exported.retain(|p, _| !p.components().any(|c| c.as_os_str() == ".zhaji"));
    assert_eq!(exported.len(), 1, "{exported:?}");
    assert!(String::from_utf8_lossy(exported.values().next().unwrap()).contains("一个钱字"));

    // Every writing command is refused with one line.
    let writes: &[&[&str]] = &[
        &["import", article.to_str().unwrap()],
        &["highlight", "1", "--quote", "算力"],
        &["tag", "article", "1", "新标签"],
        &["note", "article", "1", "笔记"],
        &["edit", "1", "--title", "新标题"],
        &["delete", "article", "1"],
        &["rename-tag", "主题/算力", "主题/钱"],
        &["reindex"],
        &["backup"],
    ];
    for args in writes {
        let err = fails(&db, args);
        assert!(err.contains("read-only"), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    assert_eq!(files(&folder), before, "a read-only library was changed");
}
