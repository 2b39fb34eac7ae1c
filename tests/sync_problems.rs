//! Sync problems come typed, naming their folder or device, so that the desktop says them in the
//! reader's language; their English sentence stays the message.

use crate::library::doc;
use std::fs;
use zhaji::*;

fn problem(e: &Error) -> SyncProblem {
    e.sync_problem().cloned().unwrap_or_else(|| panic!("no sync problem in {e}"))
}

#[test]
fn a_missing_folder_a_wrong_or_missing_passphrase_and_no_folder_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("加密的 同步");
    let mut a = Library::open(&dir.path().join("a.db")).unwrap();
    a.import_document(doc("算力的账本", &["归根结底是一个钱字。"]), None).unwrap();
    assert_eq!(problem(&a.sync().unwrap_err()), SyncProblem::NotJoined);
    a.sync_init(&shared, "甲", Some("芝麻开门")).unwrap();
    let folder = shared.canonicalize().unwrap().display().to_string();

    let mut b = Library::open(&dir.path().join("b.db")).unwrap();
    let wrong = b.sync_init(&shared, "乙", Some("芝麻关门")).unwrap_err();
    assert_eq!(problem(&wrong), SyncProblem::WrongPassphrase { folder: folder.clone() });
    assert_eq!(wrong.kind(), ErrorKind::InvalidInput);
    assert_eq!(wrong.to_string(), format!("wrong passphrase for the sync folder {folder}"));
    let none = b.sync_init(&shared, "乙", None).unwrap_err();
    assert_eq!(problem(&none), SyncProblem::PassphraseNeeded { folder: folder.clone() });
    let unnamed = b.sync_init(&shared, " \n", Some("芝麻开门")).unwrap_err();
    assert_eq!(problem(&unnamed), SyncProblem::DeviceName);
    let again = a.sync_init(&shared, "甲", Some("芝麻开门")).unwrap_err();
    assert_eq!(problem(&again), SyncProblem::AlreadyJoined { folder: folder.clone() });

    let away = dir.path().join("别处");
    fs::rename(&shared, &away).unwrap();
    let missing = a.sync().unwrap_err();
    assert_eq!(problem(&missing), SyncProblem::FolderMissing { folder: folder.clone() });
    assert!(missing.to_string().contains("is missing"), "{missing}");
    let status = a.sync_status().unwrap();
    assert_eq!(status.problems, vec![SyncProblem::FolderMissing { folder }]);
    assert_eq!(status.messages, vec![status.problems[0].to_string()]);
}

#[test]
fn a_device_of_a_newer_zhaji_is_a_typed_notice_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("同步");
    let mut a = Library::open(&dir.path().join("a.db")).unwrap();
    a.sync_init(&shared, "甲", None).unwrap();
    let newer = shared.join("zhaji-sync/ffffffffffffffffffffffffffffffff");
    fs::create_dir_all(&newer).unwrap();
    fs::write(newer.join("device.json"), r#"{"format": 99, "name": "未来的电脑"}"#).unwrap();
    let r = a.sync().unwrap();
    let expected = SyncProblem::NewerZhaji { device: "未来的电脑".into() };
    assert_eq!(r.problems, vec![expected.clone()]);
    assert_eq!(r.messages, vec![expected.to_string()]);
    assert_eq!(a.sync_status().unwrap().problems, vec![expected]);
}
