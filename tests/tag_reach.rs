//! The articles each tag reaches (`tag_article`, kept by triggers): after any sequence of
//! writes through the façade it holds exactly what the links give when counted from scratch,
//! and the article list filtered by a tag keeps what a brute-force walk keeps; a library of
//! schema 17 gets it filled when it is opened.

use crate::library::doc;
use proptest::prelude::*;
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};
use zhaji::*;

/// The tags the operations use: Chinese and English, with parents and children, so that
/// renaming one onto another merges them and a filter keeps a family.
const TAGS: [&str; 7] =
    ["话题/算力", "话题/芯片", "话题", "topic/compute", "topic/compute/gpu", "topic", "成本"];

/// The filters checked: every tag, and a name that is only a parent of others once renamed.
const FILTERS: [&str; 9] = [
    "话题/算力",
    "话题/芯片",
    "话题",
    "topic/compute",
    "topic/compute/gpu",
    "topic",
    "成本",
    "topic/算力",
    "话",
];

/// Takes a library of the current schema back to schema 17: what migrations 18 to 20 made goes
/// (the table of tag reach and its triggers, the titles' index and its settings, the
/// notebook's note indexes).
pub const BACK_TO_SCHEMA_17: &str = "
    DROP TRIGGER tag_article_on_article; DROP TRIGGER tag_article_off_article;
    DROP TRIGGER tag_article_on_highlight;
    DROP TRIGGER tag_article_off_highlight; DROP TRIGGER tag_article_article_link_fixed;
    DROP TRIGGER tag_article_highlight_link_fixed;
    DROP TRIGGER tag_article_highlight_changed; DROP TRIGGER tag_article_highlight_purged;
    DROP TRIGGER tag_article_tag_purged;
    DROP TABLE tag_article;
    DROP TABLE search_titles;
    DELETE FROM setting WHERE key IN ('search.titles', 'search.old_titles');
    DROP INDEX note_loose_by_time; DROP INDEX note_loose_by_article;";

/// `tag_article` as it is: (tag, article) → (on the article, live highlights carrying it).
fn kept(c: &Connection) -> BTreeMap<(i64, i64), (i64, i64)> {
    let mut stmt =
        c.prepare("SELECT tag_id, article_id, on_article, marks FROM tag_article").unwrap();
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))));
    rows.unwrap().map(|r| r.unwrap()).collect()
}

/// `tag_article` as it should be, asked pair by pair of every tag and article (trashed ones
/// included): whether the article carries the tag, and how many of its live highlights do.
fn recomputed(c: &Connection) -> BTreeMap<(i64, i64), (i64, i64)> {
    let mut stmt = c
        .prepare(
            "SELECT tag, art, on_article, marks FROM (
               SELECT t.id AS tag, a.id AS art,
                      EXISTS (SELECT 1 FROM article_tag x
                               WHERE x.tag_id = t.id AND x.article_id = a.id) AS on_article,
                      (SELECT count(*) FROM highlight h, highlight_tag y
                        WHERE y.highlight_id = h.id AND y.tag_id = t.id
                          AND h.article_id = a.id AND h.deleted_at IS NULL) AS marks
                 FROM tag t, article a)
             WHERE on_article = 1 OR marks > 0",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))));
    rows.unwrap().map(|r| r.unwrap()).collect()
}

/// The live articles that live tag `filter` or a child of it reaches, found without the table:
/// each live article's own tags and its live highlights' tags, matched by name in Rust.
fn brute_force(c: &Connection, filter: &str) -> BTreeSet<Id> {
    let family = |name: &str| name == filter || name.starts_with(&format!("{filter}/"));
    let mut stmt = c
        .prepare(
            "SELECT a.id, t.name FROM article a JOIN article_tag x ON x.article_id = a.id
               JOIN tag t ON t.id = x.tag_id
              WHERE a.deleted_at IS NULL AND t.deleted_at IS NULL
             UNION ALL
             SELECT a.id, t.name FROM article a JOIN highlight h ON h.article_id = a.id
               JOIN highlight_tag y ON y.highlight_id = h.id JOIN tag t ON t.id = y.tag_id
              WHERE a.deleted_at IS NULL AND h.deleted_at IS NULL AND t.deleted_at IS NULL",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)));
    rows.unwrap().map(|r| r.unwrap()).filter(|(_, name)| family(name)).map(|(id, _)| id).collect()
}

/// The table equals its recomputation, and every filter's page, total and whole list equal
/// the brute-force walk.
fn check(lib: &Library, c: &Connection, step: &str) {
    assert_eq!(kept(c), recomputed(c), "tag_article after {step}");
    for filter in FILTERS {
        let want = brute_force(c, filter);
        let opts = ListOptions { tag: Some(filter.to_owned()), ..Default::default() };
        let page = lib.list_articles(&opts, &ListPage { offset: 0, after: None, limit: 500 });
        let page = page.unwrap();
        assert_eq!(page.total as usize, want.len(), "total of {filter} after {step}");
        let listed: BTreeSet<Id> = page.items.iter().map(|a| a.id).collect();
        assert_eq!(listed, want, "page of {filter} after {step}");
        let whole: BTreeSet<Id> = lib.articles(&opts).unwrap().iter().map(|a| a.id).collect();
        assert_eq!(whole, want, "whole list of {filter} after {step}");
    }
}

/// One write through the façade; the numbers pick among what exists (or once existed).
#[derive(Debug, Clone)]
enum Op {
    /// A new article, with some tags of its own from the start.
    Import {
        tags: Vec<usize>,
    },
    /// A new text for an article imported from a source: its highlights are anchored again.
    Update {
        article: usize,
    },
    TagArticle {
        article: usize,
        tag: usize,
    },
    UntagArticle {
        article: usize,
        tag: usize,
    },
    Highlight {
        article: usize,
        tags: Vec<usize>,
    },
    TagHighlight {
        highlight: usize,
        tag: usize,
    },
    UntagHighlight {
        highlight: usize,
        tag: usize,
    },
    TrashHighlight {
        highlight: usize,
    },
    RestoreHighlight {
        highlight: usize,
    },
    TrashArticle {
        article: usize,
    },
    RestoreArticle {
        article: usize,
    },
    TrashTag {
        tag: usize,
    },
    RestoreTags,
    /// Renames a tag (and its children) to another name of the list: a merge when it exists.
    Rename {
        from: usize,
        to: usize,
    },
    EmptyTrash,
}

fn op() -> impl Strategy<Value = Op> {
    let n = 0usize..64;
    let tag = 0usize..TAGS.len();
    let tags = proptest::collection::vec(0usize..TAGS.len(), 0..3);
    prop_oneof![
        2 => tags.clone().prop_map(|tags| Op::Import { tags }),
        1 => n.clone().prop_map(|article| Op::Update { article }),
        2 => (n.clone(), tag.clone()).prop_map(|(article, tag)| Op::TagArticle { article, tag }),
        1 => (n.clone(), tag.clone()).prop_map(|(article, tag)| Op::UntagArticle { article, tag }),
        4 => (n.clone(), tags).prop_map(|(article, tags)| Op::Highlight { article, tags }),
        2 => (n.clone(), tag.clone()).prop_map(|(highlight, tag)| Op::TagHighlight { highlight, tag }),
        1 => (n.clone(), tag.clone())
            .prop_map(|(highlight, tag)| Op::UntagHighlight { highlight, tag }),
        2 => n.clone().prop_map(|highlight| Op::TrashHighlight { highlight }),
        1 => n.clone().prop_map(|highlight| Op::RestoreHighlight { highlight }),
        1 => n.clone().prop_map(|article| Op::TrashArticle { article }),
        1 => n.clone().prop_map(|article| Op::RestoreArticle { article }),
        1 => tag.clone().prop_map(|tag| Op::TrashTag { tag }),
        1 => Just(Op::RestoreTags),
        1 => (tag.clone(), tag).prop_map(|(from, to)| Op::Rename { from, to }),
        1 => Just(Op::EmptyTrash),
    ]
}

/// The text of the `n`th article imported, in its `version`.
fn text(n: usize, version: usize) -> String {
    format!("第{n}篇：算力与芯片的成本，版本{version}。Compute and chips cost money, part {n}.")
}

/// What the operations have made so far, by the order they made it.
#[derive(Default)]
struct Made {
    articles: Vec<Id>,
    highlights: Vec<Id>,
    versions: Vec<usize>,
}

fn pick(ids: &[Id], n: usize) -> Option<Id> {
    (!ids.is_empty()).then(|| ids[n % ids.len()])
}

/// Runs one operation. Many are refused in the state they meet (tagging a trashed article, a
/// highlight purged, renaming a tag that is not there): a refusal changes nothing, and the
/// table is checked all the same.
fn apply(lib: &mut Library, made: &mut Made, op: &Op) {
    let article = |made: &Made, n: usize| ItemRef {
        kind: ItemKind::Article,
        id: pick(&made.articles, n).unwrap_or(0),
    };
    let highlight = |made: &Made, n: usize| ItemRef {
        kind: ItemKind::Highlight,
        id: pick(&made.highlights, n).unwrap_or(0),
    };
    let _ = match op {
        Op::Import { tags } => {
            let n = made.articles.len();
            let mut d = doc(&format!("文章 {n} article"), &[&text(n, 0)]);
            d.tags = tags.iter().map(|t| TAGS[*t].to_owned()).collect();
            lib.import_document(d, Some(format!("https://example.com/{n}"))).map(|o| {
                made.articles.push(o.article.id);
                made.versions.push(0);
            })
        }
        Op::Update { article: a } => {
            let Some(i) = (!made.articles.is_empty()).then(|| a % made.articles.len()) else {
                return;
            };
            made.versions[i] += 1;
            let d = doc(&format!("文章 {i} article"), &[&text(i, made.versions[i])]);
            lib.import_document(d, Some(format!("https://example.com/{i}"))).map(|_| ())
        }
        Op::TagArticle { article: a, tag } => lib.add_tag(article(made, *a), TAGS[*tag]),
        Op::UntagArticle { article: a, tag } => lib.remove_tag(article(made, *a), TAGS[*tag]),
        Op::Highlight { article: a, tags } => {
            let Some(id) = pick(&made.articles, *a) else { return };
            let start = (made.highlights.len() % 8) as u32;
            let spec = HighlightSpec {
                article_id: id,
                range: Some((start, start + 3)),
                quote: None,
                occurrence: None,
                color: Color::Yellow,
                tags: tags.iter().map(|t| TAGS[*t].to_owned()).collect(),
                note: None,
            };
            lib.create_highlight(&spec).map(|h| made.highlights.push(h.id))
        }
        Op::TagHighlight { highlight: h, tag } => lib.add_tag(highlight(made, *h), TAGS[*tag]),
        Op::UntagHighlight { highlight: h, tag } => lib.remove_tag(highlight(made, *h), TAGS[*tag]),
        Op::TrashHighlight { highlight: h } => lib.delete(highlight(made, *h)),
        Op::RestoreHighlight { highlight: h } => lib.restore(highlight(made, *h)),
        Op::TrashArticle { article: a } => lib.delete(article(made, *a)),
        Op::RestoreArticle { article: a } => lib.restore(article(made, *a)),
        Op::TrashTag { tag } => match lib.tags().unwrap().iter().find(|t| t.name == TAGS[*tag]) {
            Some(t) => lib.delete(ItemRef { kind: ItemKind::Tag, id: t.id }),
            None => return,
        },
        Op::RestoreTags => {
            for item in lib.trash().unwrap() {
                if item.item.kind == ItemKind::Tag {
                    let _ = lib.restore(item.item);
                }
            }
            Ok(())
        }
        Op::Rename { from, to } => lib.rename_tag(TAGS[*from], TAGS[*to]),
        Op::EmptyTrash => lib.empty_trash().map(|_| ()),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the writes, the table is the one the links give, and a tag's list and total are
    /// those of a walk over every article.
    #[test]
    fn the_table_stays_what_the_links_give(ops in proptest::collection::vec(op(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.db");
        let mut lib = Library::open(&path).unwrap();
        let c = Connection::open(&path).unwrap();
        let mut made = Made::default();
        for (i, op) in ops.iter().enumerate() {
            apply(&mut lib, &mut made, op);
            check(&lib, &c, &format!("step {i}, {op:?}"));
        }
    }
}

/// A fixed sequence that goes through each way a link leaves: a highlight purged alone, one
/// purged with its article, a tag merged into another by a rename, a tag trashed and purged.
#[test]
fn purges_and_merges_take_their_links_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let mut lib = Library::open(&path).unwrap();
    let c = Connection::open(&path).unwrap();
    let mut made = Made::default();
    let steps = [
        Op::Import { tags: vec![0] },
        Op::Import { tags: vec![3] },
        Op::Highlight { article: 0, tags: vec![0, 3] },
        Op::Highlight { article: 0, tags: vec![3] },
        Op::Highlight { article: 1, tags: vec![1, 4] },
        Op::TrashHighlight { highlight: 1 },
        Op::EmptyTrash,
        Op::TrashArticle { article: 1 },
        Op::EmptyTrash,
        Op::Rename { from: 0, to: 3 },
        Op::Rename { from: 2, to: 5 },
        Op::TrashTag { tag: 3 },
        Op::EmptyTrash,
    ];
    for (i, op) in steps.iter().enumerate() {
        apply(&mut lib, &mut made, op);
        check(&lib, &c, &format!("step {i}, {op:?}"));
        if i == 4 {
            // Two articles reached: one by two highlights, the other by its own tag and one.
            assert_eq!(brute_force(&c, "topic").len(), 2);
        }
    }
    // What carried a tag is gone: the second article and two highlights were purged, and
    // `topic/compute`, into which `话题/算力` was merged, went to the trash and then for good.
    assert!(kept(&c).is_empty(), "{:?}", kept(&c));
}

/// A library of schema 17 with tagged articles and highlights (some trashed, an article in the
/// trash) gets the table filled from its links when it is opened, and its lists count right.
#[test]
fn a_schema_17_library_gets_its_tag_reach_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let (a, b, h) = {
        let mut lib = Library::open(&path).unwrap();
        let mut made = Made::default();
        for op in [
            Op::Import { tags: vec![2] },
            Op::Import { tags: vec![] },
            Op::Import { tags: vec![6] },
            Op::Highlight { article: 0, tags: vec![0, 3] },
            Op::Highlight { article: 1, tags: vec![0] },
            Op::Highlight { article: 1, tags: vec![4] },
            Op::Highlight { article: 2, tags: vec![1] },
            Op::TrashHighlight { highlight: 3 },
            Op::TrashArticle { article: 2 },
        ] {
            apply(&mut lib, &mut made, &op);
        }
        (made.articles[0], made.articles[1], made.highlights[0])
    };
    {
        // Back to schema 17, then written as that Zhaji would: links the table never saw.
        let c = Connection::open(&path).unwrap();
        c.execute_batch(BACK_TO_SCHEMA_17).unwrap();
        c.execute_batch(&format!(
            "INSERT INTO tag (name, created_at) VALUES ('话题/新', 'x');
             INSERT INTO article_tag (article_id, tag_id)
               SELECT {b}, id FROM tag WHERE name = '话题/新';
             UPDATE highlight SET deleted_at = 'x' WHERE id = {h};
             PRAGMA user_version = 17;"
        ))
        .unwrap();
    }
    let lib = Library::open(&path).unwrap();
    let c = Connection::open(&path).unwrap();
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(version >= 18);
    assert!(!kept(&c).is_empty());
    check(&lib, &c, "the upgrade");
    // 话题 reaches the first article by its own tag only now, the second by a highlight and
    // the new tag; the third is in the trash.
    assert_eq!(brute_force(&c, "话题"), BTreeSet::from([a, b]));
    assert_eq!(brute_force(&c, "topic"), BTreeSet::from([b]));
}
