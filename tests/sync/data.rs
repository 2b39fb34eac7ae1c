//! Claims with their evidence, the user's taxonomy entries and colour names, and reading
//! progress, between devices (the helpers are the parent module's).

use super::*;

/// The claim here with UUID `uuid`, with its evidence.
fn claim_with(d: &Device, uuid: &str) -> ClaimView {
    let c = d.lib.claims().unwrap().into_iter().find(|c| c.uuid == uuid);
    d.lib.claim(c.unwrap_or_else(|| panic!("no claim {uuid}")).id).unwrap()
}

#[test]
fn claims_and_their_evidence_made_edited_and_trashed_on_each_side_converge() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let on_a = import(&mut a, "算力的账本", &TEXT);
    let money = highlight(&mut a, on_a, "钱字", &[]);
    settle(&mut [&mut a, &mut b]);
    let ledger_on_b = article_titled(&b, "算力的账本");
    let chips = highlight(&mut b, ledger_on_b, "芯片", &[]);

    // A claim on each side, each citing a highlight made on the other.
    let ca = a.lib.create_claim("算力决定成本").unwrap();
    a.lib.link_evidence(ca.id, money.id, EvidenceRole::Supports, Some("钱是根本")).unwrap();
    let cb = b.lib.create_claim("芯片是瓶颈").unwrap();
    let money_on_b = highlight_with(&b, &money.uuid);
    b.lib.link_evidence(cb.id, money_on_b.id, EvidenceRole::Context, None).unwrap();
    b.lib.link_evidence(cb.id, chips.id, EvidenceRole::Supports, None).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let seen = claim_with(&b, &ca.uuid);
    assert_eq!(seen.claim.text, "算力决定成本");
    assert_eq!(seen.supporting.len(), 1);
    assert_eq!(seen.supporting[0].note.as_deref(), Some("钱是根本"));
    assert_eq!(seen.supporting[0].highlight.uuid, money.uuid);
    assert_eq!(claim_with(&a, &cb.uuid).supporting[0].highlight.uuid, chips.uuid);

    // A rewords and re-roles B's claim; B takes a link off A's and trashes its own.
    let cb_on_a = claim_with(&a, &cb.uuid).claim.id;
    a.lib.rename_claim(cb_on_a, "芯片是最大的瓶颈").unwrap();
    let money_on_a = highlight_with(&a, &money.uuid).id;
    a.lib.link_evidence(cb_on_a, money_on_a, EvidenceRole::Opposes, Some("其实是钱")).unwrap();
    let ca_on_b = claim_with(&b, &ca.uuid).claim.id;
    b.lib.unlink_evidence(ca_on_b, money_on_b.id).unwrap();
    b.lib.delete_claim(cb.id).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(claim_with(&a, &ca.uuid).supporting.len(), 0, "the link taken off on B");
    let trash = a.lib.trash().unwrap();
    assert_eq!(trash.len(), 1, "{trash:?}");
    assert_eq!(trash[0].item.kind, ItemKind::Claim);

    // A restores it: the edits made while it was in the trash elsewhere are there.
    a.lib.restore(trash[0].item).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let back = claim_with(&b, &cb.uuid);
    assert_eq!(back.claim.text, "芯片是最大的瓶颈");
    assert_eq!(back.opposing.len(), 1);
    assert_eq!(back.opposing[0].note.as_deref(), Some("其实是钱"));

    // Trashed and emptied on B: gone everywhere.
    b.lib.delete_claim(back.claim.id).unwrap();
    b.lib.empty_trash().unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(a.lib.claims().unwrap().len(), 1);
    assert!(a.lib.trash().unwrap().is_empty());
}

#[test]
fn concurrent_rewordings_of_one_claim_merge_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let c = a.lib.create_claim("算力决定成本").unwrap();
    settle(&mut [&mut a, &mut b]);
    let on_b = claim_with(&b, &c.uuid).claim.id;
    a.lib.rename_claim(c.id, "算力最终决定成本").unwrap();
    b.lib.rename_claim(on_b, "算力决定推理成本").unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(claim_with(&a, &c.uuid).claim.text, "算力最终决定推理成本");
}

#[test]
fn a_claim_whose_evidence_is_trashed_or_purged_on_the_other_device() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "谷歌", &[]);
    let c = a.lib.create_claim("谷歌起步最早").unwrap();
    a.lib.link_evidence(c.id, h.id, EvidenceRole::Supports, None).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_eq!(claim_with(&b, &c.uuid).supporting.len(), 1);

    // B trashes the highlight: not evidence while in the trash, evidence again once restored.
    let on_b = highlight_with(&b, &h.uuid);
    b.lib.delete(ItemRef { kind: ItemKind::Highlight, id: on_b.id }).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(claim_with(&a, &c.uuid).claim.supporting, 0);
    a.lib.restore(ItemRef { kind: ItemKind::Highlight, id: h.id }).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(claim_with(&b, &c.uuid).supporting.len(), 1);

    // B purges it: the claim stays, without that evidence, on both.
    b.lib.delete(ItemRef { kind: ItemKind::Highlight, id: on_b.id }).unwrap();
    b.lib.empty_trash().unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let left = claim_with(&a, &c.uuid);
    assert_eq!((left.claim.text.as_str(), left.supporting.len()), ("谷歌起步最早", 0));
}

#[test]
fn a_claim_arriving_before_its_evidence_gets_it_when_the_article_comes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "电费", &[]);
    a.lib.sync().unwrap();
    let c = a.lib.create_claim("电费决定推理成本").unwrap();
    a.lib.link_evidence(c.id, h.id, EvidenceRole::Supports, None).unwrap();
    a.lib.sync().unwrap();
    // Only A's newer file (the claim) reaches B first.
    carry(&a.folder, &b.folder, How::NewestFirst);
    b.lib.sync().unwrap();
    let early = claim_with(&b, &c.uuid);
    assert_eq!(early.supporting.len(), 0, "its evidence has not arrived");
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(claim_with(&b, &c.uuid).supporting[0].highlight.uuid, h.uuid);
}

#[test]
fn three_devices_share_taxonomy_entries_and_colour_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) =
        (device(dir.path(), "a"), device(dir.path(), "b"), device(dir.path(), "c"));
    let mine = a
        .lib
        .add_taxonomy_entry(
            EntryKind::Actor,
            &EntryPatch {
                zh: Some("书生实验室".into()),
                en: Some("Shusheng Lab".into()),
                ..Default::default()
            },
        )
        .unwrap();
    b.lib
        .edit_taxonomy_entry(
            "actor/baidu",
            &EntryPatch { aliases: Some(vec!["度厂".into()]), ..Default::default() },
        )
        .unwrap();
    c.lib.remove_taxonomy_entry("actor/tencent").unwrap();
    b.lib.set_color_label(Color::Yellow, "论点").unwrap();
    c.lib.set_color_label(Color::Blue, "反例").unwrap();
    settle(&mut [&mut a, &mut b, &mut c]);
    assert_same(&[&a, &b, &c]);
    let entry = a.lib.taxonomy_entry("actor/baidu").unwrap();
    assert_eq!(entry.aliases, vec!["度厂".to_string()]);
    assert!(a.lib.taxonomy_entry("actor/tencent").is_err(), "removed on C");
    assert_eq!(c.lib.taxonomy_entry(&mine.key).unwrap().zh, "书生实验室");
    let labels = c.lib.color_labels().unwrap();
    assert_eq!(labels.iter().find(|l| l.color == Color::Yellow).unwrap().label, "论点");
    assert_eq!(a.lib.color_named("反例").unwrap(), Color::Blue);

    // A resets the removal and removes its own entry; B renames yellow again.
    a.lib.reset_taxonomy_entry("actor/tencent").unwrap();
    a.lib.remove_taxonomy_entry(&mine.key).unwrap();
    b.lib.set_color_label(Color::Yellow, "主张").unwrap();
    settle(&mut [&mut a, &mut b, &mut c]);
    assert_same(&[&a, &b, &c]);
    assert!(c.lib.taxonomy_entry("actor/tencent").is_ok());
    assert!(b.lib.taxonomy_entry(&mine.key).is_err());
    assert_eq!(a.lib.color_named("主张").unwrap(), Color::Yellow);
}

#[test]
fn reading_progress_travels_and_the_later_value_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let id = import(&mut a, "算力的账本", &TEXT);
    settle(&mut [&mut a, &mut b]);
    a.lib.set_read_progress(id, 0.4).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let on_b = article_titled(&b, "算力的账本");
    let summary = |d: &Device, id: Id| {
        d.lib.articles(&ListOptions::default()).unwrap().into_iter().find(|s| s.id == id).unwrap()
    };
    assert_eq!(summary(&b, on_b).read_percent, 40);
    b.lib.set_read(on_b, true).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert!(summary(&a, id).read_at.is_some());
    // Marked unread on A after seeing B's: A's is the later value.
    a.lib.set_read(id, false).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!((summary(&b, on_b).read_percent, summary(&b, on_b).read_at), (0, None));
    // Read on both while apart: one value everywhere.
    a.lib.set_read_progress(id, 0.7).unwrap();
    b.lib.set_read_progress(on_b, 0.2).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let (pa, pb) = (summary(&a, id).read_percent, summary(&b, on_b).read_percent);
    assert!(pa == 70 || pa == 20, "{pa}");
    assert_eq!(pa, pb);
}

#[test]
fn a_taxonomy_brought_by_a_round_on_another_connection_is_seen_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    // The desktop runs rounds on a connection of its own, beside the window's library.
    let window = Library::open(&dir.path().join("b.db")).unwrap();
    assert!(window.suggest_tags_for_text("书生实验室发布了新模型").unwrap().is_empty());
    a.lib
        .add_taxonomy_entry(
            EntryKind::Actor,
            &EntryPatch { zh: Some("书生实验室".into()), ..Default::default() },
        )
        .unwrap();
    a.lib.sync().unwrap();
    carry(&a.folder, &b.folder, How::Whole);
    let mut rounds = b;
    rounds.lib.sync().unwrap();
    let found = window.suggest_tags_for_text("书生实验室发布了新模型").unwrap();
    assert_eq!(found.first().map(|s| s.tag.as_str()), Some("actor/书生实验室"), "{found:?}");
}

#[test]
fn a_claim_reaches_three_devices_through_a_carrier_that_is_late_partial_twice_and_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = device(dir.path(), "a");
    let mut b = device(dir.path(), "b");
    let mut c = device(dir.path(), "c");
    let id = import(&mut a, "算力的账本", &TEXT);
    let h = highlight(&mut a, id, "谷歌", &[]);
    a.lib.sync().unwrap();
    let claim = a.lib.create_claim("谷歌起步最早").unwrap();
    a.lib.link_evidence(claim.id, h.id, EvidenceRole::Supports, Some("2018年")).unwrap();
    a.lib.sync().unwrap();
    a.lib.rename_claim(claim.id, "谷歌在大模型上起步最早").unwrap();
    a.lib.sync().unwrap();
    // C gets A's newest file first (the rewording, which needs the claim), then the rest.
    carry_badly(&a, &mut c);
    let on_c = claim_with(&c, &claim.uuid);
    assert_eq!(on_c.claim.text, "谷歌在大模型上起步最早");
    assert_eq!(on_c.supporting[0].note.as_deref(), Some("2018年"));
    // C adds evidence against it and relays everything to B, who never saw A's folder.
    let ledger_on_c = article_titled(&c, "算力的账本");
    let chips = highlight(&mut c, ledger_on_c, "芯片", &[]);
    c.lib.link_evidence(on_c.claim.id, chips.id, EvidenceRole::Opposes, None).unwrap();
    c.lib.sync().unwrap();
    carry(&c.folder, &b.folder, How::Whole);
    b.lib.sync().unwrap();
    let on_b = claim_with(&b, &claim.uuid);
    assert_eq!((on_b.supporting.len(), on_b.opposing.len()), (1, 1));
    settle(&mut [&mut a, &mut b, &mut c]);
    assert_same(&[&a, &b, &c]);
}

#[test]
fn a_claim_written_here_is_pending_until_the_round() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = device(dir.path(), "a");
    assert_eq!(a.lib.sync_status().unwrap().pending_articles, 0);
    a.lib.create_claim("训练算力每年翻倍").unwrap();
    assert_eq!(a.lib.sync_status().unwrap().pending_articles, 1);
    a.lib.sync().unwrap();
    assert_eq!(a.lib.sync_status().unwrap().pending_articles, 0);
}
