//! An item's history: where two devices set a field at once, the value that gave way is still
//! listed, with the device that wrote it; a note's versions; a tag's names. The command line's
//! `sync history --json` says the same.

use super::*;

/// The values of field `name` in `h`, as (value, device name, current, in conflict).
fn values(h: &SyncHistory, name: &str) -> Vec<(String, String, bool, bool)> {
    let f =
        h.fields.iter().find(|f| f.field == name).unwrap_or_else(|| panic!("no {name}: {h:#?}"));
    f.values
        .iter()
        .map(|v| (v.value.clone(), v.device.clone().unwrap_or_default(), v.current, v.in_conflict))
        .collect()
}

#[test]
fn a_colour_chosen_between_two_devices_keeps_the_other_in_the_history_of_both() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "甲电脑"), device(dir.path(), "乙电脑"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "谷歌", &[]);
    settle(&mut [&mut a, &mut b]);
    let on_b = highlight_with(&b, &h.uuid);
    // Both recolour while apart.
    a.lib.set_highlight_color(h.id, Color::Blue).unwrap();
    b.lib.set_highlight_color(on_b.id, Color::Pink).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let shown = highlight_with(&a, &h.uuid).color;
    assert_eq!(highlight_with(&b, &h.uuid).color, shown);
    let (shown, other) = match shown {
        Color::Blue => ("blue", "pink"),
        Color::Pink => ("pink", "blue"),
        c => panic!("neither device's colour is shown: {c:?}"),
    };
    let on_a = a.lib.sync_history(&h.uuid).unwrap();
    let on_b = b.lib.sync_history(&h.uuid).unwrap();
    assert_eq!(on_a.kind, "highlight");
    assert_eq!(values(&on_a, "color"), values(&on_b, "color"), "both devices list alike");
    let colors = values(&on_a, "color");
    let who = |c: &str| if c == "blue" { "甲电脑" } else { "乙电脑" };
    assert_eq!(colors[0], (shown.to_owned(), who(shown).to_owned(), true, true), "{colors:?}");
    assert_eq!(colors[1], (other.to_owned(), who(other).to_owned(), false, true), "{colors:?}");
    assert_eq!(colors[2], ("yellow".to_owned(), "甲电脑".to_owned(), false, false));
    assert_eq!(colors.len(), 3, "{colors:?}");
    let field = on_a.fields.iter().find(|f| f.field == "color").unwrap();
    let mine: Vec<bool> = field.values.iter().map(|v| v.this_device).collect();
    assert_eq!(mine, colors.iter().map(|c| c.1 == "甲电脑").collect::<Vec<_>>());
    assert!(field.values.iter().all(|v| v.written_at_device_clock.is_some()));
    // An item given by a UUID nothing has, or by something that is not one.
    let missing = a.lib.sync_history("00000000-0000-4000-8000-000000000000").unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert_eq!(a.lib.sync_history("谷歌").unwrap_err().kind(), ErrorKind::InvalidInput);

    // The command line says the same, as one JSON document.
    use crate::cli::ok;
    let json: Value = serde_json::from_str(&ok(
        &dir.path().join("乙电脑.db"),
        &["sync", "history", &h.uuid, "--json"],
    ))
    .unwrap();
    let color = json["fields"].as_array().unwrap().iter().find(|f| f["field"] == "color").unwrap();
    assert_eq!(color["values"][0]["value"], shown);
    assert_eq!(color["values"][0]["current"], true);
    assert_eq!(color["values"][1]["value"], other);
    assert_eq!(color["values"][1]["in_conflict"], true);
    assert_eq!(color["values"][1]["device"], who(other));
    let text = ok(&dir.path().join("乙电脑.db"), &["sync", "history", &h.uuid]);
    assert!(
        text.lines().any(|l| l.starts_with("color\tin conflict\t") && l.contains(other)),
        "{text}"
    );
}

#[test]
fn a_note_edited_on_both_devices_lists_each_version_and_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "谷歌", &[]);
    let note = a.lib.set_highlight_note(h.id, "谷歌很早。").unwrap();
    settle(&mut [&mut a, &mut b]);
    let on_b = highlight_with(&b, &h.uuid);
    a.lib.set_highlight_note(h.id, "开头：谷歌很早。").unwrap();
    b.lib.set_highlight_note(on_b.id, "谷歌很早。结尾").unwrap();
    settle(&mut [&mut a, &mut b]);
    let uuid = highlight_with(&a, &h.uuid).note.unwrap().uuid;
    assert_eq!(note.map(|n| n.uuid), Some(uuid.clone()));
    for d in [&a, &b] {
        let history = d.lib.sync_history(&uuid).unwrap();
        assert_eq!(history.kind, "note");
        let body = values(&history, "body");
        assert_eq!(body[0].0, "开头：谷歌很早。结尾", "the merge is the current value: {body:?}");
        assert!(body[0].2 && body[0].1.is_empty(), "no one device wrote the merge: {body:?}");
        let versions: Vec<(&str, &str)> =
            body[1..].iter().map(|(v, d, _, _)| (v.as_str(), d.as_str())).collect();
        assert_eq!(versions[0], ("谷歌很早。", "a"), "{body:?}");
        assert!(versions.contains(&("开头：谷歌很早。", "a")), "{body:?}");
        assert!(versions.contains(&("谷歌很早。结尾", "b")), "{body:?}");
        assert_eq!(versions.len(), 3, "{body:?}");
    }
}

#[test]
fn a_renamed_tag_lists_its_names_and_a_library_that_never_joined_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    highlight(&mut a, id, "算力", &["成本"]);
    settle(&mut [&mut a, &mut b]);
    a.lib.rename_tag("成本", "经济/成本").unwrap();
    settle(&mut [&mut a, &mut b]);
    let tag = b.lib.tags().unwrap().into_iter().find(|t| t.name == "经济/成本").unwrap();
    let history = b.lib.sync_history(&tag.uuid).unwrap();
    assert_eq!(history.kind, "tag");
    let names: Vec<(String, String, bool, bool)> = values(&history, "name");
    assert_eq!(
        names,
        vec![
            ("经济/成本".to_owned(), "a".to_owned(), true, false),
            ("成本".to_owned(), "a".to_owned(), false, false)
        ]
    );
    // The article's own fields have a history too.
    let article =
        b.lib.sync_history(&b.lib.article(article_titled(&b, "算力的账本")).unwrap().summary.uuid);
    assert_eq!(values(&article.unwrap(), "title")[0].0, "算力的账本");

    let lib = Library::open(&dir.path().join("alone.db")).unwrap();
    let mut alone = Device { lib, folder: dir.path().join("never-joined") };
    let id = import(&mut alone, "算力的账本", &TEXT);
    let h = highlight(&mut alone, id, "谷歌", &[]);
    let err = alone.lib.sync_history(&h.uuid).unwrap_err();
    assert_eq!(err.sync_problem(), Some(&SyncProblem::NotJoined), "{err}");
}

#[test]
fn the_uuids_another_device_gave_one_article_and_one_tag_find_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let on_a = import(&mut a, "算力的账本", &TEXT);
    let on_b = import(&mut b, "算力的账本", &TEXT);
    highlight(&mut a, on_a, "算力", &["成本"]);
    highlight(&mut b, on_b, "电费", &["成本"]);
    let article = |d: &Device, id| d.lib.article(id).unwrap().summary.uuid;
    let tag =
        |d: &Device| d.lib.tags().unwrap().into_iter().find(|t| t.name == "成本").unwrap().uuid;
    let uuids = [article(&a, on_a), article(&b, on_b)];
    let tags = [tag(&a), tag(&b)];
    assert_ne!(uuids[0], uuids[1]);
    settle(&mut [&mut a, &mut b]);
    for d in [&a, &b] {
        for u in &uuids {
            let h = d.lib.sync_history(u).unwrap();
            assert_eq!(h.kind, "article");
            assert_eq!(values(&h, "title")[0].0, "算力的账本");
        }
        for u in &tags {
            let h = d.lib.sync_history(u).unwrap();
            assert_eq!((h.kind.as_str(), values(&h, "name")[0].0.as_str()), ("tag", "成本"));
        }
    }
}
