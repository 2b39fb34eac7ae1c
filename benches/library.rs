//! Benchmarks of the core at a realistic large library.
//!
//! `cargo bench --bench library` generates a library of 10,000 articles (2,000 to 20,000
//! characters each, mixed Chinese and English) with 100,000 highlights carrying tags and notes,
//! in a temporary file, and measures: import throughput (all at once, as a folder is imported,
//! then a tenth as many more one at a time), creating a highlight (median, p99),
//! opening an article with 200 highlights, opening the notebook (its first page, filtered),
//! re-anchoring 200 highlights after an edit (also with articles imported one by one between the
//! edits, no pause for the idle merge), and exporting the whole library. `ZHAJI_BENCH_ARTICLES=N` makes a smaller library for a quick run;
//! `ZHAJI_BENCH_ONLY_IMPORT=1` stops after the imports. `ZHAJI_BENCH_DIR=DIR` puts the
//! library and the export in DIR instead of the temporary folder (a library of 100,000 articles
//! weighs about 8 GB); `ZHAJI_BENCH_DB=FILE` keeps the library in FILE, and a run that finds FILE
//! there measures it as it is instead of generating one (the import and highlight figures are
//! then not printed; `ZHAJI_BENCH_RESUME=1` finishes a kept library whose generation stopped
//! after the import all at once); `ZHAJI_BENCH_NO_EXPORT=1` stops before the export; `ZHAJI_BENCH_NO_CHECK=1`
//! leaves out the full check (about 25 minutes at 100,000 articles). At the end it prints
//! what the file and its indexes weigh (SQLite's `dbstat`) and what a full check costs.
//! The figures are printed; the goals are in the issue and the closing notes.

mod common;

use common::Rng;
use std::time::{Duration, Instant};
use zhaji::import::{Block, Document};
use zhaji::*;

const ZH_WORDS: &[&str] = &[
    "大模型",
    "算力",
    "芯片",
    "数据",
    "训练",
    "推理",
    "参数",
    "成本",
    "商业化",
    "开源",
    "生态",
    "应用",
    "场景",
    "平台",
    "能力",
    "用户",
    "市场",
    "企业",
    "投入",
    "竞争",
    "蒸馏",
    "能耗",
    "人工智能",
    "操作系统",
    "云计算",
    "百度",
    "阿里",
    "腾讯",
    "华为",
    "的",
    "了",
    "在",
    "是",
    "和",
    "也",
    "都",
    "将",
    "对",
    "与",
    "而",
    "但",
    "从",
    "到",
    "更",
    "最",
    "很",
];
const EN_WORDS: &[&str] = &[
    "model",
    "compute",
    "training",
    "inference",
    "scale",
    "data",
    "chips",
    "cost",
    "open",
    "source",
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "GPT-3",
    "parameters",
    "billion",
    "market",
    "energy",
    "distillation",
    "agents",
    "platform",
    "reasoning",
];

fn paragraph(rng: &mut Rng, chars: usize) -> String {
    let english = rng.below(4) == 0;
    let mut s = String::new();
    while s.chars().count() < chars {
        if english {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(EN_WORDS[rng.below(EN_WORDS.len())]);
            if rng.below(12) == 0 {
                s.push('.');
            }
        } else {
            s.push_str(ZH_WORDS[rng.below(ZH_WORDS.len())]);
            match rng.below(14) {
                0 => s.push('，'),
                1 => s.push('。'),
                2 => s.push_str(&format!("{}亿", rng.below(2000))),
                _ => {}
            }
        }
    }
    s
}

fn article(rng: &mut Rng, n: usize, chars: usize) -> Document {
    let mut blocks = Vec::new();
    let mut total = 0;
    while total < chars {
        let len = 60 + rng.below(240);
        let kind = if rng.below(10) == 0 { PassageKind::Heading } else { PassageKind::Paragraph };
        let text = format!("{n}-{} {}", blocks.len(), paragraph(rng, len));
        total += text.chars().count() + 1;
        blocks.push(Block {
            kind,
            level: u8::from(kind == PassageKind::Heading),
            text,
            links: vec![],
        });
    }
    Document {
        meta: ArticleMeta {
            title: format!("文章 {n}: {}", paragraph(rng, 12)),
            ..Default::default()
        },
        blocks,
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{name:<48} n={:<6} median {:>9.3} ms   p95 {:>9.3} ms   p99 {:>9.3} ms",
        times.len(),
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.95).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
}

fn main() {
    // `cargo test --benches` runs this with `--test`-like flags: keep that run tiny.
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let n_articles: usize = std::env::var("ZHAJI_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 20 } else { 10_000 });
    let dir = match std::env::var_os("ZHAJI_BENCH_DIR") {
        Some(base) => {
            std::fs::create_dir_all(&base).expect("bench dir");
            tempfile::tempdir_in(base).expect("temp dir")
        }
        None => tempfile::tempdir().expect("temp dir"),
    };
    let kept = std::env::var_os("ZHAJI_BENCH_DB").map(std::path::PathBuf::from);
    let reuse = kept.as_ref().is_some_and(|p| p.exists());
    let path = kept.unwrap_or_else(|| dir.path().join("bench.db"));
    let t = Instant::now();
    let mut lib = Library::open(&path).expect("open library");
    if reuse {
        // A library from an older build is checked, backed up and migrated here.
        println!("open the kept library: {:.2} s", t.elapsed().as_secs_f64());
    }
    let mut rng = Rng(0x5eed_2026);
    let ids = if reuse {
        let mut ids: Vec<Id> =
            lib.articles(&ListOptions::default()).expect("list").iter().map(|a| a.id).collect();
        ids.sort_unstable();
        if std::env::var_os("ZHAJI_BENCH_RESUME").is_some() {
            resume(&mut lib, &mut rng, &mut ids, n_articles);
        }
        ids
    } else {
        generate(&mut lib, &mut rng, n_articles)
    };
    if std::env::var_os("ZHAJI_BENCH_ONLY_IMPORT").is_some() {
        return;
    }
    measure(&mut lib, &mut rng, &ids, n_articles, dir.path(), &path);
}

/// Imports `n_articles` at once and a tenth as many more one by one, then makes 10 highlights
/// an article; gives the articles' ids in the order they were imported.
fn generate(lib: &mut Library, rng: &mut Rng, n_articles: usize) -> Vec<Id> {
    // Import.
    let docs: Vec<Document> = (0..n_articles)
        .map(|n| {
            let len = 2_000 + rng.below(18_001);
            article(rng, n, len)
        })
        .collect();
    let bytes: usize = docs.iter().flat_map(|d| d.blocks.iter()).map(|b| b.text.len() + 1).sum();
    // As a folder or a set of files is imported: all at once (documents are prepared on a second
    // thread and written several to a transaction).
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n_articles);
    for r in lib.import_documents(docs.into_iter().map(|d| (d, None)).collect()) {
        ids.push(r.expect("import").article.id);
    }
    let el = t.elapsed();
    println!(
        "import {n_articles} articles at once, {:.1} MB of text: {:.2} s = {:.1} MB/s",
        bytes as f64 / 1e6,
        el.as_secs_f64(),
        bytes as f64 / 1e6 / el.as_secs_f64()
    );
    // What the app does while the reader pauses after an import: merge the index's segments.
    let t = Instant::now();
    let steps = lib.merge_index().expect("merge");
    println!(
        "then merging the index, as done while idle: {:.2} s ({steps} steps)",
        t.elapsed().as_secs_f64()
    );
    // One at a time, as articles come in while reading (pasted, saved from the browser): a
    // tenth as many more, into the library just made.
    let extra: Vec<Document> = (n_articles..n_articles + n_articles / 10)
        .map(|n| {
            let len = 2_000 + rng.below(18_001);
            article(rng, n, len)
        })
        .collect();
    import_one_by_one(lib, extra, &mut ids);
    if std::env::var_os("ZHAJI_BENCH_ONLY_IMPORT").is_some() {
        return ids;
    }
    make_highlights(lib, rng, &ids, n_articles);
    ids
}

/// Finishes a kept library whose generation stopped after the import all at once
/// (`ZHAJI_BENCH_RESUME=1`): the articles imported one at a time that it lacks, then the
/// highlights when it has none.
fn resume(lib: &mut Library, rng: &mut Rng, ids: &mut Vec<Id>, n_articles: usize) {
    let want = n_articles + n_articles / 10;
    if ids.len() < want {
        let extra: Vec<Document> = (ids.len()..want)
            .map(|n| {
                let len = 2_000 + rng.below(18_001);
                article(rng, n, len)
            })
            .collect();
        import_one_by_one(lib, extra, ids);
    }
    let page = lib.notebook(&NotebookFilter::default(), 0, 1).expect("notebook");
    if page.total == 0 {
        make_highlights(lib, rng, ids, n_articles);
    }
}

/// Imports `extra` one article at a time, as articles come in while reading, timing each.
fn import_one_by_one(lib: &mut Library, extra: Vec<Document>, ids: &mut Vec<Id>) {
    let count = extra.len();
    let extra_bytes: usize =
        extra.iter().flat_map(|d| d.blocks.iter()).map(|b| b.text.len() + 1).sum();
    let mut times = Vec::with_capacity(count);
    for d in extra {
        let t = Instant::now();
        ids.push(lib.import_document(d, None).expect("import").article.id);
        times.push(t.elapsed());
    }
    let el: Duration = times.iter().sum();
    println!(
        "import {count} more one at a time, {:.1} MB: {:.2} s = {:.1} MB/s; slowest {:.0} ms",
        extra_bytes as f64 / 1e6,
        el.as_secs_f64(),
        extra_bytes as f64 / 1e6 / el.as_secs_f64(),
        times.iter().max().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    stats("import one article (2,000-20,000 characters)", times);
}

/// Highlights: 10 per article on average, with tags and some notes; timed one by one.
fn make_highlights(lib: &mut Library, rng: &mut Rng, ids: &[Id], n_articles: usize) {
    let mut times = Vec::new();
    for (i, &id) in ids.iter().take(n_articles).enumerate() {
        let chars = lib.article(id).expect("article").summary.chars;
        for k in 0..10 {
            let spec = highlight_spec(rng, id, chars, i, k);
            let t = Instant::now();
            lib.create_highlight(&spec).expect("highlight");
            times.push(t.elapsed());
        }
    }
    stats(&format!("create a highlight ({} in all)", times.len()), times);
}

/// The `k`th highlight the generation makes in article `id` (the `i`th, of `chars` characters):
/// a random range, colour and tag, and a note on every third.
fn highlight_spec(rng: &mut Rng, id: Id, chars: u32, i: usize, k: usize) -> HighlightSpec {
    let tags =
        ["topic/算力", "topic/数据", "actor/百度", "actor/阿里", "stance/规模派", "model/GPT-3"];
    let start = rng.below(chars as usize - 50) as u32;
    HighlightSpec {
        article_id: id,
        range: Some((start, start + 5 + rng.below(40) as u32)),
        quote: None,
        occurrence: None,
        color: Color::ALL[rng.below(5)],
        tags: vec![tags[rng.below(tags.len())].to_string()],
        note: k.is_multiple_of(3).then(|| format!("批注 {i}-{k}：**要点**")),
    }
}

/// Creating highlights in the finished library, as a reader does: one at a time in articles
/// picked at random, each committed on its own (the generation's figure mixes in the time when
/// the library was still filling; this one is the library at its full size).
fn create_in_full_library(lib: &mut Library, rng: &mut Rng, ids: &[Id]) {
    let mut times = Vec::new();
    for k in 0..2_000 {
        let i = rng.below(ids.len());
        let chars = lib.article(ids[i]).expect("article").summary.chars;
        let spec = highlight_spec(rng, ids[i], chars, i, k);
        let t = Instant::now();
        lib.create_highlight(&spec).expect("highlight");
        times.push(t.elapsed());
    }
    stats("create a highlight in the full library", times);
}

/// Everything measured on the generated library (or on the one kept from an earlier run).
fn measure(
    lib: &mut Library,
    rng: &mut Rng,
    ids: &[Id],
    n_articles: usize,
    dir: &std::path::Path,
    path: &std::path::Path,
) {
    // What the app does when another process changed the library: poll the version, then list
    // the articles (as shown, and as sent over IPC), the tags and the trash again.
    let by_title = ListOptions { sort: SortBy::Title, ascending: true, tag: None };
    // What takes seconds in a large library is timed fewer times.
    let rounds = if ids.len() > 20_000 { 5 } else { 20 };
    let times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            lib.data_version().expect("version");
            let list = lib.articles(&ListOptions::default()).expect("list");
            let json = serde_json::to_string(&list).expect("json");
            assert!(json.len() > list.len());
            lib.tags().expect("tags");
            lib.trash().expect("trash");
            t.elapsed()
        })
        .collect();
    stats(&format!("refresh after an outside change ({n_articles} articles)"), times);
    let times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            assert_eq!(lib.articles(&by_title).expect("list").len(), ids.len());
            t.elapsed()
        })
        .collect();
    stats("list every article by title (pinyin, numbers by value)", times);
    // The two above read the whole list (the command line's `articles` does). The app reads
    // pages of 100: the ones in view again after an outside change, a new page as it scrolls
    // (after the last article it holds), and the tag tree and the trash.
    let page = |offset: u32, after: Option<Id>| ListPage { offset, after, limit: 100 };
    let times: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            lib.data_version().expect("version");
            let p = lib.list_articles(&ListOptions::default(), &page(0, None)).expect("page");
            assert_eq!(p.total as usize, ids.len());
            lib.tags().expect("tags");
            lib.trash().expect("trash");
            t.elapsed()
        })
        .collect();
    stats("refresh as the app does (a page, tags, trash)", times);
    let page_times = |lib: &Library, opts: &ListOptions, at: ListPage| -> Vec<Duration> {
        (0..20)
            .map(|_| {
                let t = Instant::now();
                let p = lib.list_articles(opts, &at).expect("page");
                assert!(!p.items.is_empty());
                t.elapsed()
            })
            .collect()
    };
    stats("list by title: first page of 100", page_times(lib, &by_title, page(0, None)));
    let middle = (ids.len() / 2) as u32;
    stats("list by title: a page halfway down", page_times(lib, &by_title, page(middle, None)));
    let seen = lib.list_articles(&by_title, &page(middle / 2, None)).expect("page").items;
    let next = page(middle / 2 + seen.len() as u32, seen.last().map(|a| a.id));
    stats("list by title: the page after one seen (scrolling)", page_times(lib, &by_title, next));
    let by_tag = ListOptions { tag: Some("topic".into()), ..Default::default() };
    stats("list with tag topic: first page of 100", page_times(lib, &by_tag, page(0, None)));
    let times: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            assert!(!lib.tags().expect("tags").is_empty());
            t.elapsed()
        })
        .collect();
    stats("the tag tree with its counts", times);
    let times: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            lib.data_version().expect("version");
            t.elapsed()
        })
        .collect();
    stats("poll the library's data version", times);

    // An article with 200 highlights.
    let target = ids[0];
    let chars = lib.article(target).expect("article").summary.chars;
    let had = lib.article(target).expect("article").highlights.len();
    for _ in had..200 {
        let start = rng.below(chars as usize - 50) as u32;
        let spec = HighlightSpec {
            article_id: target,
            range: Some((start, start + 10 + rng.below(30) as u32)),
            quote: None,
            occurrence: None,
            color: Color::Yellow,
            tags: vec!["topic/算力".into()],
            note: None,
        };
        lib.create_highlight(&spec).expect("highlight");
    }
    let times: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            let a = lib.article(target).expect("article");
            // A kept library's export run gave it one more.
            assert_eq!(a.highlights.len(), had.max(200));
            t.elapsed()
        })
        .collect();
    stats("open an article with 200 highlights", times);
    create_in_full_library(lib, rng, ids);

    // The notebook: the first page of every highlight, as the app opens it, and filtered.
    let notebook = |lib: &Library, f: &NotebookFilter, name: &str| {
        let times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                let page = lib.notebook(f, 0, 50).expect("notebook");
                assert!(!page.items.is_empty());
                t.elapsed()
            })
            .collect();
        stats(name, times);
    };
    notebook(lib, &NotebookFilter::default(), "open the notebook (first page)");
    notebook(
        lib,
        &NotebookFilter { tags: vec!["topic".into()], ..Default::default() },
        "notebook: tag topic (and its children)",
    );
    notebook(
        lib,
        &NotebookFilter { colors: vec![Color::Pink], has_note: true, ..Default::default() },
        "notebook: one colour, with a note",
    );
    notebook(
        lib,
        &NotebookFilter { sort: NotebookSort::Article, ..Default::default() },
        "notebook: by article (first page)",
    );
    // As the app opens it: with the notes on articles and passages merged in (one article in
    // ten has a note), the first page and one 5,000 entries down.
    for id in ids.iter().step_by(10) {
        lib.set_article_note(*id, "读后：**算力**是门槛").expect("article note");
    }
    let with_notes = NotebookFilter { notes: true, ..Default::default() };
    notebook(lib, &with_notes, "notebook with article notes (first page)");
    let times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let page = lib.notebook(&with_notes, 5000, 50).expect("notebook");
            assert_eq!(page.items.len(), 50);
            t.elapsed()
        })
        .collect();
    stats("notebook with article notes (a page 5,000 down)", times);

    // Re-anchor after an edit: a paragraph inserted near the start and a typo fixed. Then the
    // same while articles come in one at a time with no pause between writes (a folder's files
    // saved one by one, say), so that the idle thread never merges the index: no write is to
    // pay for merging the segments of others.
    stats("re-anchor 200 highlights after an edit", reanchor_rounds(lib, rng, target, 0));
    stats(
        "re-anchor 200 highlights, 20 imports before each",
        reanchor_rounds(lib, rng, target, 20),
    );
    file_figures(lib, path);
    if std::env::var_os("ZHAJI_BENCH_NO_EXPORT").is_some() {
        return;
    }

    // Export everything.
    let out = dir.join("export");
    let t = Instant::now();
    let report = lib.export_markdown(&out, &ExportOptions::default()).expect("export");
    println!(
        "export {} articles (about {} highlights): {:.2} s",
        report.files.len(),
        n_articles * 10 + 190,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let again = lib.export_markdown(&out, &ExportOptions::default()).expect("export");
    assert!(again.files.iter().all(|f| !f.written));
    println!("export again, nothing changed: {:.2} s", t.elapsed().as_secs_f64());

    // The reader writes in 100 files (a thought after the first block id, a summary at the
    // end) while a highlight is added to each of those articles in the app: re-export merges.
    let edited: Vec<&ExportedFile> =
        again.files.iter().step_by((again.files.len() / 100).max(1)).take(100).collect();
    for f in &edited {
        let text = std::fs::read_to_string(&f.path).expect("read");
        let text = text.replacen("\n^zh-", "\n我的想法：这一段很关键。\n\n^zh-", 1)
            + "\n## 我的总结\n\n读者自己的话。\n";
        std::fs::write(&f.path, text).expect("write");
        let chars = lib.article(f.article_id).expect("article").summary.chars;
        let spec = HighlightSpec {
            article_id: f.article_id,
            range: Some((chars / 2, chars / 2 + 12)),
            quote: None,
            occurrence: None,
            color: Color::Green,
            tags: vec!["读者/新划线".into()],
            note: Some("新的批注".into()),
        };
        lib.create_highlight(&spec).expect("highlight");
    }
    let t = Instant::now();
    let merged = lib.export_markdown(&out, &ExportOptions::default()).expect("export");
    let took = t.elapsed();
    let n_merged = merged.files.iter().filter(|f| f.status == ExportStatus::Merged).count();
    for f in &edited {
        let text = std::fs::read_to_string(&f.path).expect("read");
        assert!(text.contains("读者自己的话。") && text.contains("新的批注"), "{}", f.path);
    }
    println!(
        "re-export with {} reader-edited files ({n_merged} merged, {} conflicts): {:.2} s",
        edited.len(),
        merged.conflicts.len(),
        took.as_secs_f64()
    );
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!("library file: {:.1} MB", size as f64 / 1e6);
}

/// What the file weighs, and what checking it costs (as a first write does when the file's
/// stamp is missing).
fn reanchor_rounds(lib: &mut Library, rng: &mut Rng, target: Id, imports: usize) -> Vec<Duration> {
    let a = lib.article(target).expect("article");
    let mut times = Vec::new();
    for round in 0..10 {
        let mut blocks: Vec<Block> = a
            .passages
            .iter()
            .map(|p| Block { kind: p.kind, level: p.level, text: p.text.clone(), links: vec![] })
            .collect();
        blocks.insert(
            1,
            Block {
                kind: PassageKind::Paragraph,
                level: 0,
                text: format!("新插入的段落 {round}"),
                links: vec![],
            },
        );
        let last = blocks.len() - 1;
        blocks[last].text.push_str(&format!(" 修订{round}"));
        let doc = Document { blocks, format: "text".into(), ..Default::default() };
        for k in 0..imports {
            let len = 2_000 + rng.below(18_001);
            let doc = article(rng, 1_000_000 + round * 100 + k, len);
            lib.import_document(doc, None).expect("import");
        }
        let t = Instant::now();
        let o = lib.update_article(target, doc).expect("update");
        times.push(t.elapsed());
        if let ImportStatus::Updated { report } = o.status {
            // A kept library's article was edited by earlier runs: its orphans are not news.
            let kept = std::env::var_os("ZHAJI_BENCH_DB").is_some();
            assert!(kept || report.orphaned == 0, "{report:?}");
        }
    }
    times
}

fn file_figures(lib: &mut Library, path: &std::path::Path) {
    weights(path);
    if std::env::var_os("ZHAJI_BENCH_NO_CHECK").is_some() {
        return;
    }
    let t = Instant::now();
    let found = lib.verify().expect("verify");
    assert!(found.is_none(), "{found:?}");
    println!("full check (quick_check) of the library: {:.2} s", t.elapsed().as_secs_f64());
}

/// What the library file and its indexes weigh, from SQLite's `dbstat` table: the article side
/// (articles, passages, the article index) per article, the highlight side (highlights, their
/// tags and notes, the highlight and note index) per highlight, and the free pages.
fn weights(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).expect("weights: open");
    let count =
        |sql: &str| -> f64 { c.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql) as f64 };
    let articles = count("SELECT count(*) FROM article");
    let highlights = count("SELECT count(*) FROM highlight");
    let mut stmt = c
        .prepare(
            "SELECT s.name, coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat s
               LEFT JOIN sqlite_master m ON m.name = s.name
             GROUP BY s.name ORDER BY 3 DESC",
        )
        .expect("weights: dbstat");
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("weights")
        .map(|r| r.expect("weights"))
        .collect();
    let side = |name: &str, table: &str| -> &str {
        if name.starts_with("search_marks")
            || ["highlight", "highlight_tag", "note"].contains(&table)
        {
            "highlight"
        } else if name.starts_with("search") || ["article", "passage"].contains(&table) {
            "article"
        } else {
            "other"
        }
    };
    let (mut per_article, mut per_highlight) = (0f64, 0f64);
    println!("-- weight of the file (dbstat), largest first");
    for (name, table, bytes) in &rows {
        let bytes = *bytes as f64;
        match side(name, table) {
            "article" => per_article += bytes,
            "highlight" => per_highlight += bytes,
            _ => {}
        }
        if bytes > 1e6 {
            println!("  {name:<32} {:>10.1} MB", bytes / 1e6);
        }
    }
    let free = count("PRAGMA freelist_count") * count("PRAGMA page_size");
    println!(
        "  per article (article, passages, article index): {:.1} KB; per highlight (highlight, \
         tags, notes, their index): {:.0} bytes; free pages {:.1} MB",
        per_article / articles.max(1.0) / 1e3,
        per_highlight / highlights.max(1.0),
        free / 1e6
    );
}
