//! One article whose text two devices replaced before they synced: one article on both, the
//! same text chosen on both (a replaced text before the first one), every highlight in it.

use super::*;

/// A library at `dir/name.db` with the article of [`TEXT`], replaced by a text opening with
/// `opening` unless it is `None`, and a highlight of `quote`; then joined to its own folder.
fn replaced(dir: &Path, name: &str, opening: Option<&str>, quote: &str) -> (Device, String) {
    let mut lib = Library::open(&dir.join(format!("{name}.db"))).unwrap();
    let id = lib.import_document(doc("算力的账本", &TEXT), None).unwrap().article.id;
    if let Some(opening) = opening {
        let mut text = vec![opening];
        text.extend_from_slice(&TEXT);
        lib.update_article(id, doc("算力的账本", &text)).unwrap();
    }
    let mut d = Device { lib, folder: dir.join(format!("{name}-folder")) };
    let mark = highlight(&mut d, id, quote, &[]).uuid;
    d.lib.sync_init(&d.folder, name, None).unwrap();
    (d, mark)
}

/// The one article of `d`, checked: its length is its text's, and each of `marks` is anchored
/// on its own words.
fn the_one_article(d: &Device, marks: &[String]) -> Article {
    let list = d.lib.articles(&ListOptions::default()).unwrap();
    assert_eq!(list.len(), 1, "one article");
    let article = d.lib.article(list[0].id).unwrap();
    assert_eq!(article.summary.chars as usize, article.text.chars().count());
    for uuid in marks {
        let h = article.highlights.iter().find(|h| &h.uuid == uuid).unwrap();
        assert_eq!(h.anchor.status, AnchorStatus::Anchored);
        let (s, e) = (h.anchor.start as usize, h.anchor.end as usize);
        let there: String = article.text.chars().skip(s).take(e - s).collect();
        assert_eq!(there, h.anchor.exact);
    }
    article
}

#[test]
fn the_same_article_updated_differently_on_two_devices_before_they_synced_becomes_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, ma) = replaced(dir.path(), "a", Some("甲的更新：开头谈模型。"), "谷歌");
    let (mut b, mb) =
        replaced(dir.path(), "b", Some("乙的更新：开头谈电力与芯片的成本。"), "数据中心");
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    for d in [&a, &b] {
        let article = the_one_article(d, &[ma.clone(), mb.clone()]);
        assert!(article.text.starts_with("甲的更新") || article.text.starts_with("乙的更新"));
        let texts = d.lib.synced_texts(article.summary.id).unwrap();
        let other = if article.text.starts_with("甲") { "乙的更新" } else { "甲的更新" };
        assert_eq!(texts.len(), 2, "{texts:#?}");
        assert!(texts[1].text.starts_with(other) && !texts[1].current);
    }
}

#[test]
fn an_update_made_on_one_device_before_syncing_is_not_undone_by_the_other() {
    for updated_first in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, ma) = replaced(dir.path(), "a", Some("更新：开头新增一段。"), "谷歌");
        let (mut b, mb) = replaced(dir.path(), "b", None, "数据中心");
        let mut both = if updated_first { [&mut a, &mut b] } else { [&mut b, &mut a] };
        settle(&mut both);
        assert_same(&[&a, &b]);
        for d in [&a, &b] {
            let article = the_one_article(d, &[ma.clone(), mb.clone()]);
            assert!(article.text.starts_with("更新：开头新增一段。"), "{}", article.text);
            // The first text gave way, and is still within reach.
            let texts = d.lib.synced_texts(article.summary.id).unwrap();
            assert_eq!(texts.len(), 2, "{texts:#?}");
            assert_eq!((texts[0].current, &texts[0].text), (true, &article.text));
            assert!(!texts[1].current && texts[1].text.starts_with(TEXT[0]), "{texts:#?}");
        }
    }
}
