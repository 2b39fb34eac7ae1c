//! Two devices whose clocks are a day apart. Every time the core records is read from one clock
//! (`zhaji::text::now`), which a test can move per thread; nothing in a merge reads it. The same
//! concurrent edits, replayed from the same two libraries with the second device's clock a day
//! ahead and then a day behind, end in the same libraries but for the times, and the times each
//! device wrote arrive on the other unchanged.

use crate::library::doc;
use crate::sync::{first_difference, view};
use serde_json::Value;
use std::fs;
use std::path::Path;
use zhaji::*;

const DAY: i64 = 24 * 60 * 60;

/// Runs `f` with this thread's clock `offset` seconds off the system's.
fn at<T>(offset: i64, f: impl FnOnce() -> T) -> T {
    text::set_clock_offset(offset);
    let out = f();
    text::set_clock_offset(0);
    out
}

/// Copies `from`'s files (the test's whole folder) to `to`, as they are.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the Zhaji files of one device's folder into the other's, whole.
fn carry(from: &Path, to: &Path) {
    copy_tree(&from.join("zhaji-sync"), &to.join("zhaji-sync"));
}

struct Pair {
    a: Library,
    b: Library,
    a_folder: std::path::PathBuf,
    b_folder: std::path::PathBuf,
}

fn open(dir: &Path) -> Pair {
    Pair {
        a: Library::open(&dir.join("a.db")).unwrap(),
        b: Library::open(&dir.join("b.db")).unwrap(),
        a_folder: dir.join("a-folder"),
        b_folder: dir.join("b-folder"),
    }
}

/// Rounds and carries until nothing moves; B's rounds on B's clock.
fn settle(p: &mut Pair, b_clock: i64) {
    for _ in 0..4 {
        p.a.sync().unwrap();
        at(b_clock, || p.b.sync()).unwrap();
        carry(&p.a_folder, &p.b_folder);
        carry(&p.b_folder, &p.a_folder);
    }
    p.a.sync().unwrap();
    at(b_clock, || p.b.sync()).unwrap();
}

fn highlight_with(lib: &Library, uuid: &str) -> Highlight {
    let target = lib.resolve_link(&format!("zhaji://highlight/{uuid}")).unwrap();
    lib.article(target.article_id).unwrap().highlights.into_iter().find(|h| h.uuid == uuid).unwrap()
}

/// A yellow highlight of `quote`'s first occurrence, with `tags`.
pub(crate) fn spec(article: Id, quote: &str, tags: &[&str]) -> HighlightSpec {
    HighlightSpec {
        article_id: article,
        range: None,
        quote: Some(quote.into()),
        occurrence: None,
        color: Color::Yellow,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: None,
    }
}

/// A view with every recorded time (`…_at`) left out, and the UUIDs (B's new highlight and tag
/// get new random ones in each run): what must not depend on a clock.
fn without_times(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|k, _| !k.ends_with("_at") && k != "uuid");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

fn seconds(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp()
}

/// The concurrent part, B on `b_clock`: both edit one note and recolour one highlight, B
/// highlights and trashes, A edits what B trashed. Gives the settled view, times left out.
fn apart_then_together(dir: &Path, uuids: &(String, String), b_clock: i64) -> Value {
    let mut p = open(dir);
    let (noted, doomed) = (highlight_with(&p.a, &uuids.0), highlight_with(&p.a, &uuids.1));
    p.a.set_highlight_note(noted.id, "开头：谷歌很早。").unwrap();
    p.a.set_highlight_color(noted.id, Color::Blue).unwrap();
    p.a.set_highlight_note(doomed.id, "A edits what B trashes").unwrap();
    let made = at(b_clock, || {
        let on_b = highlight_with(&p.b, &uuids.0);
        p.b.set_highlight_note(on_b.id, "谷歌很早。结尾").unwrap();
        p.b.set_highlight_color(on_b.id, Color::Pink).unwrap();
        let gone = highlight_with(&p.b, &uuids.1);
        p.b.delete(ItemRef { kind: ItemKind::Highlight, id: gone.id }).unwrap();
        // A round of its own before the new highlight: it has a random UUID, and written in the
        // same change it could come before or after the colour and so move the colour's place
        // in Automerge's order from one run to the next, whatever the clocks.
        p.b.sync().unwrap();
        p.b.create_highlight(&spec(on_b.article_id, "数据中心", &["能源"])).unwrap()
    });
    settle(&mut p, b_clock);
    let (va, vb) = (view(&p.a), view(&p.b));
    if let Some(diff) = first_difference("", &va, &vb) {
        panic!("with B's clock {b_clock} s off, A and B differ at {diff}");
    }

    // The merges: both note edits, one colour on both sides, the edit kept in the trash.
    let n = highlight_with(&p.a, &uuids.0);
    assert_eq!(n.note.unwrap().body, "开头：谷歌很早。结尾");
    assert_eq!(n.color, highlight_with(&p.b, &uuids.0).color);
    let trash = p.a.trash().unwrap();
    assert_eq!(trash.len(), 1, "{trash:?}");
    // B's times arrive on A as B wrote them, a day off A's clock.
    let on_a = highlight_with(&p.a, &made.uuid);
    assert_eq!((&on_a.created_at, &on_a.updated_at), (&made.created_at, &made.updated_at));
    let skew = seconds(&on_a.created_at) - seconds(&text::now_rfc3339());
    assert!((skew - b_clock).abs() < 600, "B's time on A is {skew} s off A's clock");
    p.a.restore(trash[0].item).unwrap();
    assert_eq!(highlight_with(&p.a, &uuids.1).note.unwrap().body, "A edits what B trashes");
    without_times(va)
}

#[test]
fn clocks_a_day_apart_merge_and_resolve_alike_and_times_arrive_unchanged() {
    let root = tempfile::tempdir().unwrap();
    let (live, start) = (root.path().join("live"), root.path().join("start"));
    fs::create_dir_all(&live).unwrap();
    let uuids = {
        let mut p = open(&live);
        let id =
            p.a.import_document(
                doc("算力的账本", &["早在2018年，谷歌便提出BERT。", "芯片与数据中心的电费。"]),
                None,
            )
            .unwrap()
            .article
            .id;
        let noted = p.a.create_highlight(&spec(id, "谷歌", &["公司"])).unwrap();
        p.a.set_highlight_note(noted.id, "谷歌很早。").unwrap();
        let doomed = p.a.create_highlight(&spec(id, "BERT", &["模型"])).unwrap();
        p.a.sync_init(&p.a_folder, "甲", None).unwrap();
        carry(&p.a_folder, &p.b_folder);
        p.b.sync_init(&p.b_folder, "乙", None).unwrap();
        settle(&mut p, 0);
        (noted.uuid, doomed.uuid)
    };
    // Both libraries and folders as they are now: each run starts from the same two devices.
    copy_tree(&live, &start);

    let ahead = apart_then_together(&live, &uuids, DAY);
    fs::remove_dir_all(&live).unwrap();
    copy_tree(&start, &live);
    let behind = apart_then_together(&live, &uuids, -DAY);

    if let Some(diff) = first_difference("", &ahead, &behind) {
        panic!("B a day ahead and a day behind ended apart at {diff}");
    }
}
