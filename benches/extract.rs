//! Main-text extraction against expected texts: for every page, the similarity of what the
//! importer keeps to what a reader should get (the measure of `tests/similarity.rs`), whether
//! the title and author are right, and the CPU time per page (this thread's, median of five).
//!
//! Pages: Mozilla Readability's 28 (`../shared/corpus/readability`: expected text and
//! metadata), the 公众号 captures (`../shared/corpus/capture`: their expected sentences and
//! chrome, reported as the share of sentences kept with no chrome), and the fixtures of
//! `tests/data/extract`.
//!
//! Peers run side by side, each once over all pages as a subprocess that reads page paths on
//! stdin and writes one JSON line per page (`text`, `title`, `author`, `cpu_ms`): trafilatura
//! (Python; `ZHAJI_PYTHON` names the interpreter, default `python3`; skipped with a message
//! when it cannot import trafilatura), and any program named by `ZHAJI_EXTRACT_PEER` (for
//! instance a build of rs-trafilatura speaking the same protocol).
//!
//! Run with `cargo bench --bench extract`.

#[path = "../tests/similarity.rs"]
#[allow(dead_code)]
mod similarity;

use similarity::similarity;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use zhaji::import::{html_to_document, parse_document, HtmlOptions};

/// What a page should give.
enum Expected {
    /// The whole text.
    Text(String),
    /// Sentences the text must hold and page chrome it must not.
    Sentences { keep: Vec<String>, chrome: Vec<String> },
}

struct Page {
    name: String,
    source: PathBuf,
    expected: Expected,
    title: String,
    author: Option<String>,
    /// The publication date, `YYYY-MM-DD` first.
    published: Option<String>,
}

/// What one extractor gave for one page.
struct Got {
    text: String,
    title: String,
    author: Option<String>,
    published: Option<String>,
    cpu_ms: f64,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn json(path: &Path) -> serde_json::Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn string(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn pages() -> Vec<Page> {
    let mut out = Vec::new();
    let corpus = root().join("../shared/corpus");
    for p in folders(&corpus.join("readability")) {
        let Ok(expected) = std::fs::read_to_string(p.join("expected.html")) else { continue };
        let want = html_to_document(&expected, HtmlOptions { extract: false });
        let meta = json(&p.join("expected-metadata.json"));
        out.push(Page {
            name: format!("r/{}", p.file_name().unwrap_or_default().to_string_lossy()),
            source: p.join("source.html"),
            expected: Expected::Text(want.text()),
            title: string(&meta["title"]).unwrap_or_default(),
            author: string(&meta["byline"]),
            published: string(&meta["publishedTime"]),
        });
    }
    for p in folders(&corpus.join("capture")) {
        let want = json(&p.join("expected.json"));
        let list = |k: &str| -> Vec<String> {
            want[k].as_array().map(|a| a.iter().filter_map(string).collect()).unwrap_or_default()
        };
        out.push(Page {
            name: format!("w/{}", p.file_name().unwrap_or_default().to_string_lossy()),
            source: p.join("page.html"),
            expected: Expected::Sentences {
                keep: list("must_contain"),
                chrome: list("must_not_contain"),
            },
            title: string(&want["title"]).unwrap_or_default(),
            author: string(&want["author"]),
            published: string(&want["published"]),
        });
    }
    for p in folders(&root().join("tests/data/extract")) {
        let want = json(&p.join("expected.json"));
        let text: Vec<String> = want["text"]
            .as_array()
            .map(|a| a.iter().filter_map(string).collect())
            .unwrap_or_default();
        out.push(Page {
            name: format!("f/{}", p.file_name().unwrap_or_default().to_string_lossy()),
            source: p.join("source.html"),
            expected: Expected::Text(text.join("\n")),
            title: string(&want["title"]).unwrap_or_default(),
            author: None,
            published: None,
        });
    }
    out.retain(|p| p.source.exists());
    out
}

/// This thread's CPU time in milliseconds.
fn thread_cpu_ms() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
}

fn zhaji(page: &Page) -> Got {
    let bytes = std::fs::read(&page.source).unwrap_or_default();
    let name = page.source.display().to_string();
    let mut times = Vec::new();
    let mut doc = None;
    for _ in 0..5 {
        let t = thread_cpu_ms();
        let d = parse_document(&name, &bytes);
        times.push(thread_cpu_ms() - t);
        doc = Some(d);
    }
    times.sort_by(f64::total_cmp);
    match doc {
        Some(Ok(d)) => Got {
            text: d.text(),
            title: d.meta.title.clone(),
            author: d.meta.author.clone(),
            published: d.meta.published.clone(),
            cpu_ms: times[2],
        },
        _ => Got {
            text: String::new(),
            title: String::new(),
            author: None,
            published: None,
            cpu_ms: times[2],
        },
    }
}

const TRAFILATURA: &str = r#"
import json, sys, time
import trafilatura
for line in sys.stdin:
    path = line.rstrip("\n")
    data = open(path, "rb").read()
    times, doc = [], None
    for _ in range(5):
        t = time.process_time()
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=True)
        times.append(time.process_time() - t)
    times.sort()
    d = (doc.as_dict() if hasattr(doc, "as_dict") else doc) or {}
    print(json.dumps({"text": d.get("text") or "", "title": d.get("title"), "author": d.get("author"),
                      "date": d.get("date"), "cpu_ms": times[2] * 1000}, ensure_ascii=False), flush=True)
"#;

/// Runs a peer over all pages; `None` (after saying why) when it cannot run.
fn peer(label: &str, cmd: &mut Command, pages: &[Page]) -> Option<Vec<Got>> {
    let mut child =
        match cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn() {
            Ok(c) => c,
            Err(e) => {
                println!("{label}: not run ({e})");
                return None;
            }
        };
    let list: String = pages.iter().map(|p| format!("{}\n", p.source.display())).collect();
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(list.as_bytes());
    }
    let out = child.wait_with_output().ok()?;
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    if lines.len() != pages.len() {
        println!("{label}: not run (it answered {} of {} pages)", lines.len(), pages.len());
        return None;
    }
    Some(
        lines
            .into_iter()
            .map(|v| Got {
                text: string(&v["text"]).unwrap_or_default(),
                title: string(&v["title"]).unwrap_or_default(),
                author: string(&v["author"]),
                published: string(&v["date"]),
                cpu_ms: v["cpu_ms"].as_f64().unwrap_or(0.0),
            })
            .collect(),
    )
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's score: similarity to the expected text, or for sentence lists the share of
/// sentences kept, zeroed by any chrome kept.
fn score(page: &Page, got: &Got) -> f64 {
    match &page.expected {
        Expected::Text(t) => similarity(&got.text, t),
        Expected::Sentences { keep, chrome } => {
            let text: String = got.text.chars().filter(|c| !c.is_whitespace()).collect();
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let kept = keep.iter().filter(|s| text.contains(&squeeze(s))).count();
            let clean = !chrome.iter().any(|s| text.contains(&squeeze(s)));
            if keep.is_empty() || !clean {
                0.0
            } else {
                kept as f64 / keep.len() as f64
            }
        }
    }
}

fn author_ok(page: &Page, got: &Got) -> Option<bool> {
    let want = page.author.as_deref()?;
    let clean = |s: &str| {
        let s = norm(s).to_lowercase();
        s.strip_prefix("by ").map(str::to_owned).unwrap_or(s)
    };
    let g = clean(got.author.as_deref().unwrap_or(""));
    let w = clean(want);
    Some(!g.is_empty() && (g == w || g.contains(&w) || w.contains(&g)))
}

fn date_ok(page: &Page, got: &Got) -> Option<bool> {
    let want = page.published.as_deref()?;
    let day = |s: &str| s.chars().take(10).collect::<String>();
    Some(got.published.as_deref().is_some_and(|g| day(g) == day(want)))
}

struct Column {
    label: String,
    got: Vec<Got>,
}

fn main() {
    let pages = pages();
    if pages.is_empty() {
        println!("no pages found (../shared/corpus and tests/data/extract)");
        return;
    }
    let mut columns =
        vec![Column { label: "zhaji".into(), got: pages.iter().map(zhaji).collect() }];
    let python = std::env::var("ZHAJI_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_trafilatura = Command::new(&python)
        .args(["-c", "import trafilatura"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if has_trafilatura {
        if let Some(got) =
            peer("trafilatura", Command::new(&python).args(["-c", TRAFILATURA]), &pages)
        {
            columns.push(Column { label: "trafilatura".into(), got });
        }
    } else {
        println!(
            "trafilatura: not installed for {python} (pip install trafilatura, or set ZHAJI_PYTHON \
             to a Python that has it): its column is skipped"
        );
    }
    if let Ok(cmd) = std::env::var("ZHAJI_EXTRACT_PEER") {
        let label =
            Path::new(&cmd).file_name().map_or("peer".into(), |n| n.to_string_lossy().into_owned());
        if let Some(got) = peer(&label, &mut Command::new(&cmd), &pages) {
            columns.push(Column { label, got });
        }
    }
    print!("{:<28}", "page");
    for c in &columns {
        print!(" | {:>14} {:>5} {:>7}", c.label, "title", "cpu ms");
    }
    println!();
    for (i, page) in pages.iter().enumerate() {
        print!("{:<28}", page.name);
        for c in &columns {
            let g = &c.got[i];
            let t = if norm(&g.title) == norm(&page.title) { "ok" } else { "MISS" };
            print!(" | {:>14.4} {:>5} {:>7.2}", score(page, g), t, g.cpu_ms);
        }
        println!();
    }
    for group in ["r/", "w/", "f/", ""] {
        let idx: Vec<usize> =
            (0..pages.len()).filter(|&i| pages[i].name.starts_with(group)).collect();
        if idx.is_empty() {
            continue;
        }
        let name = match group {
            "r/" => "Readability pages",
            "w/" => "公众号 captures",
            "f/" => "fixtures",
            _ => "all pages",
        };
        println!("{name} ({}):", idx.len());
        for c in &columns {
            let scores: Vec<f64> = idx.iter().map(|&i| score(&pages[i], &c.got[i])).collect();
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            let (worst, wi) = scores
                .iter()
                .enumerate()
                .map(|(k, s)| (*s, idx[k]))
                .fold((f64::MAX, 0), |a, b| if b.0 < a.0 { b } else { a });
            let titles =
                idx.iter().filter(|&&i| norm(&c.got[i].title) == norm(&pages[i].title)).count();
            let dates: Vec<bool> =
                idx.iter().filter_map(|&i| date_ok(&pages[i], &c.got[i])).collect();
            let authors: Vec<bool> =
                idx.iter().filter_map(|&i| author_ok(&pages[i], &c.got[i])).collect();
            let mut cpu: Vec<f64> = idx.iter().map(|&i| c.got[i].cpu_ms).collect();
            cpu.sort_by(f64::total_cmp);
            let cpu_mean = cpu.iter().sum::<f64>() / cpu.len() as f64;
            println!(
                "  {:<14} mean {mean:.4}  worst {worst:.4} ({})  titles {titles}/{}  authors {}/{}  dates {}/{}  cpu mean {cpu_mean:.2} ms, median {:.2}, max {:.2}",
                c.label,
                pages[wi].name,
                idx.len(),
                authors.iter().filter(|a| **a).count(),
                authors.len(),
                dates.iter().filter(|a| **a).count(),
                dates.len(),
                cpu[cpu.len() / 2],
                cpu[cpu.len() - 1],
            );
        }
    }
}
