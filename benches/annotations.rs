//! Importing highlights from another tool: 10,000 Kindle clippings (ten for each of 1,000 books,
//! in both locales' formats) parsed and anchored onto a library of 1,000 articles, the first
//! time (every clipping a new highlight) and again (every clipping a duplicate).

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use zhaji::annotations::{self, Format};
use zhaji::Library;

const ARTICLES: usize = 1_000;
const PARAGRAPHS: usize = 10;

const WORDS: &[&str] = &[
    "大模型",
    "算力",
    "芯片",
    "数据中心",
    "推理",
    "训练",
    "开源",
    "参数",
    "融资",
    "估值",
    "监管",
    "智能体",
    "多模态",
    "语料",
    "成本",
    "效率",
    "model",
    "inference",
    "GPU",
    "training",
    "cost",
];

/// A paragraph of article `i`, unique in the library.
fn paragraph(i: usize, p: usize) -> String {
    let words: Vec<&str> = (0..30).map(|k| WORDS[(i * 7 + p * 13 + k * k) % WORDS.len()]).collect();
    format!("第{i}篇第{p}段：{}。", words.join(""))
}

/// The library file and the clippings file, made once.
fn prepare(dir: &Path) -> (std::path::PathBuf, String) {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut paths = Vec::new();
    let mut clippings = String::from("\u{FEFF}");
    for i in 0..ARTICLES {
        let body: Vec<String> = (0..PARAGRAPHS).map(|p| paragraph(i, p)).collect();
        let path = docs.join(format!("{i}.md"));
        std::fs::write(&path, format!("# 书名 {i}\n\n{}\n", body.join("\n\n"))).unwrap();
        paths.push(path);
        for (p, text) in body.iter().enumerate() {
            let info = if i % 2 == 0 {
                format!("- 您在第 {p} 页（位置 #{}-{}）的标注 | 添加于 2023年4月11日星期二 上午10:30:00", p * 10, p * 10 + 3)
            } else {
                format!("- Your Highlight on page {p} | Location {}-{} | Added on Tuesday, April 11, 2023 10:30:00 AM", p * 10, p * 10 + 3)
            };
            clippings.push_str(&format!(
                "书名 {i} (作者 {i})\r\n{info}\r\n\r\n{text}\r\n==========\r\n"
            ));
        }
    }
    let db = dir.join("library.db");
    let mut lib = Library::open(&db).unwrap();
    let results = lib.import_files(&paths, &mut |_| true);
    assert!(results.iter().all(|r| r.is_ok()));
    (db, clippings)
}

fn import_clippings(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (db, clippings) = prepare(dir.path());
    let text = annotations::decode(clippings.as_bytes());
    let mut group = c.benchmark_group("annotations");
    // Each import takes about a second: ten of them, flat, after a short warm-up.
    group.sample_size(10).sampling_mode(criterion::SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    group.bench_function("parse 10,000 Kindle clippings", |b| {
        b.iter(|| annotations::parse(Format::Kindle, &text).unwrap().len())
    });
    group.bench_function("import 10,000 Kindle clippings onto 1,000 articles", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for n in 0..iters {
                let copy = dir.path().join(format!("copy-{n}.db"));
                std::fs::copy(&db, &copy).unwrap();
                let mut lib = Library::open(&copy).unwrap();
                let start = Instant::now();
                let entries = annotations::parse(Format::Kindle, &text).unwrap();
                let r = lib.import_annotations(Format::Kindle, &entries).unwrap();
                total += start.elapsed();
                assert_eq!(r.matched as usize, ARTICLES * PARAGRAPHS);
                drop(lib);
                let _ = std::fs::remove_file(&copy);
            }
            total
        })
    });
    let copy = dir.path().join("again.db");
    std::fs::copy(&db, &copy).unwrap();
    let mut lib = Library::open(&copy).unwrap();
    let entries = annotations::parse(Format::Kindle, &text).unwrap();
    lib.import_annotations(Format::Kindle, &entries).unwrap();
    group.bench_function("import them again (all duplicates)", |b| {
        b.iter(|| {
            let r = lib.import_annotations(Format::Kindle, &entries).unwrap();
            assert_eq!(r.duplicates as usize, ARTICLES * PARAGRAPHS);
        })
    });
    group.finish();
}

criterion_group!(benches, import_clippings);
criterion_main!(benches);
