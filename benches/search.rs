//! Benchmark of search on a large generated library.
//!
//! `cargo bench --bench search` generates 10,000 articles (2,000 to 20,000 characters each,
//! mixed Chinese and English), 100,000 highlights and about 33,000 notes in a temporary file,
//! then measures: indexing throughput (a full rebuild), the index's size against the text's,
//! query latency (first 50 hits of each group with snippets) for words of two or more Chinese
//! characters and English words, and for single characters including 的, and the same queries
//! as a `LIKE '%…%'` scan with the ratio. `ZHAJI_BENCH_ARTICLES=N` makes a smaller library;
//! run with `--test` (as `cargo test --benches` does) it is tiny. `ZHAJI_BENCH_DB=FILE` keeps
//! the generated library in FILE and, when FILE already exists, reuses it and only runs the
//! queries (for profiling); `ZHAJI_BENCH_QUERY=Q` then runs only the query Q, 200 times, and
//! `ZHAJI_BENCH_REINDEX=1` only rebuilds the index.

mod common;

use common::Rng;
use std::time::{Duration, Instant};
use zhaji::import::{Block, Document};
use zhaji::*;

/// Words of the AI-industry press, common ones repeated so that frequencies are skewed.
const ZH: &[&str] = &[
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
    "資料",
    "網路",
    "的",
    "的",
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
    "钱",
    "烧钱",
    "模型",
    "智能体",
    "检索",
    "增强",
    "生成",
];
const EN: &[&str] = &[
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
    "optimizer",
    "optimization",
    "retrieval",
];

fn paragraph(rng: &mut Rng, chars: usize) -> String {
    let english = rng.below(4) == 0;
    let mut s = String::new();
    let mut n = 0;
    while n < chars {
        let w = if english { EN[rng.below(EN.len())] } else { ZH[rng.below(ZH.len())] };
        if english && !s.is_empty() {
            s.push(' ');
            n += 1;
        }
        s.push_str(w);
        n += w.chars().count();
        if !english && rng.below(10) == 0 {
            s.push(if rng.below(2) == 0 { '，' } else { '。' });
            n += 1;
        }
    }
    s
}

fn article(rng: &mut Rng, n: usize, chars: usize) -> Document {
    let mut blocks = Vec::new();
    let mut total = 0;
    while total < chars {
        let len = 60 + rng.below(240);
        let text = paragraph(rng, len);
        total += text.chars().count() + 1;
        blocks.push(Block { kind: PassageKind::Paragraph, level: 0, text, links: vec![] });
    }
    Document {
        meta: ArticleMeta {
            title: format!("文章 {n} {}", paragraph(rng, 12)),
            ..Default::default()
        },
        blocks,
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

fn pct(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let n_articles: usize = std::env::var("ZHAJI_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 20 } else { 10_000 });
    let dir = tempfile::tempdir().expect("temp dir");
    let kept = std::env::var_os("ZHAJI_BENCH_DB").map(std::path::PathBuf::from);
    let reuse = kept.as_ref().is_some_and(|p| p.exists());
    let path = kept.unwrap_or_else(|| dir.path().join("bench.db"));
    let mut lib = Library::open(&path).expect("open library");
    if !reuse {
        generate(&mut lib, n_articles);
        // A library's index as it grows, before any rebuild: FTS5 segments not yet merged.
        queries(&lib, &path, quick, "index as imported", false);
        report_reindex(&mut lib);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("library file: {:.1} MB", size as f64 / 1e6);
    }
    if reuse && std::env::var_os("ZHAJI_BENCH_REINDEX").is_some() {
        report_reindex(&mut lib);
        return;
    }
    if let Ok(q) = std::env::var("ZHAJI_BENCH_QUERY") {
        // Only this query, many times (for a profiler).
        let opts = SearchOptions { limit: 50, offset: 0 };
        for g in lib.search(&q, &opts).expect("search").groups {
            println!("  {:?}: {} (exact {}, ranked {})", g.kind, g.total, g.total_exact, g.ranked);
        }
        let t = Instant::now();
        for _ in 0..200 {
            lib.search(&q, &opts).expect("search");
        }
        println!("{q}: {:.2} ms a search", t.elapsed().as_secs_f64() * 1e3 / 200.0);
        return;
    }
    queries(&lib, &path, quick, "index rebuilt", true);
}

/// Fills the library: articles, highlights and notes.
fn generate(lib: &mut Library, n_articles: usize) {
    let mut rng = Rng(0x5eed_5ea2c4);

    // Articles, indexed as they are imported (by the index's triggers).
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n_articles);
    for n in 0..n_articles {
        let len = 2_000 + rng.below(18_001);
        ids.push(lib.import_document(article(&mut rng, n, len), None).expect("import").article.id);
    }
    println!(
        "import {n_articles} articles (indexed as imported): {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // 10 highlights per article, a note on every third.
    let t = Instant::now();
    for (i, &id) in ids.iter().enumerate() {
        let chars = lib.article(id).expect("article").summary.chars as usize;
        for k in 0..10 {
            let start = rng.below(chars - 50) as u32;
            lib.create_highlight(&HighlightSpec {
                article_id: id,
                range: Some((start, start + 5 + rng.below(40) as u32)),
                quote: None,
                occurrence: None,
                color: Color::ALL[rng.below(5)],
                tags: vec![["topic/算力", "topic/数据", "actor/百度"][rng.below(3)].to_string()],
                note: (k % 3 == 0).then(|| format!("批注 {i}-{k}：{}", paragraph(&mut rng, 30))),
            })
            .expect("highlight");
        }
    }
    println!("{} highlights with notes: {:.1} s", ids.len() * 10, t.elapsed().as_secs_f64());
}

/// Indexing throughput and size: a full rebuild.
fn report_reindex(lib: &mut Library) {
    let r = lib.reindex().expect("reindex");
    println!(
        "reindex: {} rows, {:.1} MB of text in {:.2} s = {:.1} MB/s; index {:.1} MB = {:.2} x the text",
        r.rows,
        r.text_bytes as f64 / 1e6,
        r.millis as f64 / 1e3,
        r.text_bytes as f64 / 1e6 / (r.millis.max(1) as f64 / 1e3),
        r.index_bytes as f64 / 1e6,
        r.index_bytes as f64 / r.text_bytes.max(1) as f64
    );
}

/// Query latency, and (with `like`) the same queries as a LIKE scan.
fn queries(lib: &Library, path: &std::path::Path, quick: bool, label: &str, like: bool) {
    let raw = rusqlite::Connection::open(path).expect("raw connection");
    let opts = SearchOptions { limit: 50, offset: 0 };
    let rounds = if quick { 3 } else { 30 };
    let sets: [(&str, &[&str]); 2] = [
        (
            "2+ chars / English words",
            &[
                "算力",
                "大模型",
                "人工智能",
                "蒸馏",
                "烧钱",
                "模型训练",
                "資料",
                "model",
                "distillation",
                "GPT-3",
                "optimizer",
            ],
        ),
        ("single characters", &["的", "钱", "算", "华", "了"]),
    ];
    for (name, queries) in sets {
        let mut all = Vec::new();
        println!("-- {label}: {name} (p95 over {rounds} runs; LIKE median over 3)");
        for q in queries {
            let mut times = Vec::new();
            let mut total = 0;
            for _ in 0..rounds {
                let t = Instant::now();
                let res = lib.search(q, &opts).expect("search");
                times.push(t.elapsed());
                total = res.total;
            }
            all.extend(times.iter().copied());
            let p95 = pct(&mut times, 0.95);
            let med = pct(&mut times, 0.5);
            let mut like_times = Vec::new();
            for _ in 0..if like { 3 } else { 0 } {
                let t = Instant::now();
                let _n: i64 = raw
                    .query_row(
                        "SELECT count(*) FROM passage WHERE text LIKE '%' || ?1 || '%'",
                        [q],
                        |row| row.get(0),
                    )
                    .expect("like");
                like_times.push(t.elapsed());
            }
            if !like {
                println!("  {q:<14} hits {total:>8}  median {med:>8.2} ms  p95 {p95:>8.2} ms");
                continue;
            }
            let like_med = pct(&mut like_times, 0.5);
            println!(
                "  {q:<14} hits {total:>8}  median {med:>8.2} ms  p95 {p95:>8.2} ms   LIKE {like_med:>9.1} ms  ({:.0}x)",
                like_med / med.max(1e-3)
            );
        }
        println!("  all {name}: p95 {:.2} ms", pct(&mut all, 0.95));
    }
}
