//! What keeping the library safe costs, and whether writes stay fair.
//!
//! `check`: builds a library of `ZHAJI_BENCH_MB` megabytes (default 250; kept in
//! `ZHAJI_BENCH_DIR` when set, so that a second run reuses it), then measures the full check
//! (`PRAGMA quick_check`), a first write of a new process with the file's stamp recorded (the
//! usual case) and without it (the check runs first), the first write of a day and the day's
//! backup made after it, and a backup.
//!
//! `fair`: one or eight writer threads (each its own connection, as the app and the command line
//! are) make highlights, tags and notes while two processes import folders of new files in a
//! loop; reports each write's wait (p50, p99, max) and how many failed.
//! `ZHAJI_BENCH_PART=check|fair` runs one part only.

mod common;

use common::Rng;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
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
    "商业化",
    "开源",
    "监管",
    "用户",
    "场景",
    "文本",
    "模型",
    "能力",
    "应用",
    "公司",
    "市场",
    "投资",
];

fn text(rng: &mut Rng, chars: usize) -> String {
    let mut s = String::new();
    while s.chars().count() < chars {
        s.push_str(WORDS[rng.below(WORDS.len())]);
        if rng.below(10) == 0 {
            s.push('。');
        }
    }
    s
}

fn document(rng: &mut Rng, n: usize) -> Document {
    let blocks = (0..20)
        .map(|i| Block {
            kind: PassageKind::Paragraph,
            level: 0,
            text: format!("{n}-{i} {}", text(rng, 200)),
            links: vec![],
        })
        .collect();
    Document {
        meta: ArticleMeta { title: format!("文章 {n}"), ..Default::default() },
        blocks,
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test" || a == "--list");
    let part = std::env::var("ZHAJI_BENCH_PART").unwrap_or_default();
    let kept = std::env::var_os("ZHAJI_BENCH_DIR").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = kept.unwrap_or_else(|| tmp.path().to_owned());
    std::fs::create_dir_all(&dir).expect("bench dir");
    if part.is_empty() || part == "check" {
        let mb: u64 = std::env::var("ZHAJI_BENCH_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if quick { 2 } else { 250 });
        check(&dir.join(format!("check-{mb}.db")), mb);
    }
    if part.is_empty() || part == "fair" {
        let secs = if quick { 2 } else { 20 };
        for writers in [1, 8] {
            fair(&dir.join(format!("fair-{writers}")), writers, Duration::from_secs(secs));
        }
    }
}

fn check(path: &Path, mb: u64) {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    if size(path) < mb << 20 {
        let mut lib = Library::open(path).expect("open");
        let mut rng = Rng(0x5afe);
        let mut n = lib.articles(&ListOptions::default()).expect("list").len();
        let t = Instant::now();
        while size(path) < mb << 20 {
            let docs = (0..200).map(|_| {
                n += 1;
                (document(&mut rng, n), None)
            });
            for r in lib.import_documents(docs.collect()) {
                r.expect("import");
            }
        }
        drop(lib);
        println!(
            "built {} MB ({n} articles) in {:.1} s",
            size(path) >> 20,
            t.elapsed().as_secs_f64()
        );
    }
    let articles =
        Library::open(path).expect("open").articles(&ListOptions::default()).expect("list").len();
    println!("library: {:.0} MB, {articles} articles", size(path) as f64 / f64::from(1u32 << 20));
    let stamp = {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".backups");
        path.with_file_name(name).join("sound")
    };
    for round in 0..3 {
        let mut lib = Library::open(path).expect("open");
        let t = Instant::now();
        let found = lib.verify().expect("verify");
        assert!(found.is_none(), "{found:?}");
        println!("full check (quick_check), round {round}: {:.0} ms", ms(t.elapsed()));
    }
    let first_write = |keep_stamp: bool| {
        if !keep_stamp {
            let _ = std::fs::remove_file(&stamp);
        }
        let t = Instant::now();
        let mut lib = Library::open(path).expect("open");
        lib.set_article_note(1, &format!("笔记 {}", t.elapsed().as_nanos())).expect("write");
        let took = t.elapsed();
        drop(lib);
        took
    };
    first_write(true);
    for round in 0..3 {
        println!(
            "open + first write, stamp recorded: {:.1} ms; without it (checked first): {:.0} ms (round {round})",
            ms(first_write(true)),
            ms(first_write(false)),
        );
    }
    // The first write of a day: the folder holds no backup of today. The write no longer makes
    // the day's backup; the front door runs it afterwards, off the write (timed apart).
    let first_of_day = || {
        let today = zhaji::text::now_rfc3339();
        for b in Library::open(path).expect("open").backups().expect("backups") {
            if b.created.get(..10) == today.get(..10) {
                std::fs::remove_file(&b.path).expect("remove today's backup");
            }
        }
        let t = Instant::now();
        let mut lib = Library::open(path).expect("open");
        lib.set_article_note(1, &format!("今天的第一条 {}", t.elapsed().as_nanos()))
            .expect("write");
        let write = t.elapsed();
        let t = Instant::now();
        let job = lib.daily_backup_job().expect("a backup is due");
        job.run().expect("daily backup").expect("a backup was made");
        (write, t.elapsed())
    };
    for round in 0..3 {
        let (write, backup) = first_of_day();
        println!(
            "open + first write of a day: {:.1} ms; the day's backup after it, off the write: {:.0} ms (round {round})",
            ms(write),
            ms(backup),
        );
    }
    let mut lib = Library::open(path).expect("open");
    let out = path.with_extension("backup.db");
    let _ = std::fs::remove_file(&out);
    let t = Instant::now();
    let b = lib.backup(Some(&out)).expect("backup");
    println!(
        "backup (VACUUM INTO) of {:.0} MB: {:.0} ms",
        b.bytes as f64 / 1048576.0,
        ms(t.elapsed())
    );
    let _ = std::fs::remove_file(&out);
}

fn fair(dir: &Path, writers: usize, run_for: Duration) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("dir");
    let db = dir.join("library.db");
    {
        let mut lib = Library::open(&db).expect("open");
        let mut rng = Rng(7);
        let docs = (0..50).map(|n| (document(&mut rng, n), None)).collect();
        for r in lib.import_documents(docs) {
            r.expect("import");
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    // Two processes import folders of new files, again and again.
    let importing: usize =
        std::env::var("ZHAJI_BENCH_IMPORTERS").ok().and_then(|v| v.parse().ok()).unwrap_or(2);
    let importers: Vec<_> = (0..importing)
        .map(|k| {
            let (db, stop, folder) = (db.clone(), stop.clone(), dir.join(format!("in-{k}")));
            std::thread::spawn(move || {
                let mut rng = Rng(100 + k as u64);
                let mut round = 0;
                while !stop.load(Ordering::Relaxed) {
                    let _ = std::fs::remove_dir_all(&folder);
                    std::fs::create_dir_all(&folder).expect("folder");
                    for f in 0..100 {
                        let body: String = (0..20)
                            .map(|i| format!("{k}-{round}-{f}-{i} {}\n\n", text(&mut rng, 200)))
                            .collect();
                        std::fs::write(folder.join(format!("{f}.txt")), body).expect("write");
                    }
                    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhaji"))
                        .arg("--db")
                        .arg(&db)
                        .arg("import")
                        .arg(&folder)
                        .output()
                        .expect("run zhaji");
                    if !out.status.success() {
                        eprintln!("import failed: {}", String::from_utf8_lossy(&out.stderr));
                    }
                    round += 1;
                }
                round
            })
        })
        .collect();
    // Let the imports start.
    std::thread::sleep(Duration::from_millis(500));
    let threads: Vec<_> = (0..writers)
        .map(|w| {
            let (db, stop) = (db.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut lib = Library::open(&db).expect("open");
                let (mut times, mut failed, mut done) = (Vec::new(), Vec::new(), 0usize);
                let mut i = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    let article = i64::from(i % 50) + 1;
                    let t = Instant::now();
                    let r = match i % 3 {
                        0 => lib
                            .create_highlight(&HighlightSpec {
                                article_id: article,
                                range: Some((3, 8)),
                                quote: None,
                                occurrence: None,
                                color: Color::Yellow,
                                tags: vec![],
                                note: None,
                            })
                            .map(|_| ()),
                        1 => lib
                            .add_tag(
                                ItemRef { kind: ItemKind::Article, id: article },
                                &format!("写者{w}/{i}"),
                            )
                            .map(|_| ()),
                        _ => lib.set_article_note(article, &format!("写者{w} 第{i}次")).map(|_| ()),
                    };
                    times.push(t.elapsed());
                    match r {
                        Ok(()) => done += 1,
                        Err(e) => failed.push(e.to_string()),
                    }
                    i += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                (times, failed, done)
            })
        })
        .collect();
    std::thread::sleep(run_for);
    stop.store(true, Ordering::Relaxed);
    let (mut times, mut failed, mut done) = (Vec::new(), Vec::new(), 0);
    for t in threads {
        let (t, f, d) = t.join().expect("writer");
        times.extend(t);
        failed.extend(f);
        done += d;
    }
    let rounds: usize = importers.into_iter().map(|t| t.join().expect("importer")).sum();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{writers} writer(s) during {importing} looping folder imports ({rounds} imports of 100 files): n={} p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms  failed {}",
        times.len(),
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(times[times.len() - 1]),
        failed.len()
    );
    if let Some(f) = failed.first() {
        println!("  first failure: {f}");
    }
    // No acknowledged write is lost: every acknowledged note, tag and highlight is there.
    let lib = Library::open(&db).expect("open");
    let highlights: usize =
        (1..=50).map(|a| lib.article(a).map(|x| x.highlights.len()).unwrap_or(0)).sum();
    println!("  acknowledged writes {done}; highlights found {highlights}");
}
