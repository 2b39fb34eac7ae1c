//! The article list a page at a time: every order, direction and tag filter, read in pages by
//! offset and by the article before the page, gives exactly the whole list the library gives at
//! once (the oracle), while articles are trashed and purged between reads.

use zhaji::import::{Block, Document};
use zhaji::*;

fn doc(n: usize) -> Document {
    // Titles that sort by pinyin, by number value and as Latin; some dated, some not, some on
    // the same day (ties go by import time, then id).
    let stems = ["算力", "数据", "Chips", "阿里巴巴", "第2篇", "第10篇", "energy", "百度"];
    let published = match n % 3 {
        0 => None,
        1 => Some(format!("2025-0{}-01", 1 + n % 9)),
        _ => Some("2024-12-31".to_owned()),
    };
    Document {
        meta: ArticleMeta {
            title: format!("{} {}", stems[n % stems.len()], n / 5),
            published,
            ..Default::default()
        },
        blocks: vec![Block {
            kind: PassageKind::Paragraph,
            level: 0,
            text: format!("第{n}篇的正文，讲算力与成本。"),
            links: vec![],
        }],
        format: "text".into(),
        encoding: "UTF-8".into(),
        tags: if n.is_multiple_of(4) { vec!["topic/算力".into()] } else { vec![] },
        ..Default::default()
    }
}

/// The ids of the whole list read in pages of `size`, each after the last row of the one
/// before (`keyset`) or at its offset, checking the total every page gives.
fn paged(lib: &Library, opts: &ListOptions, size: u32, keyset: bool) -> Vec<Id> {
    let mut ids: Vec<Id> = vec![];
    loop {
        let at = ListPage {
            offset: ids.len() as u32,
            after: if keyset { ids.last().copied() } else { None },
            limit: size,
        };
        let page = lib.list_articles(opts, &at).unwrap();
        assert_eq!(page.offset, at.offset);
        assert_eq!(page.total as usize, lib.articles(opts).unwrap().len(), "{opts:?}");
        assert!(page.items.len() <= size as usize);
        let done = page.items.len() < size as usize;
        ids.extend(page.items.iter().map(|a| a.id));
        if done {
            return ids;
        }
    }
}

/// Highlights the first characters of article `id` with tag `tag` on the highlight.
fn tag_a_highlight(lib: &mut Library, id: Id, tag: &str) {
    let spec = HighlightSpec {
        article_id: id,
        range: Some((0, 3)),
        quote: None,
        occurrence: None,
        color: Color::Blue,
        tags: vec![tag.into()],
        note: None,
    };
    lib.create_highlight(&spec).unwrap();
}

fn every_list() -> Vec<ListOptions> {
    let mut all = vec![];
    for sort in [SortBy::Imported, SortBy::Updated, SortBy::Title, SortBy::Published] {
        for ascending in [false, true] {
            for tag in [None, Some("topic".to_owned()), Some("topic/算力".to_owned())] {
                all.push(ListOptions { sort, ascending, tag });
            }
        }
    }
    all
}

#[test]
fn pages_by_offset_and_by_key_give_the_whole_list_in_every_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let docs = (0..90).map(|n| (doc(n), None)).collect();
    let ids: Vec<Id> =
        lib.import_documents(docs).into_iter().map(|r| r.unwrap().article.id).collect();
    // A highlight's tag brings its article into the tag's list; trashed articles leave it.
    tag_a_highlight(&mut lib, ids[1], "topic/数据");
    lib.delete(ItemRef { kind: ItemKind::Article, id: ids[8] }).unwrap();
    lib.delete(ItemRef { kind: ItemKind::Article, id: ids[9] }).unwrap();
    lib.set_article_meta(
        ids[3],
        &ArticleMetaPatch { title: Some("一".into()), ..Default::default() },
    )
    .unwrap();

    for opts in every_list() {
        let whole: Vec<Id> = lib.articles(&opts).unwrap().iter().map(|a| a.id).collect();
        assert!(!whole.is_empty(), "{opts:?}");
        for size in [1, 7, 500] {
            assert_eq!(paged(&lib, &opts, size, true), whole, "by key, pages of {size}: {opts:?}");
            assert_eq!(
                paged(&lib, &opts, size, false),
                whole,
                "by offset, pages of {size}: {opts:?}"
            );
        }
    }
    let titled = ListOptions { sort: SortBy::Title, ascending: true, tag: None };
    let first = lib.list_articles(&titled, &ListPage { offset: 0, after: None, limit: 3 }).unwrap();
    let titles: Vec<&str> = first.items.iter().map(|a| a.meta.title.as_str()).collect();
    // Pinyin first (阿 is a), numbers by value; the renamed article left its place.
    assert_eq!(titles, ["阿里巴巴 2", "阿里巴巴 3", "阿里巴巴 5"]);
    assert_eq!(first.total, 88);
    let zh = ListOptions { tag: Some("topic/算力".into()), ..titled };
    assert_eq!(
        lib.list_articles(&zh, &ListPage { offset: 0, after: None, limit: 500 }).unwrap().total,
        22
    );
}

#[test]
fn a_page_after_an_article_gone_from_the_list_still_follows_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let docs = (0..30).map(|n| (doc(n), None)).collect();
    let ids: Vec<Id> =
        lib.import_documents(docs).into_iter().map(|r| r.unwrap().article.id).collect();
    for opts in every_list().into_iter().filter(|o| o.tag.is_none()) {
        let whole: Vec<Id> = lib.articles(&opts).unwrap().iter().map(|a| a.id).collect();
        // The tenth row is trashed after it was seen: the next page starts with the eleventh.
        let seen = whole[9];
        lib.delete(ItemRef { kind: ItemKind::Article, id: seen }).unwrap();
        let page = lib
            .list_articles(&opts, &ListPage { offset: 10, after: Some(seen), limit: 5 })
            .unwrap();
        let got: Vec<Id> = page.items.iter().map(|a| a.id).collect();
        assert_eq!(got, whole[10..15], "{opts:?}");
        assert_eq!(page.total as usize, whole.len() - 1);
        lib.restore(ItemRef { kind: ItemKind::Article, id: seen }).unwrap();
    }
    // An article purged for good has no key: the offset counts instead.
    let opts = ListOptions::default();
    let gone = ids[0];
    lib.delete(ItemRef { kind: ItemKind::Article, id: gone }).unwrap();
    lib.empty_trash().unwrap();
    let whole: Vec<Id> = lib.articles(&opts).unwrap().iter().map(|a| a.id).collect();
    let page =
        lib.list_articles(&opts, &ListPage { offset: 4, after: Some(gone), limit: 3 }).unwrap();
    assert_eq!(page.items.iter().map(|a| a.id).collect::<Vec<_>>(), whole[4..7]);
    // Limits are kept to 1..=500; an offset past the end gives an empty page and the total.
    let one = lib.list_articles(&opts, &ListPage { offset: 0, after: None, limit: 0 }).unwrap();
    assert_eq!(one.items.len(), 1);
    let past =
        lib.list_articles(&opts, &ListPage { offset: 1000, after: None, limit: 10 }).unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total, 29);
}

/// A tag on thousands of articles is read by probing each article down the order (a tag on few
/// by gathering its articles first): the same pages either way, with the tag on an article, on
/// a highlight, on a child tag, and trashed articles left out.
#[test]
fn a_tag_on_thousands_of_articles_pages_like_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let docs = (0..2_450)
        .map(|n| {
            let mut d = doc(n);
            d.tags = match n % 7 {
                0 => vec![],
                1 => vec!["话题".into()],
                _ => vec!["话题/算力".into()],
            };
            (d, None)
        })
        .collect();
    let ids: Vec<Id> =
        lib.import_documents(docs).into_iter().map(|r| r.unwrap().article.id).collect();
    tag_a_highlight(&mut lib, ids[7], "话题/数据");
    lib.delete(ItemRef { kind: ItemKind::Article, id: ids[1] }).unwrap();
    for sort in [SortBy::Title, SortBy::Published] {
        for ascending in [false, true] {
            let opts = ListOptions { sort, ascending, tag: Some("话题".into()) };
            let whole: Vec<Id> = lib.articles(&opts).unwrap().iter().map(|a| a.id).collect();
            assert!(whole.len() >= 2_000 && whole.contains(&ids[7]) && !whole.contains(&ids[1]));
            for size in [100, 500] {
                assert_eq!(paged(&lib, &opts, size, true), whole, "by key: {opts:?}");
            }
            assert_eq!(paged(&lib, &opts, 300, false), whole, "by offset: {opts:?}");
        }
    }
}
