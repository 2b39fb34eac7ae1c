//! Sync at a generated library: `cargo bench --bench sync`.
//!
//! Builds library A (`ZHAJI_SYNC_ARTICLES` articles, default 10,000, ten highlights each),
//! then measures: creating a highlight before A syncs and after (the cost the dirty mark adds;
//! the goal is under 1 ms at p99 either way), A joining a folder (every article into its
//! document and the folder; a round that writes 1,000 changes or more compacts them at once,
//! so the folder holds saved forms), an empty device B joining (time, and its peak memory, measured in
//! a process of its own), the bytes in the folder per highlight, and one new highlight's round
//! trip A → folder → B (A's round, then B's); then A's rounds until it joins its files into
//! one (compaction), the folder's bytes before and after, and an empty device C joining the
//! compacted folder.

mod common;

use common::Rng;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use zhaji::import::{Block, Document};
use zhaji::*;

const WORDS: &[&str] =
    &["大模型", "算力", "芯片", "数据", "训练", "推理", "成本", "开源", "能耗", "的", "了", "与"];

fn article(rng: &mut Rng, n: usize) -> Document {
    let blocks = (0..12)
        .map(|b| {
            let mut text = format!("{n}-{b} ");
            while text.chars().count() < 120 {
                text.push_str(WORDS[rng.below(WORDS.len())]);
            }
            Block { kind: PassageKind::Paragraph, level: 0, text, links: vec![] }
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

fn highlight(lib: &mut Library, article: Id, at: u32) -> Highlight {
    lib.create_highlight(&HighlightSpec {
        article_id: article,
        range: Some((at, at + 6)),
        quote: None,
        occurrence: None,
        color: Color::Yellow,
        tags: vec![],
        note: None,
    })
    .unwrap()
}

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{name:<44} n={:<5} median {:>7.3} ms   p99 {:>7.3} ms",
        times.len(),
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// CPU time of this process so far (user and system, Linux), in seconds: on a machine shared
/// with other builds, the wall time mostly measures the wait for a core.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<f64> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    // utime and stime, fields 14 and 15 of the line, in ticks of 1/100 s.
    (fields.get(11).unwrap_or(&0.0) + fields.get(12).unwrap_or(&0.0)) / 100.0
}

fn folder_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        total += if p.is_dir() { folder_bytes(&p) } else { e.metadata().map_or(0, |m| m.len()) };
    }
    total
}

fn main() {
    // The child process: an empty device joining.
    if let (Ok(db), Ok(folder)) =
        (std::env::var("ZHAJI_SYNC_JOIN_DB"), std::env::var("ZHAJI_SYNC_JOIN_FOLDER"))
    {
        let t = Instant::now();
        let mut b = Library::open(Path::new(&db)).unwrap();
        let r = b.sync_init(Path::new(&folder), "乙", None).unwrap();
        println!(
            "an empty device joins: {:.1} s ({:.1} s of CPU), peak RSS {:.0} MiB ({} documents)",
            t.elapsed().as_secs_f64(),
            cpu_secs(),
            peak_rss_mib(),
            r.documents_merged
        );
        return;
    }
    let n: usize =
        std::env::var("ZHAJI_SYNC_ARTICLES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    let mut a = Library::open(&dir.path().join("a.db")).unwrap();
    let mut rng = Rng(0x051C_2026);
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let docs = chunk.iter().map(|k| (article(&mut rng, *k), None)).collect();
        for outcome in a.import_documents(docs) {
            ids.push(outcome.unwrap().article.id);
        }
    }
    let mut made = 0;
    for id in &ids {
        for k in 0..10u32 {
            highlight(&mut a, *id, k * 121 + 8);
            made += 1;
        }
    }
    println!(
        "library A: {n} articles, {made} highlights, built in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let sample = |a: &mut Library, rng: &mut Rng| -> Vec<Duration> {
        (0..500)
            .map(|_| {
                let id = ids[rng.below(ids.len())];
                let t = Instant::now();
                highlight(a, id, 3);
                t.elapsed()
            })
            .collect()
    };
    stats("create a highlight, no sync", sample(&mut a, &mut rng));

    let t = Instant::now();
    a.sync_init(&folder, "甲", None).unwrap();
    let joined = t.elapsed();
    let bytes = folder_bytes(&folder);
    let highlights = made + 500;
    println!(
        "A joins a folder: {:.1} s; folder {:.1} MiB, {:.0} bytes per highlight (text included)",
        joined.as_secs_f64(),
        bytes as f64 / (1 << 20) as f64,
        bytes as f64 / highlights as f64
    );
    stats("create a highlight, sync on", sample(&mut a, &mut rng));

    let t = Instant::now();
    a.sync().unwrap();
    println!("A's round after 500 highlights: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);

    join_empty(&dir.path().join("b.db"), &folder);

    let mut b = Library::open(&dir.path().join("b.db")).unwrap();
    let before = folder_bytes(&folder);
    let mut trips = Vec::new();
    let mut rounds_a = Vec::new();
    for i in 0..20 {
        let id = ids[i * 7 % ids.len()];
        highlight(&mut a, id, 60);
        let t = Instant::now();
        a.sync().unwrap();
        rounds_a.push(t.elapsed());
        b.sync().unwrap();
        trips.push(t.elapsed());
    }
    println!("one highlight's file: {:.0} bytes", (folder_bytes(&folder) - before) as f64 / 20.0);
    stats("A's round with one new highlight", rounds_a);
    stats("round trip A → folder → B", trips);

    // A's rounds, one highlight each, until it joins its files into one.
    let own = folder.join("zhaji-sync").join(a.sync_status().unwrap().device_id);
    let files = |dir: &Path| std::fs::read_dir(dir).unwrap().count();
    let mut k = 0;
    let (before, took) = loop {
        let (count, bytes) = (files(&own), folder_bytes(&own));
        highlight(&mut a, ids[k % ids.len()], 30);
        k += 1;
        let t = Instant::now();
        a.sync().unwrap();
        if files(&own) < count {
            break (bytes, t.elapsed());
        }
    };
    let after = folder_bytes(&own);
    let highlights = highlights + 20 + k;
    println!(
        "A joins its files into one ({:.1} s): {:.1} MiB → {:.1} MiB, {:.0} → {:.0} bytes per highlight",
        took.as_secs_f64(),
        before as f64 / (1 << 20) as f64,
        after as f64 / (1 << 20) as f64,
        before as f64 / highlights as f64,
        after as f64 / highlights as f64
    );
    print!("from the compacted folder: ");
    join_empty(&dir.path().join("c.db"), &folder);
}

/// An empty device joining `folder`, in a process of its own (for its peak memory).
fn join_empty(db: &Path, folder: &Path) {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("ZHAJI_SYNC_JOIN_DB", db)
        .env("ZHAJI_SYNC_JOIN_FOLDER", folder)
        .output()
        .unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
}
