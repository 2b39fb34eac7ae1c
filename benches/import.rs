//! Import speed: milliseconds per page over the 28 Readability pages, MB/s on a ~5 MB page made
//! by repeating real article content, and a folder of 1,000 web pages (files per second, peak
//! memory from `/proc/self/status` VmHWM). Run with `cargo bench --bench import`.

use std::path::PathBuf;
use std::time::Instant;
use zhaji::import::parse_document;

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/readability");
    p.exists().then_some(p)
}

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED: the corpus is missing");
        return;
    };
    let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("source.html").exists())
        .map(|p| {
            (
                format!("{}.html", p.file_name().unwrap().to_string_lossy()),
                std::fs::read(p.join("source.html")).unwrap(),
            )
        })
        .collect();
    pages.sort();
    // 1. Per page.
    let rounds = 5;
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let t = Instant::now();
    for _ in 0..rounds {
        for (name, b) in &pages {
            std::hint::black_box(parse_document(name, b).unwrap());
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = (rounds * pages.len()) as f64;
    println!(
        "readability pages: {:.2} ms per page ({} pages × {rounds}, {:.1} MB/s, {:.0} KB average)",
        secs * 1000.0 / n,
        pages.len(),
        (bytes * rounds) as f64 / secs / 1e6,
        bytes as f64 / pages.len() as f64 / 1e3
    );
    // 2. A ~5 MB page: the article body of real pages repeated.
    let mut body = String::new();
    let mut i = 0;
    while body.len() < 5_000_000 {
        let p = dir.join(pages[i % pages.len()].0.trim_end_matches(".html")).join("expected.html");
        body.push_str(&std::fs::read_to_string(p).unwrap());
        i += 1;
    }
    let big = format!("<!DOCTYPE html><html><head><meta charset=utf-8><title>Big</title></head><body><article>{body}</article></body></html>");
    let t = Instant::now();
    let d = parse_document("big.html", big.as_bytes()).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "5 MB page: {:.2} MB in {:.0} ms = {:.1} MB/s ({} blocks)",
        big.len() as f64 / 1e6,
        secs * 1000.0,
        big.len() as f64 / secs / 1e6,
        d.blocks.len()
    );
    // 3. A folder of 1,000 pages, each made unique so that each is a new article.
    let tmp = tempfile::tempdir().unwrap();
    for k in 0..1000 {
        let (name, b) = &pages[k % pages.len()];
        let s = String::from_utf8_lossy(b).replacen("<p>", &format!("<p>Copy {k}. "), 1);
        std::fs::write(tmp.path().join(format!("{k:04}-{name}")), s).unwrap();
    }
    let db = tmp.path().join("lib.sqlite");
    let mut lib = zhaji::Library::open(&db).unwrap();
    let before = vm_hwm_kib().unwrap_or(0);
    let t = Instant::now();
    let r = lib.import_folder(tmp.path(), &mut |_| true).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "folder of {} files: {:.1} s, {:.0} files/s; imported {}, already present {}, failed {}; peak memory (VmHWM) {:.0} MiB (before the folder: {:.0} MiB)",
        r.found,
        secs,
        r.found as f64 / secs,
        r.imported,
        r.already_present,
        r.failed.len(),
        vm_hwm_kib().unwrap_or(0) as f64 / 1024.0,
        before as f64 / 1024.0
    );
}
