//! Libraries on real SQLite files syncing through folders that a test carrier keeps in step, as
//! Syncthing or a cloud drive would: files arrive late, cut short, twice, out of order. After
//! each scenario every library shows the same articles, highlights, notes, tags and trash, and
//! nothing a library acknowledged is lost.
//!
//! Nothing here depends on a device's clock: merges follow the order in which changes were seen
//! (Automerge's causal order), never the times written into them, so clocks a day apart change
//! only the times shown.

use crate::library::doc;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use zhaji::*;

/// A library joining with its data: its first round compacted at once.
mod bulk;
/// Claims, the preferences (taxonomy entries, colour names) and reading progress.
mod data;
/// An item's history: the values of its fields on every device, those that gave way too.
mod history;
/// Images between devices: lists in the documents, bytes as files of their own.
mod images;
/// One article whose text devices replaced at once: which text it shows, and its highlights.
mod texts;

/// One device: its library and its copy of the shared folder.
struct Device {
    lib: Library,
    folder: PathBuf,
}

fn device(dir: &Path, name: &str) -> Device {
    let folder = dir.join(format!("{name}-folder"));
    fs::create_dir_all(&folder).unwrap();
    let mut lib = Library::open(&dir.join(format!("{name}.db"))).unwrap();
    lib.sync_init(&folder, name, None).unwrap();
    Device { lib, folder }
}

/// How the carrier moves files this time.
#[derive(Clone, Copy, PartialEq)]
enum How {
    Whole,
    /// The first half of each new file now (a file still arriving); the rest at the next carry.
    Partial,
    /// Only the newest file of each device, ahead of the older ones.
    NewestFirst,
    /// Every file again, whether it is there or not.
    Twice,
    /// Everything but the images' bytes, which come later.
    ImagesLate,
}

/// Copies the files of `from`'s folder that `to`'s folder lacks (or holds cut short).
fn carry(from: &Path, to: &Path, how: How) {
    let root = from.join("zhaji-sync");
    for dev in fs::read_dir(&root).unwrap().flatten() {
        carry_dir(&dev.path(), &to.join("zhaji-sync").join(dev.file_name()), how);
    }
}

/// Copies a device's folder (and its `images` folder) as [`carry`] does.
fn carry_dir(from: &Path, target: &Path, how: How) {
    fs::create_dir_all(target).unwrap();
    let mut names: Vec<_> = fs::read_dir(from)
        .unwrap()
        .flatten()
        .map(|f| f.file_name())
        .filter(|n| !n.to_string_lossy().starts_with('.'))
        .collect();
    names.sort();
    if how == How::NewestFirst {
        let newest =
            names.iter().rev().find(|n| n.to_string_lossy().ends_with(".changes")).cloned();
        names =
            names.iter().filter(|n| !n.to_string_lossy().ends_with(".changes")).cloned().collect();
        names.extend(newest);
    }
    for name in names {
        let path = from.join(&name);
        if path.is_dir() {
            if how != How::ImagesLate {
                carry_dir(&path, &target.join(&name), how);
            }
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        let dest = target.join(&name);
        let have = fs::read(&dest).ok();
        if have.as_ref() == Some(&bytes) && how != How::Twice {
            continue;
        }
        let n = name.to_string_lossy();
        let cut = how == How::Partial
            && have.is_none()
            && (n.ends_with(".changes") || n.ends_with(".image"));
        fs::write(&dest, if cut { &bytes[..bytes.len() / 2] } else { &bytes[..] }).unwrap();
    }
}

/// Carries `from`'s files to `to` as badly as a file syncer may, `to` running a round after
/// each step: the newest file first (it needs the older ones), then halves, then everything
/// twice.
fn carry_badly(from: &Device, to: &mut Device) {
    carry(&from.folder, &to.folder, How::NewestFirst);
    let r = to.lib.sync().unwrap();
    assert_eq!((r.files_applied, r.files_waiting), (0, 1), "{r:?}");
    carry(&from.folder, &to.folder, How::Partial);
    let r = to.lib.sync().unwrap();
    assert!(r.files_waiting >= 1, "cut files wait: {r:?}");
    carry(&from.folder, &to.folder, How::Twice);
    carry(&from.folder, &to.folder, How::Twice);
    let r = to.lib.sync().unwrap();
    assert_eq!(r.files_waiting, 0, "{r:?}");
}

/// Rounds and whole carries between every pair until nothing moves.
fn settle(devices: &mut [&mut Device]) {
    for _ in 0..3 {
        for d in devices.iter_mut() {
            d.lib.sync().unwrap();
        }
        for i in 0..devices.len() {
            for j in 0..devices.len() {
                if i != j {
                    carry(&devices[i].folder, &devices[j].folder, How::Whole);
                }
            }
        }
    }
    for d in devices.iter_mut() {
        d.lib.sync().unwrap();
    }
}

/// Removes what differs between libraries by nature: rowids, the article's own UUID.
fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for k in ["id", "article_id", "highlight_id", "claim_id"] {
                m.remove(k);
            }
            if m.contains_key("meta") {
                m.remove("uuid");
            }
            m.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

/// What a reader sees of a library: every live article as `show --json` gives it (with how far
/// it was read), the tags, the trash, every live claim with its evidence, the taxonomy and the
/// colours' names.
pub(crate) fn view(lib: &Library) -> Value {
    let mut articles: Vec<Value> = lib
        .articles(&ListOptions::default())
        .unwrap()
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(lib.article(a.id).unwrap()).unwrap();
            strip(&mut v);
            v
        })
        .collect();
    for a in &mut articles {
        // Highlights at one place, and notes, in the order of their UUIDs (not of rowids).
        for key in ["highlights", "notes"] {
            if let Some(Value::Array(list)) = a.get_mut(key) {
                list.sort_by_key(|h| (h["anchor"]["start"].as_u64(), h["uuid"].to_string()));
            }
        }
    }
    articles.sort_by_key(|a| a.to_string());
    let mut tags = serde_json::to_value(lib.tags().unwrap()).unwrap();
    strip(&mut tags);
    let mut trash: Vec<Value> = lib
        .trash()
        .unwrap()
        .iter()
        .map(|t| {
            let mut v = serde_json::to_value(t).unwrap();
            strip(&mut v);
            v
        })
        .collect();
    trash.sort_by_key(|t| t.to_string());
    let mut claims: Vec<Value> = lib
        .claims()
        .unwrap()
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(lib.claim(c.id).unwrap()).unwrap();
            strip(&mut v);
            for role in ["supporting", "opposing", "context"] {
                if let Some(Value::Array(list)) = v.get_mut(role) {
                    list.sort_by_key(|e| e["highlight"]["uuid"].to_string());
                }
            }
            v
        })
        .collect();
    claims.sort_by_key(|c| c["claim"]["uuid"].to_string());
    let taxonomy = serde_json::to_value(lib.taxonomy().unwrap()).unwrap();
    let colors = serde_json::to_value(lib.color_labels().unwrap()).unwrap();
    serde_json::json!({
        "articles": articles, "tags": tags, "trash": trash, "claims": claims,
        "taxonomy": taxonomy, "colors": colors,
    })
}

fn assert_same(devices: &[&Device]) {
    let first = view(&devices[0].lib);
    for (i, d) in devices.iter().enumerate().skip(1) {
        if let Some(diff) = first_difference("", &first, &view(&d.lib)) {
            panic!("device 0 and device {i} differ at {diff}");
        }
    }
}

/// Where two views first differ, and how (short enough to read).
pub(crate) fn first_difference(at: &str, a: &Value, b: &Value) -> Option<String> {
    let short = |v: &Value| v.to_string().chars().take(300).collect::<String>();
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                first_difference(
                    &format!("{at}.{k}"),
                    &x[k.as_str()],
                    y.get(k.as_str()).unwrap_or(&Value::Null),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(&format!("{at}[{i}]"), p, q)),
        _ if a == b => None,
        _ => Some(format!("{at}: {} ≠ {}", short(a), short(b))),
    }
}

fn import(d: &mut Device, title: &str, paras: &[&str]) -> Id {
    d.lib.import_document(doc(title, paras), None).unwrap().article.id
}

fn highlight(d: &mut Device, article: Id, quote: &str, tags: &[&str]) -> Highlight {
    d.lib
        .create_highlight(&HighlightSpec {
            article_id: article,
            range: None,
            quote: Some(quote.into()),
            occurrence: None,
            color: Color::Yellow,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            note: None,
        })
        .unwrap()
}

/// The id here of the article titled `title`.
fn article_titled(d: &Device, title: &str) -> Id {
    let list = d.lib.articles(&ListOptions::default()).unwrap();
    list.iter().find(|a| a.meta.title == title).unwrap_or_else(|| panic!("no {title}")).id
}

/// The id here of the highlight with UUID `uuid`.
fn highlight_with(d: &Device, uuid: &str) -> Highlight {
    let target = d.lib.resolve_link(&format!("zhaji://highlight/{uuid}")).unwrap();
    let article = d.lib.article(target.article_id).unwrap();
    article.highlights.into_iter().find(|h| h.uuid == uuid).unwrap()
}

const TEXT: [&str; 3] = [
    "算力、场景、文本的堆砌归根结底是一个钱字。",
    "早在2018年，谷歌便提出超大规模预训练语言模型BERT。",
    "芯片与数据中心的电费决定了推理的成本。",
];

#[test]
fn create_edit_tag_note_trash_and_restore_on_each_side_converge() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let on_a = import(&mut a, "算力的账本", &TEXT);
    import(&mut b, "芯片的故事", &["英伟达的芯片供不应求。", "台积电扩产。"]);
    settle(&mut [&mut a, &mut b]);
    assert_eq!(b.lib.articles(&ListOptions::default()).unwrap().len(), 2);

    // B works on A's article, A on B's.
    let ledger_on_b = article_titled(&b, "算力的账本");
    let h = highlight(&mut b, ledger_on_b, "钱字", &["经济/成本"]);
    b.lib.set_highlight_note(h.id, "一切都是钱。").unwrap();
    let story_on_a = article_titled(&a, "芯片的故事");
    let h2 = highlight(&mut a, story_on_a, "台积电", &["公司"]);
    a.lib.add_tag(ItemRef { kind: ItemKind::Article, id: on_a }, "必读").unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let seen_on_a = highlight_with(&a, &h.uuid);
    assert_eq!(seen_on_a.tags, vec!["经济/成本".to_string()]);
    assert_eq!(seen_on_a.note.as_ref().unwrap().body, "一切都是钱。");

    // A recolours and trashes B's highlight; B trashes A's; then B restores its own.
    a.lib.set_highlight_color(seen_on_a.id, Color::Blue).unwrap();
    a.lib.delete(ItemRef { kind: ItemKind::Highlight, id: seen_on_a.id }).unwrap();
    let h2_on_b = highlight_with(&b, &h2.uuid);
    b.lib.delete(ItemRef { kind: ItemKind::Highlight, id: h2_on_b.id }).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(b.lib.trash().unwrap().len(), 2);
    b.lib.restore(ItemRef { kind: ItemKind::Highlight, id: h.id }).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let back = highlight_with(&a, &h.uuid);
    assert_eq!(back.color, Color::Blue, "the recolour made in the trash is kept");
    assert_eq!(a.lib.trash().unwrap().len(), 1);
}

#[test]
fn concurrent_edits_of_one_note_merge_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "谷歌", &[]);
    a.lib.set_highlight_note(h.id, "谷歌很早。").unwrap();
    settle(&mut [&mut a, &mut b]);
    let on_b = highlight_with(&b, &h.uuid);
    // Both edit while apart.
    a.lib.set_highlight_note(h.id, "开头：谷歌很早。").unwrap();
    b.lib.set_highlight_note(on_b.id, "谷歌很早。结尾").unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(highlight_with(&a, &h.uuid).note.unwrap().body, "开头：谷歌很早。结尾");
}

#[test]
fn a_highlight_trashed_on_one_device_and_edited_on_the_other_is_in_the_trash_with_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "芯片", &[]);
    settle(&mut [&mut a, &mut b]);
    a.lib.delete(ItemRef { kind: ItemKind::Highlight, id: h.id }).unwrap();
    let on_b = highlight_with(&b, &h.uuid);
    b.lib.set_highlight_color(on_b.id, Color::Pink).unwrap();
    b.lib.set_highlight_note(on_b.id, "离线时写的").unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let trash = a.lib.trash().unwrap();
    assert_eq!(trash.len(), 1, "{trash:?}");
    a.lib.restore(trash[0].item).unwrap();
    let back = highlight_with(&a, &h.uuid);
    assert_eq!(back.color, Color::Pink);
    assert_eq!(back.note.unwrap().body, "离线时写的");
}

#[test]
fn a_tag_renamed_on_one_device_while_the_other_tags_with_the_old_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    highlight(&mut a, id, "算力", &["成本"]);
    settle(&mut [&mut a, &mut b]);
    a.lib.rename_tag("成本", "经济/成本").unwrap();
    let on_b = article_titled(&b, "算力的账本");
    let h = highlight(&mut b, on_b, "电费", &["成本"]);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(highlight_with(&a, &h.uuid).tags, vec!["经济/成本".to_string()]);
    let names: Vec<String> = a.lib.tags().unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, vec!["经济/成本".to_string()]);
}

#[test]
fn an_article_updated_on_one_device_while_the_other_highlights_its_old_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let kept = highlight(&mut a, id, "谷歌", &[]);
    settle(&mut [&mut a, &mut b]);
    let mut new_text = vec!["更新：新增了一段开头。"];
    new_text.extend_from_slice(&TEXT);
    a.lib.update_article(id, doc("算力的账本", &new_text)).unwrap();
    let on_b = article_titled(&b, "算力的账本");
    let h = highlight(&mut b, on_b, "数据中心", &[]);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let article = a.lib.article(id).unwrap();
    for uuid in [&h.uuid, &kept.uuid] {
        let found = article.highlights.iter().find(|x| &x.uuid == uuid).unwrap();
        let (s, e) = (found.anchor.start as usize, found.anchor.end as usize);
        let there: String = article.text.chars().skip(s).take(e - s).collect();
        assert_eq!(there, found.anchor.exact, "re-anchored in the new text");
        assert_eq!(found.anchor.status, AnchorStatus::Anchored);
    }
}

#[test]
fn the_same_article_imported_on_two_devices_becomes_one_and_both_links_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let on_a = import(&mut a, "算力的账本", &TEXT);
    let on_b = import(&mut b, "算力的账本", &TEXT);
    let ha = highlight(&mut a, on_a, "谷歌", &["公司"]);
    let hb = highlight(&mut b, on_b, "芯片", &["公司"]);
    let (ua, ub) =
        (a.lib.article(on_a).unwrap().summary.uuid, b.lib.article(on_b).unwrap().summary.uuid);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    for d in [&a, &b] {
        assert_eq!(d.lib.articles(&ListOptions::default()).unwrap().len(), 1);
        assert_eq!(d.lib.tags().unwrap().len(), 1, "one tag 公司, known by two UUIDs");
        for u in [&ua, &ub] {
            d.lib.resolve_link(&format!("zhaji://article/{u}")).unwrap();
        }
        for h in [&ha, &hb] {
            assert_eq!(highlight_with(d, &h.uuid).tags, vec!["公司".to_string()]);
        }
    }
}

#[test]
fn three_devices_through_a_carrier_that_is_late_partial_twice_and_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = device(dir.path(), "a");
    let mut b = device(dir.path(), "b");
    let mut c = device(dir.path(), "c");
    let id = import(&mut a, "算力的账本", &TEXT);
    a.lib.sync().unwrap();
    let h = highlight(&mut a, id, "谷歌", &["公司"]);
    a.lib.sync().unwrap();
    a.lib.set_highlight_note(h.id, "第一版").unwrap();
    a.lib.sync().unwrap();
    carry_badly(&a, &mut c);
    assert_eq!(highlight_with(&c, &h.uuid).note.unwrap().body, "第一版");
    // C relays to B: B has never seen A's folder.
    c.lib
        .add_tag(ItemRef { kind: ItemKind::Highlight, id: highlight_with(&c, &h.uuid).id }, "丙")
        .unwrap();
    c.lib.sync().unwrap();
    carry(&c.folder, &b.folder, How::Whole);
    b.lib.sync().unwrap();
    assert_eq!(highlight_with(&b, &h.uuid).tags.len(), 2);
    settle(&mut [&mut a, &mut b, &mut c]);
    assert_same(&[&a, &b, &c]);
    let status = b.lib.sync_status().unwrap();
    assert_eq!(status.devices.len(), 3);
    assert!(status.devices.iter().all(|d| d.unread_files == 0), "{status:?}");
}

#[test]
fn a_device_offline_for_a_thousand_changes_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let paras: Vec<String> =
        (0..50).map(|i| format!("第{i}段：大模型的训练成本与推理芯片。")).collect();
    let paras: Vec<&str> = paras.iter().map(String::as_str).collect();
    let id = import(&mut a, "长文", &paras);
    settle(&mut [&mut a, &mut b]);
    let mut made = Vec::new();
    for i in 0..1000u32 {
        match i % 4 {
            0 | 1 => {
                let start = (i % 50) * 19 + 1;
                let h = a
                    .lib
                    .create_highlight(&HighlightSpec {
                        article_id: id,
                        range: Some((start, start + 3)),
                        quote: None,
                        occurrence: None,
                        color: Color::Green,
                        tags: vec![format!("标签{}", i % 7)],
                        note: None,
                    })
                    .unwrap();
                made.push(h);
            }
            2 => {
                let h = &made[(i as usize * 7) % made.len()];
                a.lib.set_highlight_note(h.id, &format!("第{i}次修改")).unwrap();
            }
            _ => {
                let h = &made[(i as usize * 3) % made.len()];
                a.lib.set_highlight_color(h.id, Color::Purple).unwrap();
            }
        }
        if i % 100 == 99 {
            a.lib.sync().unwrap();
        }
    }
    let b_article = article_titled(&b, "长文");
    let mine = highlight(&mut b, b_article, "第49段", &["离线"]);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(a.lib.article(id).unwrap().highlights.len(), made.len() + 1);
    assert_eq!(highlight_with(&a, &mine.uuid).tags, vec!["离线".to_string()]);
}

#[test]
fn a_restored_backup_continues_as_a_new_device_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    a.lib.sync().unwrap();
    let backup = dir.path().join("a-backup.db");
    a.lib.backup(Some(&backup)).unwrap();
    let later = highlight(&mut a, id, "谷歌", &[]);
    a.lib.sync().unwrap();
    carry(&a.folder, &b.folder, How::Whole);
    b.lib.sync().unwrap();
    let old_id = a.lib.sync_status().unwrap().device_id;
    a.lib.restore_backup(&backup).unwrap();
    let r = a.lib.sync().unwrap();
    assert!(r.new_identity, "{r:?}");
    assert_ne!(a.lib.sync_status().unwrap().device_id, old_id);
    // What the old identity wrote after the backup comes back from the folder.
    highlight_with(&a, &later.uuid);
    let h = highlight(&mut a, id, "芯片", &[]);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    highlight_with(&b, &h.uuid);
}

#[test]
fn files_of_a_newer_zhaji_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = device(dir.path(), "a");
    let newer = a.folder.join("zhaji-sync/ffffffffffffffffffffffffffffffff");
    fs::create_dir_all(&newer).unwrap();
    fs::write(newer.join("device.json"), r#"{"format": 99, "name": "未来"}"#).unwrap();
    fs::write(newer.join("0000000001.changes"), b"ZHAJISYN\x63\x00whatever").unwrap();
    let r = a.lib.sync().unwrap();
    assert_eq!(r.messages.len(), 1, "{r:?}");
    assert!(r.messages[0].contains("未来") && r.messages[0].contains("newer"), "{r:?}");
}

#[test]
fn a_library_that_leaves_keeps_everything_and_writes_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = device(dir.path(), "a");
    let id = import(&mut a, "算力的账本", &TEXT);
    a.lib.sync().unwrap();
    assert!(!a.lib.sync_status().unwrap().encrypted);
    // A folder that is not there (a drive not mounted) is one clear error, and nothing is lost.
    let moved = a.folder.with_extension("away");
    fs::rename(&a.folder, &moved).unwrap();
    let err = a.lib.sync().unwrap_err();
    assert!(err.to_string().contains("is missing"), "{err}");
    fs::rename(&moved, &a.folder).unwrap();
    a.lib.sync().unwrap();
    a.lib.sync_leave().unwrap();
    highlight(&mut a, id, "谷歌", &[]);
    assert_eq!(a.lib.sync().unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(a.lib.article(id).unwrap().highlights.len(), 1);
}

#[test]
fn an_encrypted_folder_holds_nothing_in_the_clear_and_a_wrong_passphrase_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("云盘");
    let mut a = Library::open(&dir.path().join("a.db")).unwrap();
    let id = a.import_document(doc("算力的账本", &TEXT), None).unwrap().article.id;
    a.sync_init(&shared, "甲", Some("芝麻开门")).unwrap();
    let h = a
        .create_highlight(&HighlightSpec {
            article_id: id,
            range: None,
            quote: Some("谷歌".into()),
            occurrence: None,
            color: Color::Blue,
            tags: vec!["公司".into()],
            note: Some("私密的批注".into()),
        })
        .unwrap();
    a.sync().unwrap();

    let mut wrong = Library::open(&dir.path().join("wrong.db")).unwrap();
    let err = wrong.sync_init(&shared, "乙", Some("芝麻关门")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("wrong passphrase"), "{err}");
    assert!(wrong.sync_status().is_err(), "a refused join leaves the library as it was");
    let err = wrong.sync_init(&shared, "乙", None).unwrap_err();
    assert!(err.to_string().contains("encrypted"), "{err}");

    let mut b = Library::open(&dir.path().join("b.db")).unwrap();
    b.sync_init(&shared, "乙", Some("芝麻开门")).unwrap();
    let b_dev = Device { lib: b, folder: shared.clone() };
    assert_eq!(highlight_with(&b_dev, &h.uuid).note.unwrap().body, "私密的批注");

    // Not one of the words is in the folder in the clear.
    let mut files = vec![shared.join("zhaji-sync")];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else if p.to_string_lossy().ends_with(".changes") {
            let bytes = fs::read(&p).unwrap();
            for word in ["私密的批注", "算力", "谷歌", "公司"] {
                assert!(
                    !bytes.windows(word.len()).any(|w| w == word.as_bytes()),
                    "{word} in {p:?}"
                );
            }
        }
    }
}

#[test]
fn the_command_line_joins_reports_and_leaves() {
    use crate::cli::{fails, ok};
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("同步 文件夹");
    let (a, b) = (dir.path().join("甲.db"), dir.path().join("乙.db"));
    let article = dir.path().join("账本.md");
    fs::write(&article, "# 算力的账本\n\n归根结底是一个钱字。\n").unwrap();
    ok(&a, &["--create", "import", article.to_str().unwrap()]);
    ok(&a, &["highlight", "1", "--quote", "钱字", "--tag", "成本"]);
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, "芝麻开门\n").unwrap();
    let joined: Value = serde_json::from_str(&ok(
        &a,
        &[
            "sync",
            "init",
            shared.to_str().unwrap(),
            "--name",
            "甲",
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    assert!(joined["changes_written"].as_u64().unwrap() >= 2, "{joined}");
    let err = fails(&b, &["--create", "sync", "init", shared.to_str().unwrap(), "--name", "乙"]);
    assert!(err.contains("encrypted") && !err.trim().contains('\n'), "{err}");
    ok(
        &b,
        &[
            "sync",
            "init",
            shared.to_str().unwrap(),
            "--name",
            "乙",
            "--passphrase-file",
            pass.to_str().unwrap(),
        ],
    );
    let shown: Value = serde_json::from_str(&ok(&b, &["show", "1", "--json"])).unwrap();
    assert_eq!(shown["highlights"][0]["tags"][0], "成本");
    let status: Value = serde_json::from_str(&ok(&b, &["sync", "status", "--json"])).unwrap();
    let names: Vec<&str> =
        status["devices"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{status}");
    assert_eq!(status["encrypted"], true, "{status}");
    assert!(names.contains(&"甲") && names.contains(&"乙"), "{status}");
    assert!(ok(&b, &["sync", "status"]).contains("乙"));
    let texts: Value = serde_json::from_str(&ok(&b, &["sync", "texts", "1", "--json"])).unwrap();
    assert_eq!(
        (texts[0]["current"].clone(), texts[0]["text"].clone()),
        (true.into(), shown["text"].clone())
    );
    ok(&b, &["sync", "leave"]);
    assert!(fails(&b, &["sync"]).contains("does not sync"));
}

#[test]
fn a_device_joins_its_many_files_into_one_and_readers_early_or_late_miss_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut early) = (device(dir.path(), "a"), device(dir.path(), "early"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let own = a.folder.join("zhaji-sync").join(a.lib.sync_status().unwrap().device_id);
    let bytes = |dir: &Path| -> u64 {
        fs::read_dir(dir).unwrap().flatten().map(|f| f.metadata().unwrap().len()).sum()
    };
    let (mut most, mut made) = (0, Vec::new());
    for i in 0..110u32 {
        let h = a
            .lib
            .create_highlight(&HighlightSpec {
                article_id: id,
                range: Some((i % 20, i % 20 + 2)),
                quote: None,
                occurrence: None,
                color: Color::Green,
                tags: vec![],
                note: None,
            })
            .unwrap();
        made.push(h.uuid);
        most = most.max(bytes(&own));
        a.lib.sync().unwrap();
        if i == 50 {
            carry(&a.folder, &early.folder, How::Whole);
            early.lib.sync().unwrap();
        }
    }
    let files = fs::read_dir(&own)
        .unwrap()
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().ends_with(".changes"));
    assert!(files.count() < 20, "the files were joined");
    // The joined file holds the document's saved form: a hundred changes of one highlight each
    // take far less room in Automerge's columns than as a hundred changes.
    println!("A's folder: {most} bytes at most, {} after joining its files", bytes(&own));
    assert!(bytes(&own) * 3 < most, "{} bytes after, {most} before", bytes(&own));
    // The carrier brings the new file; the removed ones stay where the reader has them.
    carry(&a.folder, &early.folder, How::Whole);
    let mut late = device(dir.path(), "late");
    carry(&a.folder, &late.folder, How::Whole);
    for d in [&mut early, &mut late] {
        d.lib.sync().unwrap();
    }
    for d in [&early, &late] {
        assert_eq!(d.lib.article(article_titled(d, "算力的账本")).unwrap().highlights.len(), 110);
    }
    assert_same(&[&a, &early, &late]);
}

#[test]
fn article_notes_passage_notes_metadata_article_trash_and_emptied_trash_travel() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    a.lib.set_article_note(id, "整篇的批注：**成本**").unwrap();
    a.lib.add_passage_note(id, 0, 2, "算力二字").unwrap();
    let gone = highlight(&mut a, id, "谷歌", &[]);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let on_b = article_titled(&b, "算力的账本");
    assert_eq!(b.lib.article(on_b).unwrap().notes.len(), 2);

    // B retitles the article; A trashes a highlight and empties the trash.
    let patch = ArticleMetaPatch {
        title: Some("算力的账本（修订）".into()), ..Default::default()
    };
    b.lib.set_article_meta(on_b, &patch).unwrap();
    a.lib.delete(ItemRef { kind: ItemKind::Highlight, id: gone.id }).unwrap();
    a.lib.empty_trash().unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert!(b.lib.resolve_link(&format!("zhaji://highlight/{}", gone.uuid)).is_err());
    assert!(b.lib.trash().unwrap().is_empty(), "emptied on A, gone on B, not back in a trash");

    // B trashes the whole article; A restores it.
    b.lib.delete(ItemRef { kind: ItemKind::Article, id: on_b }).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert!(a.lib.articles(&ListOptions::default()).unwrap().is_empty());
    a.lib.restore(ItemRef { kind: ItemKind::Article, id }).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(article_titled(&b, "算力的账本（修订）"), on_b);
    assert!(b.lib.search("钱字", &SearchOptions::default()).unwrap().total >= 1, "indexed again");
}

#[test]
fn an_article_purged_then_imported_again_comes_back_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    settle(&mut [&mut a, &mut b]);
    a.lib.delete(ItemRef { kind: ItemKind::Article, id }).unwrap();
    a.lib.empty_trash().unwrap();
    settle(&mut [&mut a, &mut b]);
    assert!(b.lib.articles(&ListOptions::default()).unwrap().is_empty());
    assert!(b.lib.trash().unwrap().is_empty());
    import(&mut a, "算力的账本", &TEXT);
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(b.lib.articles(&ListOptions::default()).unwrap().len(), 1);
}
