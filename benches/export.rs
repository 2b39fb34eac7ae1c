//! Exporting into a vault the reader writes in, at the 10,000-article library.
//!
//! `cargo bench --bench export` makes a library of 10,000 articles (mixed Chinese and English)
//! with 100,000 highlights, a third of them with a note and each with a tag (written through an
//! annotation import, the fast way in), then measures: the first export into an empty folder,
//! an export where nothing changed, an export after the app changed 100 articles (what keeping
//! a folder up to date does after an edit), and the re-export after the reader wrote in 100 of
//! the files while a highlight was added to each of their articles in the app (three-way
//! merges), and a first export again with the passages that hold highlights loaded (a template
//! naming `passage`). `ZHAJI_BENCH_ARTICLES=N` makes a smaller library for a quick run. The
//! figures are printed; the goals are in the issue and the closing notes.

mod common;

use common::Rng;
use std::time::Instant;
use zhaji::annotations::{Entry, Format};
use zhaji::import::{Block, Document};
use zhaji::*;

const WORDS: &[&str] = &[
    "大模型",
    "算力",
    "芯片",
    "数据",
    "训练",
    "推理",
    "参数",
    "成本",
    "开源",
    "生态",
    "应用",
    "场景",
    "的",
    "了",
    "在",
    "是",
    "model",
    "compute",
    "inference",
    "the",
    "of",
    "cost",
];

/// A paragraph of article `n`, about `chars` characters.
fn paragraph(rng: &mut Rng, n: usize, p: usize, chars: usize) -> String {
    let mut s = format!("{n}-{p} ");
    while s.chars().count() < chars {
        s.push_str(WORDS[rng.below(WORDS.len())]);
        if rng.below(10) == 0 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

/// The CPU time this process has used, in seconds: on a machine shared with other work the wall
/// time says more about the neighbours than about the export.
fn cpu_s() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// Wall and CPU time since `(wall, cpu)`, for a line of the report.
fn took((wall, cpu): (Instant, f64)) -> String {
    format!("{:.2} s (CPU {:.2} s)", wall.elapsed().as_secs_f64(), cpu_s() - cpu)
}

fn main() {
    // `cargo test --benches` runs this with `--test`-like flags: keep that run tiny.
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let n_articles: usize = std::env::var("ZHAJI_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 20 } else { 10_000 });
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lib = Library::open(&dir.path().join("bench.db")).expect("open library");
    let mut rng = Rng(0x0e8b_0127);

    let mut paragraphs = Vec::with_capacity(n_articles);
    let docs: Vec<(Document, Option<String>)> = (0..n_articles)
        .map(|n| {
            let texts: Vec<String> = (0..12).map(|p| paragraph(&mut rng, n, p, 160)).collect();
            let blocks = texts
                .iter()
                .map(|t| Block {
                    kind: PassageKind::Paragraph,
                    level: 0,
                    text: t.clone(),
                    links: vec![],
                })
                .collect();
            paragraphs.push(texts);
            let meta =
                ArticleMeta { title: format!("文章 {n} 算力与成本"), ..Default::default() };
            let doc = Document { meta, blocks, format: "text".into(), ..Default::default() };
            (doc, None)
        })
        .collect();
    let t = (Instant::now(), cpu_s());
    let summaries: Vec<ArticleSummary> =
        lib.import_documents(docs).into_iter().map(|r| r.expect("import").article).collect();
    println!("make {n_articles} articles: {}", took(t));

    // Ten highlights an article: a stretch of each of ten paragraphs.
    let tags = ["topic/算力", "topic/数据", "actor/百度", "stance/规模派"];
    let mut entries = Vec::with_capacity(n_articles * 10);
    for (a, texts) in summaries.iter().zip(&paragraphs) {
        for (k, text) in texts.iter().take(10).enumerate() {
            let chars: Vec<char> = text.chars().collect();
            let start = 5 + rng.below(60);
            entries.push(Entry {
                quote: chars[start..start + 20 + rng.below(60)].iter().collect(),
                note: (k % 3 == 0).then(|| format!("批注 {}-{k}：**要点**", a.id)),
                tags: vec![tags[rng.below(tags.len())].to_string()],
                article_uuid: Some(a.uuid.clone()),
                ..Default::default()
            });
        }
    }
    let t = (Instant::now(), cpu_s());
    let r = lib.import_annotations(Format::WebAnnotation, &entries).expect("highlights");
    assert_eq!((r.matched + r.duplicates) as usize, entries.len());
    println!("make {} highlights: {}", entries.len(), took(t));

    let out = dir.path().join("vault");
    let opts = ExportOptions::default();
    let t = (Instant::now(), cpu_s());
    let first = lib.export_markdown(&out, &opts).expect("export");
    assert!(first.files.len() >= n_articles);
    println!("export {n_articles} articles into an empty folder: {}", took(t));

    let t = (Instant::now(), cpu_s());
    let again = lib.export_markdown(&out, &opts).expect("export");
    assert!(again.files.iter().all(|f| !f.written));
    println!("export again, nothing changed: {}", took(t));

    // A hundred articles changed in the app (a highlight each): the folder is brought up to date.
    let step = (n_articles / 100).max(1);
    let chosen: Vec<&ExportedFile> = again.files.iter().step_by(step).take(100).collect();
    // A highlight with a note in the last paragraph, which the import left alone.
    let highlight = |lib: &mut Library, f: &ExportedFile, color: Color, note: &str| {
        let last = lib.article(f.article_id).expect("article").passages[11].start;
        let at = if color == Color::Blue { last + 10 } else { last + 40 };
        let spec = HighlightSpec {
            article_id: f.article_id,
            range: Some((at, at + 12)),
            quote: None,
            occurrence: None,
            color,
            tags: vec!["读者/新划线".into()],
            note: Some(note.into()),
        };
        lib.create_highlight(&spec).expect("highlight");
    };
    for f in &chosen {
        highlight(&mut lib, f, Color::Blue, "应用里加的");
    }
    let t = (Instant::now(), cpu_s());
    let updated = lib.export_markdown(&out, &opts).expect("export");
    let time = took(t);
    let n_updated = updated.files.iter().filter(|f| f.written).count();
    assert_eq!(n_updated, chosen.len());
    println!("re-export after {n_updated} articles changed in the app: {time}");

    // The reader writes in 100 files (a thought after the first block id, a summary at the
    // end) while a highlight is added to each of those articles in the app: re-export merges.
    for f in &chosen {
        let text = std::fs::read_to_string(&f.path).expect("read");
        let text = text.replacen("\n^zh-", "\n我的想法：这一段很关键。\n\n^zh-", 1)
            + "\n## 我的总结\n\n读者自己的话。\n";
        std::fs::write(&f.path, text).expect("write");
        highlight(&mut lib, f, Color::Green, "新的批注");
    }
    let t = (Instant::now(), cpu_s());
    let merged = lib.export_markdown(&out, &opts).expect("export");
    let time = took(t);
    let n_merged = merged.files.iter().filter(|f| f.status == ExportStatus::Merged).count();
    for f in &chosen {
        let text = std::fs::read_to_string(&f.path).expect("read");
        assert!(text.contains("读者自己的话。") && text.contains("新的批注"), "{}", f.path);
    }
    println!(
        "re-export with {} reader-edited files ({n_merged} merged, {} conflicts): {time}",
        chosen.len(),
        merged.conflicts.len(),
    );

    // The default template, but naming `passage`: what loading the passages that hold
    // highlights costs, against the first export above.
    let template = format!("{}{{# passage #}}", zhaji::export::template::DEFAULT_ARTICLE_TEMPLATE);
    let with_passages = ExportOptions { template: Some(template), ..ExportOptions::default() };
    let t = (Instant::now(), cpu_s());
    lib.export_markdown(&dir.path().join("vault 2"), &with_passages).expect("export");
    println!("export into an empty folder, the passages of highlights loaded: {}", took(t));
}
