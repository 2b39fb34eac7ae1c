//! Search: the oracle test against a brute-force scan of the corpus, the query language and its
//! errors, every filter, and the index following every write (update, trash, restore, notes).

use crate::corpus_or_skip;
use crate::library::doc;
use std::collections::BTreeSet;
use zhaji::search::fold;
use zhaji::text::is_cjk;
use zhaji::*;

/// Every hit of one kind, reading all pages.
fn all_hits(lib: &Library, q: &str, kind: HitKind) -> Vec<SearchHit> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let r = lib.search(q, &SearchOptions { limit: 200, offset }).unwrap();
        let Some(g) = r.groups.into_iter().find(|g| g.kind == kind) else { break };
        let n = g.hits.len() as u32;
        let total = g.total as usize;
        out.extend(g.hits);
        offset += n;
        if n == 0 || out.len() >= total {
            assert_eq!(out.len(), total, "{q}: the total agrees with the pages");
            break;
        }
    }
    out
}

fn passage_keys(lib: &Library, q: &str) -> BTreeSet<(Id, u32)> {
    all_hits(lib, q, HitKind::Passage)
        .into_iter()
        .map(|h| (h.article_id, h.passage_ordinal.unwrap()))
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Brute force: does the folded text contain `words` as consecutive whole words, with only
/// punctuation or spaces (no CJK, no other word) between them?
fn has_words(text: &str, words: &[&str]) -> bool {
    let t: Vec<char> = fold(text).chars().collect();
    let ws: Vec<Vec<char>> = words.iter().map(|w| fold(w).chars().collect()).collect();
    'start: for s in 0..t.len() {
        let mut i = s;
        for (k, w) in ws.iter().enumerate() {
            if k > 0 {
                while i < t.len() && !is_word_char(t[i]) && !is_cjk(t[i]) {
                    i += 1;
                }
            }
            let before_ok = i == 0 || !is_word_char(t[i - 1]);
            if !(before_ok && t.len() >= i + w.len() && t[i..i + w.len()] == w[..]) {
                continue 'start;
            }
            i += w.len();
            if i < t.len() && is_word_char(t[i]) {
                continue 'start;
            }
        }
        return true;
    }
    false
}

struct Corpus {
    _dir: tempfile::TempDir,
    lib: Library,
    /// (article, ordinal, text) of every passage.
    passages: Vec<(Id, u32, String)>,
}

fn corpus_library() -> Option<Corpus> {
    let articles = zhaji_corpus("articles")?;
    let seed = zhaji_corpus("seed/000_4b857f83adbe41b1.txt")?;
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.push(seed);
    // Half one by one (the index's triggers), half at once (rows written by the bulk import):
    // the oracle checks both.
    let mut ids: Vec<Id> = Vec::new();
    let half = files.len() / 2;
    for f in &files[..half] {
        ids.push(lib.import_file(f).unwrap().article.id);
    }
    for r in lib.import_files(&files[half..], &mut |_| true) {
        ids.push(r.unwrap().article.id);
    }
    let mut passages = Vec::new();
    for id in ids {
        for p in lib.article(id).unwrap().passages {
            passages.push((id, p.ordinal, p.text));
        }
    }
    Some(Corpus { _dir: dir, lib, passages })
}

fn zhaji_corpus(rel: &str) -> Option<std::path::PathBuf> {
    crate::common::corpus(rel)
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The heart of it: random Chinese substrings (1–8 characters) and random English words from
/// the corpus find exactly the passages a brute-force scan of the folded text finds.
#[test]
fn oracle_random_substrings_and_words_match_a_brute_force_scan() {
    let _ = corpus_or_skip!("articles");
    let Some(c) = corpus_library() else { return };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut cjk_runs: Vec<Vec<char>> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for (_, _, t) in &c.passages {
        let chars: Vec<char> = t.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let s = i;
            if is_cjk(chars[i]) {
                while i < chars.len() && is_cjk(chars[i]) {
                    i += 1;
                }
                cjk_runs.push(chars[s..i].to_vec());
            } else if is_word_char(chars[i]) {
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                words.push(chars[s..i].iter().collect());
            } else {
                i += 1;
            }
        }
    }
    assert!(cjk_runs.len() > 100 && words.len() > 100);
    let mut checked = 0;
    for _ in 0..300 {
        let run = &cjk_runs[rng.below(cjk_runs.len())];
        let len = 1 + rng.below(8.min(run.len()));
        let start = rng.below(run.len() - len + 1);
        let q: String = run[start..start + len].iter().collect();
        let fq = fold(&q);
        let want: BTreeSet<(Id, u32)> = c
            .passages
            .iter()
            .filter(|(_, _, t)| fold(t).contains(&fq))
            .map(|(a, o, _)| (*a, *o))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(passage_keys(&c.lib, &q), want, "query {q:?}");
        checked += 1;
    }
    for _ in 0..150 {
        let w = &words[rng.below(words.len())];
        let want: BTreeSet<(Id, u32)> = c
            .passages
            .iter()
            .filter(|(_, _, t)| has_words(t, &[w]))
            .map(|(a, o, _)| (*a, *o))
            .collect();
        assert!(!want.is_empty(), "{w}");
        assert_eq!(passage_keys(&c.lib, w), want, "query {w:?}");
        checked += 1;
    }
    assert_eq!(checked, 450);
}

/// The 'done when' queries find every passage containing them and nothing else, and each hit's
/// match positions point at the text in the article.
#[test]
fn done_when_queries_find_every_passage_and_mark_the_match() {
    let _ = corpus_or_skip!("articles");
    let Some(c) = corpus_library() else { return };
    for q in ["钱", "算力", "大模型", "蒸馏", "GPT-3"] {
        let want: BTreeSet<(Id, u32)> = c
            .passages
            .iter()
            .filter(
                |(_, _, t)| {
                    if q == "GPT-3" {
                        has_words(t, &["gpt", "3"])
                    } else {
                        t.contains(q)
                    }
                },
            )
            .map(|(a, o, _)| (*a, *o))
            .collect();
        assert!(!want.is_empty(), "{q} is in the corpus");
        assert_eq!(passage_keys(&c.lib, q), want, "{q}");
        for h in all_hits(&c.lib, q, HitKind::Passage) {
            let article = c.lib.article(h.article_id).unwrap();
            let off = h.article_offset.unwrap();
            let m = h.matches[0];
            let marked =
                text::slice_chars(&article.text, (off + m.start) as usize, (off + m.end) as usize)
                    .unwrap();
            assert_eq!(fold(marked), fold(q), "{q} marked in article {}", h.article_id);
            let s: Vec<char> = h.snippet.chars().collect();
            let mk = h.snippet_marks[0];
            let in_snippet: String = s[mk.start as usize..mk.end as usize].iter().collect();
            assert_eq!(fold(&in_snippet), fold(q));
        }
    }
}

fn small_library() -> (tempfile::TempDir, Library, Id, Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let mut d1 = doc(
        "算力的账本",
        &[
            "算力、场景、文本的堆砌归根结底是一个钱字。",
            "GPT-3 has 175B parameters; optimizers and optimization matter.",
            "數據中心的能耗",
        ],
    );
    d1.meta.published = Some("2020-05-01".into());
    let a = lib.import_document(d1, None).unwrap().article.id;
    let b = lib
        .import_document(doc("芯片 chips", &["AI 芯片的竞争", "模型蒸馏与数据"]), None)
        .unwrap()
        .article
        .id;
    (dir, lib, a, b)
}

fn kinds(r: &SearchResults) -> Vec<(HitKind, u32)> {
    r.groups.iter().map(|g| (g.kind, g.total)).collect()
}

fn search(lib: &Library, q: &str) -> SearchResults {
    lib.search(q, &SearchOptions::default()).unwrap()
}

fn hl(
    lib: &mut Library,
    article: Id,
    quote: &str,
    color: Color,
    tags: &[&str],
    note: Option<&str>,
) -> Highlight {
    // By offsets: quoting goes through the anchoring code, which is another piece of work.
    let text = lib.article(article).unwrap().text;
    let byte = text.find(quote).unwrap();
    let start = text[..byte].chars().count() as u32;
    let end = start + quote.chars().count() as u32;
    lib.create_highlight(&HighlightSpec {
        article_id: article,
        range: Some((start, end)),
        quote: None,
        occurrence: None,
        color,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: note.map(str::to_owned),
    })
    .unwrap()
}

#[test]
fn traditional_simplified_width_and_case_fold_both_ways() {
    let (_d, lib, a, _) = small_library();
    for q in ["數據中心", "数据中心", "ＧＰＴ-3", "gpt-3", "PARAMETERS"] {
        let hits = all_hits(&lib, q, HitKind::Passage);
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].article_id, a);
    }
    // 数据 also occurs in the second article, in Simplified: both spellings find both.
    assert_eq!(passage_keys(&lib, "數據"), passage_keys(&lib, "数据"));
    assert_eq!(search(&lib, "數據").total, 2);
}

#[test]
fn words_prefixes_phrases_or_and_exclusions() {
    let (_d, lib, a, b) = small_library();
    // Whole words only: "optim" is no word here, but a prefix of two.
    assert_eq!(search(&lib, "optim").total, 0);
    assert_eq!(all_hits(&lib, "optim*", HitKind::Passage).len(), 1);
    assert_eq!(search(&lib, "\"175b parameters\"").total, 1);
    assert_eq!(search(&lib, "\"parameters 175b\"").total, 0);
    // Mixed queries.
    assert_eq!(all_hits(&lib, "AI 芯片", HitKind::Passage)[0].article_id, b);
    assert_eq!(all_hits(&lib, "GPT-3 参数", HitKind::Passage).len(), 0);
    assert_eq!(all_hits(&lib, "GPT-3 optimizers", HitKind::Passage)[0].article_id, a);
    // OR and exclusion.
    let both = passage_keys(&lib, "钱 OR 蒸馏");
    assert_eq!(both.len(), 2);
    assert_eq!(passage_keys(&lib, "芯片 -竞争").len(), 0);
    assert_eq!(
        search(&lib, "芯片 -竞争").groups.iter().map(|g| g.kind).collect::<Vec<_>>(),
        vec![HitKind::Title]
    );
    // Substrings across what a word segmenter would split: 力场 in 算力、场景 is not adjacent.
    assert_eq!(search(&lib, "力场").total, 0);
    assert_eq!(search(&lib, "归根结底是").total, 1);
    // Titles are their own group.
    let r = search(&lib, "账本");
    assert_eq!(kinds(&r), vec![(HitKind::Title, 1)]);
    assert_eq!(search(&lib, "").total, 0);
}

#[test]
fn malformed_queries_get_clear_messages_not_sql_errors() {
    let (_d, lib, _, _) = small_library();
    for q in [
        "OR 算力",
        "算力 OR",
        "\"unclosed",
        "-only",
        "tag:",
        "color:teal",
        "in:everything",
        "before:2024-13-01",
        "after:yesterday",
        "article:x",
        "has:tags",
        "-b tag:foo",
        "a OR -b",
    ] {
        let e = lib.search(q, &SearchOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{q}: {e}");
        assert!(!e.to_string().to_lowercase().contains("sql"), "{q}: {e}");
    }
    // Punctuation, FTS5 syntax and SQL are just text.
    for q in [
        "\"",
        "a\"b\"",
        "NEAR(a b)",
        "x AND y",
        "'; DROP TABLE article; --",
        "*",
        "-",
        "(",
        "^a",
        "w:x",
    ] {
        let _ = lib.search(q, &SearchOptions::default());
    }
    assert!(lib.search("NEAR(a b)", &SearchOptions::default()).is_ok());
}

#[test]
fn filters_alone_list_titles_highlights_and_notes_newest_first() {
    let (_d, mut lib, a, b) = small_library();
    let h1 = hl(&mut lib, a, "一个钱字", Color::Pink, &["topic/算力/成本"], Some("钱是**关键**"));
    let h2 = hl(&mut lib, b, "芯片的竞争", Color::Pink, &["topic/算力"], None);
    let h3 = hl(&mut lib, b, "模型蒸馏", Color::Blue, &[], None);
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: b }, "topic/芯片").unwrap();
    lib.set_color_label(Color::Pink, "反驳").unwrap();

    // A tag includes its children; the newest comes first; no passages, nothing ranked.
    let r = search(&lib, "tag:topic/算力");
    assert_eq!(kinds(&r), vec![(HitKind::Highlight, 2), (HitKind::Note, 1)]);
    let ids: Vec<_> = r.groups[0].hits.iter().map(|h| h.highlight_id).collect();
    assert_eq!(ids, vec![Some(h2.id), Some(h1.id)]);
    assert!(r.groups.iter().all(|g| !g.ranked && g.total_exact));
    assert_eq!(r.groups[0].hits[0].snippet, "芯片的竞争");
    // An article's tag selects its title and every highlight in it.
    let r = search(&lib, "tag:topic/芯片");
    assert_eq!(kinds(&r), vec![(HitKind::Title, 1), (HitKind::Highlight, 2)]);
    assert_eq!(r.groups[0].hits[0].article_id, b);
    // A colour by its given name, by its own name; has:note.
    let by_name = search(&lib, "color:反驳");
    assert_eq!(kinds(&by_name), vec![(HitKind::Highlight, 2), (HitKind::Note, 1)]);
    assert_eq!(by_name, search(&lib, "color:pink"));
    assert_eq!(search(&lib, "color:blue").groups[0].hits[0].highlight_id, Some(h3.id));
    assert_eq!(kinds(&search(&lib, "has:note in:highlights")), vec![(HitKind::Highlight, 1)]);
    // Filters still combine with words and with each other; the trash is left out.
    assert_eq!(search(&lib, "tag:topic/算力 color:blue").total, 0);
    assert_eq!(kinds(&search(&lib, &format!("article:{a} in:titles"))), vec![(HitKind::Title, 1)]);
    // Pages of a listing do not overlap.
    let first = lib.search("tag:topic", &SearchOptions { limit: 1, offset: 0 }).unwrap();
    let second = lib.search("tag:topic", &SearchOptions { limit: 1, offset: 1 }).unwrap();
    assert_ne!(first.groups[1].hits[0].highlight_id, second.groups[1].hits[0].highlight_id);
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: h2.id }).unwrap();
    assert_eq!(
        kinds(&search(&lib, "tag:topic/算力")),
        vec![(HitKind::Highlight, 1), (HitKind::Note, 1)]
    );
    lib.delete(ItemRef { kind: ItemKind::Article, id: a }).unwrap();
    assert_eq!(search(&lib, "tag:topic/算力").total, 0);
}

#[test]
fn filters_tag_color_article_has_note_in_and_dates() {
    let (_d, mut lib, a, b) = small_library();
    let h1 = hl(&mut lib, a, "一个钱字", Color::Blue, &["topic/算力/成本"], Some("钱是关键"));
    let h2 = hl(&mut lib, b, "芯片的竞争", Color::Yellow, &["topic/芯片"], None);
    lib.add_tag(ItemRef { kind: ItemKind::Article, id: b }, "src/wire").unwrap();
    lib.set_article_note(a, "关于钱的文章笔记").unwrap();

    // tag: includes child tags; article tags cover the article's passages.
    let r = search(&lib, "钱 tag:topic/算力");
    assert_eq!(kinds(&r), vec![(HitKind::Highlight, 1), (HitKind::Note, 1)]);
    assert_eq!(r.groups[0].hits[0].highlight_id, Some(h1.id));
    assert_eq!(search(&lib, "钱 tag:topic/芯片").total, 0);
    assert_eq!(
        search(&lib, "芯片 tag:topic").groups.iter().map(|g| g.kind).collect::<Vec<_>>(),
        vec![HitKind::Highlight]
    );
    assert_eq!(all_hits(&lib, "芯片 tag:src", HitKind::Passage).len(), 1);
    // color: only highlights (and notes on them).
    let r = search(&lib, "钱 color:blue");
    assert_eq!(kinds(&r), vec![(HitKind::Highlight, 1), (HitKind::Note, 1)]);
    assert_eq!(search(&lib, "钱 color:yellow").total, 0);
    assert_eq!(search(&lib, "芯片 color:1").groups[0].hits[0].highlight_id, Some(h2.id));
    // article:
    assert_eq!(search(&lib, "数据").total, 2);
    let r = search(&lib, &format!("数据 article:{b}"));
    assert_eq!(r.total, 1);
    assert_eq!(r.groups[0].hits[0].article_id, b);
    // has:note
    let r = search(&lib, "钱 has:note");
    assert_eq!(
        kinds(&r),
        vec![(HitKind::Highlight, 1), (HitKind::Note, 2)],
        "the noted highlight and both notes, not the passage"
    );
    assert_eq!(search(&lib, "芯片 has:note in:highlights").total, 0);
    // in:
    assert_eq!(kinds(&search(&lib, "钱 in:notes")), vec![(HitKind::Note, 2)]);
    assert_eq!(kinds(&search(&lib, "钱 in:highlights")), vec![(HitKind::Highlight, 1)]);
    assert_eq!(kinds(&search(&lib, "钱 in:articles")), vec![(HitKind::Passage, 1)]);
    // before:/after: articles by publication date (else import date), the rest by creation.
    assert_eq!(
        kinds(&search(&lib, "钱 in:articles before:2021-01-01")),
        vec![(HitKind::Passage, 1)]
    );
    assert_eq!(search(&lib, "钱 in:articles after:2021-01-01").total, 0);
    assert_eq!(search(&lib, "钱 in:highlights before:2021-01-01").total, 0);
    assert_eq!(search(&lib, "钱 in:highlights after:2021-01-01").total, 1);
    assert_eq!(
        search(&lib, "芯片 in:articles after:2021-01-01").total,
        2,
        "title and passage, imported now"
    );
}

/// The articles whose titles the index holds, read from the file: the ids of the rows of
/// `search_titles`, each once; `search` holds no row in the titles' rowid range.
fn indexed_titles(path: &std::path::Path) -> Vec<Id> {
    let c = rusqlite::Connection::open(path).unwrap();
    let (base, id_mask) = (1i64 << 56, (1i64 << 56) - 1);
    let rows = |fts: &str| -> Vec<Id> {
        let sql = format!("SELECT rowid & ?3 FROM {fts} WHERE rowid BETWEEN ?1 AND ?2");
        let mut stmt = c.prepare(&sql).unwrap();
        let ids = stmt.query_map([base, base | id_mask, id_mask], |r| r.get(0)).unwrap();
        ids.map(|r| r.unwrap()).collect()
    };
    assert_eq!(rows("search"), Vec::<Id>::new(), "titles in the passages' index");
    let mut ids = rows("search_titles");
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "a title indexed twice");
    ids
}

#[test]
fn the_index_follows_updates_trash_restore_and_notes() {
    let (d, mut lib, a, b) = small_library();
    let path = d.path().join("lib.db");
    assert_eq!(indexed_titles(&path), vec![a, b]);
    let h = hl(&mut lib, a, "一个钱字", Color::Blue, &[], Some("批注甲"));
    assert_eq!(kinds(&search(&lib, "批注甲")), vec![(HitKind::Note, 1)]);
    // Editing a note.
    let note = lib.highlight(h.id).unwrap().note.unwrap();
    lib.edit_note(note.id, "批注乙").unwrap();
    assert_eq!(search(&lib, "批注甲").total, 0);
    assert_eq!(search(&lib, "批注乙").total, 1);
    // Trashing the highlight hides it and its note; restoring brings both back.
    let hr = ItemRef { kind: ItemKind::Highlight, id: h.id };
    lib.delete(hr).unwrap();
    assert_eq!(search(&lib, "钱字 in:highlights").total, 0);
    assert_eq!(search(&lib, "批注乙").total, 0);
    lib.restore(hr).unwrap();
    assert_eq!(search(&lib, "钱字 in:highlights").total, 1);
    assert_eq!(search(&lib, "批注乙").total, 1);
    // Trashing the article hides everything of it.
    let ar = ItemRef { kind: ItemKind::Article, id: a };
    lib.delete(ar).unwrap();
    assert_eq!(indexed_titles(&path), vec![b]);
    assert_eq!(search(&lib, "钱").total, 0);
    assert_eq!(search(&lib, "账本").total, 0);
    assert_eq!(search(&lib, "批注乙").total, 0);
    assert_eq!(search(&lib, "数据").total, 1, "the other article stays");
    lib.restore(ar).unwrap();
    assert_eq!(indexed_titles(&path), vec![a, b]);
    assert_eq!(kinds(&search(&lib, "账本")), vec![(HitKind::Title, 1)]);
    assert_eq!(search(&lib, "钱").total, 2);
    assert_eq!(search(&lib, "批注乙").total, 1);
    // Trashing a note, then emptying the trash.
    lib.delete(ItemRef { kind: ItemKind::Note, id: note.id }).unwrap();
    assert_eq!(search(&lib, "批注乙").total, 0);
    lib.empty_trash().unwrap();
    assert_eq!(search(&lib, "批注乙").total, 0);
    // A new version of the text replaces the old passages (on the article without highlights:
    // re-anchoring is another piece of work).
    lib.update_article(b, doc("芯片 chips", &["全新的文本：推理成本下降。"])).unwrap();
    assert_eq!(search(&lib, "竞争").total, 0);
    assert_eq!(search(&lib, "推理成本").total, 1);
    // Renaming an article.
    lib.set_article_meta(
        a,
        &ArticleMetaPatch { title: Some("新标题".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(search(&lib, "账本").total, 0);
    assert_eq!(kinds(&search(&lib, "新标题")), vec![(HitKind::Title, 1)]);
    assert_eq!(indexed_titles(&path), vec![a, b]);
    // An English title renamed.
    lib.set_article_meta(
        b,
        &ArticleMetaPatch { title: Some("Wafers and Yields".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(search(&lib, "chips").total, 0);
    assert_eq!(kinds(&search(&lib, "wafers")), vec![(HitKind::Title, 1)]);
    // Passage notes and article notes.
    lib.add_passage_note(b, 0, 2, "页边笔记").unwrap();
    assert_eq!(kinds(&search(&lib, "页边")), vec![(HitKind::Note, 1)]);
    // A rebuild finds the same.
    let before = search(&lib, "钱 OR 芯片 OR 页边");
    let report = lib.reindex().unwrap();
    assert!(report.rows > 0 && report.index_bytes > 0);
    assert_eq!(search(&lib, "钱 OR 芯片 OR 页边"), before);
    assert_eq!(indexed_titles(&path), vec![a, b]);
    // An article purged from the trash leaves no title behind.
    lib.delete(ItemRef { kind: ItemKind::Article, id: b }).unwrap();
    lib.empty_trash().unwrap();
    assert_eq!(indexed_titles(&path), vec![a]);
    assert_eq!(search(&lib, "wafers").total, 0);
    assert_eq!(kinds(&search(&lib, "新标题")), vec![(HitKind::Title, 1)]);
}

#[test]
fn a_changed_index_format_is_rebuilt_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    {
        let mut lib = Library::open(&path).unwrap();
        lib.import_document(doc("t", &["蒸馏模型"]), None).unwrap();
    }
    {
        // An older build's index: empty, and another format version.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO search (search) VALUES ('delete-all');
             UPDATE setting SET value = '0' WHERE key = 'search.format';",
        )
        .unwrap();
    }
    let lib = Library::open(&path).unwrap();
    assert_eq!(search(&lib, "蒸馏").total, 1);
}

#[test]
fn pages_do_not_overlap_and_snippets_mark_matches() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.db")).unwrap();
    let paras: Vec<String> =
        (0..45).map(|i| format!("第{i}段：大模型的训练成本 model {i}")).collect();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    lib.import_document(doc("many", &refs), None).unwrap();
    let mut seen = BTreeSet::new();
    for page in 0..3 {
        let r = lib.search("大模型", &SearchOptions { limit: 20, offset: page * 20 }).unwrap();
        let g = &r.groups[0];
        assert_eq!(g.total, 45);
        for h in &g.hits {
            assert!(seen.insert(h.passage_ordinal.unwrap()));
            let s: Vec<char> = h.snippet.chars().collect();
            let m = h.snippet_marks[0];
            assert_eq!(s[m.start as usize..m.end as usize].iter().collect::<String>(), "大模型");
        }
    }
    assert_eq!(seen.len(), 45);
}

/// A library of schema 3 kept highlights and notes in the one index; opening it moves them to
/// the index of their own, and search finds each exactly once.
#[test]
fn highlights_and_notes_move_to_their_own_index_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let (article, highlight) = {
        let mut lib = Library::open(&path).unwrap();
        let a = lib.import_document(doc("账本", &["归根结底是一个钱字。"]), None).unwrap();
        let h = hl(&mut lib, a.article.id, "钱字", Color::Blue, &[], Some("批注要点"));
        (a.article.id, h.id)
    };
    let note_id: i64 = {
        // Back to schema 3 as that Zhaji left it: no search_marks, the `search` of migration 2
        // holding every row (tokens written out by hand: CJK unigrams in u, pairs in b).
        let c = rusqlite::Connection::open(&path).unwrap();
        let note_id: i64 = c
            .query_row("SELECT id FROM note WHERE highlight_id = ?1", [highlight], |r| r.get(0))
            .unwrap();
        c.execute_batch(crate::tag_reach::BACK_TO_SCHEMA_17).unwrap();
        c.execute_batch(&format!(
            "DROP TABLE search_marks;
             DROP TRIGGER sync_claim_insert; DROP TRIGGER sync_claim_update;
             DROP TRIGGER sync_claim_delete; DROP TRIGGER sync_claim_link_insert;
             DROP TRIGGER sync_claim_link_update; DROP TRIGGER sync_claim_link_delete;
             DROP TRIGGER sync_taxonomy_insert; DROP TRIGGER sync_taxonomy_update;
             DROP TRIGGER sync_taxonomy_delete; DROP TRIGGER sync_color_name_insert;
             DROP TRIGGER sync_color_name_update; DROP TRIGGER sync_article_reading;
             DROP TABLE sync_dirty_doc; DROP TABLE sync_waiting;
             DROP TRIGGER sync_article_insert; DROP TRIGGER sync_article_update;
             DROP TRIGGER sync_article_delete; DROP TRIGGER sync_highlight_insert;
             DROP TRIGGER sync_highlight_update; DROP TRIGGER sync_highlight_delete;
             DROP TRIGGER sync_note_insert; DROP TRIGGER sync_note_update;
             DROP TRIGGER sync_note_delete; DROP TRIGGER sync_highlight_tag_insert;
             DROP TRIGGER sync_highlight_tag_delete; DROP TRIGGER sync_article_tag_insert;
             DROP TRIGGER sync_article_tag_delete; DROP TRIGGER sync_tag_insert;
             DROP TRIGGER sync_tag_update; DROP TRIGGER sync_tag_delete;
             DROP TABLE sync_image; DROP TRIGGER article_first_hash;
             ALTER TABLE article DROP COLUMN first_hash;
             DROP TABLE sync_device; DROP TABLE sync_dirty; DROP TABLE sync_doc;
             DROP TABLE sync_article; DROP TABLE sync_outbox; DROP TABLE sync_seen;
             DROP TABLE sync_alias; DROP TABLE sync_purged;
             DROP TABLE search;
             ALTER TABLE note DROP COLUMN merged_into;
             DROP TABLE export_base;
             DROP TABLE unmatched_import;
             DROP TRIGGER article_uuid_new; DROP TRIGGER highlight_uuid_new;
             DROP TRIGGER note_uuid_new; DROP TRIGGER tag_uuid_new; DROP TRIGGER claim_uuid_new;
             DROP INDEX article_uuid; DROP INDEX highlight_uuid; DROP INDEX note_uuid;
             DROP INDEX tag_uuid; DROP INDEX claim_uuid;
             ALTER TABLE article DROP COLUMN uuid; ALTER TABLE highlight DROP COLUMN uuid;
             ALTER TABLE note DROP COLUMN uuid; ALTER TABLE tag DROP COLUMN uuid;
             ALTER TABLE claim DROP COLUMN uuid;
             DROP TABLE article_image;
             DROP TABLE image_blob;
             DROP INDEX article_live_by_imported; DROP INDEX article_live_by_updated;
             DROP INDEX article_live_by_title; DROP INDEX article_live_by_published;
             DROP INDEX article_trashed; DROP INDEX highlight_trashed; DROP INDEX note_trashed;
             DROP INDEX article_by_url;
             DROP INDEX article_by_sort_key; DROP INDEX tag_by_sort_key;
             DROP INDEX highlight_live_by_article; DROP INDEX highlight_live_by_time;
             ALTER TABLE article DROP COLUMN sort_key; ALTER TABLE tag DROP COLUMN sort_key;
             ALTER TABLE article DROP COLUMN read_progress; ALTER TABLE article DROP COLUMN read_at;
             CREATE VIRTUAL TABLE search USING fts5(
                 u, b, w,
                 content = '',
                 contentless_delete = 1,
                 tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* M* Co'\"
             );
             DELETE FROM setting WHERE key IN ('search.marks', 'search.titles');
             INSERT INTO setting (key, value) VALUES ('search.format', '1')
               ON CONFLICT (key) DO UPDATE SET value = excluded.value;
             INSERT INTO search (rowid, u, b, w) VALUES
               ((1 << 56) | {article}, '账 本', '账本', ''),
               ((2 << 56) | ({article} << 20), '归 根 结 底 是 一 个 钱 字', '归根 根结 结底 底是 是一 一个 个钱 钱字', ''),
               ((3 << 56) | {highlight}, '钱 字', '钱字', ''),
               ((4 << 56) | {note_id}, '批 注 要 点', '批注 注要 要点', '');
             PRAGMA user_version = 3;"
        ))
        .unwrap();
        note_id
    };
    let lib = Library::open(&path).unwrap();
    let hits = |q: &str, kind: HitKind| all_hits(&lib, q, kind);
    let h = hits("钱字", HitKind::Highlight);
    assert_eq!(h.iter().map(|h| h.highlight_id).collect::<Vec<_>>(), vec![Some(highlight)]);
    let n = hits("要点", HitKind::Note);
    assert_eq!(n.iter().map(|h| h.note_id).collect::<Vec<_>>(), vec![Some(note_id)]);
    let p = hits("钱字", HitKind::Passage);
    assert_eq!(p.iter().map(|h| h.article_id).collect::<Vec<_>>(), vec![article]);
    drop(lib);
    // Nothing of theirs is left in the first index.
    let c = rusqlite::Connection::open(&path).unwrap();
    let left: i64 = c
        .query_row(
            "SELECT count(*) FROM search WHERE search MATCH 't:钱字 OR t:要点' AND rowid >= (3 << 56)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

/// The article index does not merge as it is written (migration 12: it is merged while the
/// library is idle, 8 segments of a level at a time) and buffers 32 MB before writing a segment (migration 5), also after a
/// rebuild; the highlight and note index keeps FTS5's 4 and 1 MB.
#[test]
fn the_merge_settings_survive_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let mut lib = Library::open(&path).unwrap();
    lib.import_document(doc("t", &["蒸馏模型"]), None).unwrap();
    let config = |fts: &str, key: &str| -> Option<i64> {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.query_row(&format!("SELECT v FROM {fts}_config WHERE k = ?1"), [key], |r| r.get(0)).ok()
    };
    assert_eq!(config("search", "automerge"), Some(0));
    assert_eq!(config("search", "usermerge"), Some(8));
    assert_eq!(config("search", "hashsize"), Some(32 << 20));
    lib.reindex().unwrap();
    assert_eq!(config("search", "automerge"), Some(0));
    assert_eq!(config("search", "usermerge"), Some(8));
    assert_eq!(config("search", "hashsize"), Some(32 << 20));
    assert_eq!(config("search_marks", "automerge"), Some(4));
    assert_eq!(config("search_marks", "hashsize"), Some(1 << 20));
    // The titles' index is written by imports too, and merged as `search` is.
    assert_eq!(config("search_titles", "automerge"), Some(0));
    assert_eq!(config("search_titles", "usermerge"), Some(8));
    assert_eq!(config("search_titles", "hashsize"), Some(32 << 20));
}
