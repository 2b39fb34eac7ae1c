//! A standing mutation harness over the shared corpus: each input is a corpus file changed by a
//! seeded mutation (bit flips, truncation, splicing two files, deep nesting, a huge line, EPUB
//! entries renamed, removed or damaged, text in an encoding it does not declare). Every input
//! must import or be refused with one line that names the file, never panic, and parse with
//! bounded work.
//!
//! The seeds are fixed, so a failure names the seed that reproduces it. The default count keeps
//! the test short enough for every run; a longer run is one variable away:
//! `ZHAJI_MUTATIONS=20000 cargo test --release --test tests mutate:: -- --nocapture` (seeds
//! start at `ZHAJI_MUTATION_SEED`, 0 by default). The run prints how many inputs it tried.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use zhaji::import::{html_parse_cost, parse_document};

/// Inputs tried by a plain `cargo test`.
const DEFAULT_COUNT: u64 = 120;

/// Most tree-builder operations allowed per input byte: a start tag takes at least three bytes
/// and costs at most one count of the parser's 512 open elements, so 200 per byte is a ceiling
/// that only a superlinear parse could reach.
const WORK_PER_BYTE: u64 = 200;

/// SplitMix64: small, seedable, good enough to choose mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The corpus files the harness starts from (HTML pages, text, Markdown, EPUB).
fn sources(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "html" | "txt" | "md" | "mdx" | "epub") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Rebuilds a zip archive from `entries`.
fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

/// One mutation of `bytes` (a file named `name`): a description and the new bytes.
fn mutate(rng: &mut Rng, name: &str, bytes: &[u8], other: &[u8]) -> (String, Vec<u8>) {
    let mut b = bytes.to_vec();
    let at = |rng: &mut Rng, b: &[u8]| rng.below(b.len() + 1);
    match rng.below(if name.ends_with(".epub") { 9 } else { 7 }) {
        0 => {
            let flips = 1 + rng.below(64);
            for _ in 0..flips {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
            }
            (format!("{flips} bit flips"), b)
        }
        1 => {
            let cut = at(rng, &b);
            b.truncate(cut);
            (format!("truncated at {cut}"), b)
        }
        2 => {
            let (i, j) = (at(rng, &b), rng.below(other.len() + 1));
            let mut s = b[..i].to_vec();
            s.extend_from_slice(&other[j..]);
            (format!("spliced at {i} with another file from {j}"), s)
        }
        3 => {
            let depth = 1_000 + rng.below(60_000);
            let tag =
                ["<div>", "<div><span><b>", "<table><tr><td>", "<ul><li>", "<blockquote>", "> "]
                    [rng.below(6)];
            let i = at(rng, &b);
            let mut s = b[..i].to_vec();
            s.extend(tag.repeat(depth).into_bytes());
            s.extend_from_slice(&b[i..]);
            (format!("{depth} × {tag:?} at {i}"), s)
        }
        4 => {
            let len = 100_000 + rng.below(900_000);
            let unit = ["字", "a", "，", "<", "&amp;", "\u{FEFF}"][rng.below(6)];
            let i = at(rng, &b);
            let mut s = b[..i].to_vec();
            s.extend(unit.repeat(len / unit.len()).into_bytes());
            s.extend_from_slice(&b[i..]);
            (format!("a line of {len} bytes of {unit:?} at {i}"), s)
        }
        5 => {
            // Text in an encoding other than the one it says (or none).
            let text = String::from_utf8_lossy(&b).into_owned();
            let kind = rng.below(4);
            let out = match kind {
                0 => encoding_rs::GBK.encode(&text).0.into_owned(),
                1 => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
                2 => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
                _ => text.replace("utf-8", "shift_jis").replace("UTF-8", "Big5").into_bytes(),
            };
            (format!("re-encoded ({kind})"), out)
        }
        6 => {
            // Markup and Markdown punctuation sprinkled in.
            let bits =
                ["<", ">", "</div>", "<p>", "&#", "]]>", "<!--", "`", "```", "---\n", "\r", "\0"];
            for _ in 0..1 + rng.below(200) {
                let i = at(rng, &b);
                let piece = bits[rng.below(bits.len())].as_bytes();
                b.splice(i..i, piece.iter().copied());
            }
            ("markup sprinkled in".to_owned(), b)
        }
        k => {
            // EPUB: an entry renamed, removed, or its content damaged.
            let mut entries = unzip(bytes);
            let e = rng.below(entries.len());
            let what = match (k, rng.below(3)) {
                (7, 0) => {
                    entries[e].0.push_str(".moved");
                    "renamed"
                }
                (7, _) => {
                    entries.remove(e);
                    "removed"
                }
                _ => {
                    let d = &mut entries[e].1;
                    let cut = rng.below(d.len() + 1);
                    d.truncate(cut);
                    d.extend(b"<div>".repeat(rng.below(20_000)));
                    "damaged"
                }
            };
            (format!("entry {e} {what}"), zip_of(&entries))
        }
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_corpus_files_import_or_fail_in_one_line() {
    let root = crate::corpus_or_skip!("");
    let files = sources(&root);
    assert!(files.len() >= 30, "{} corpus files", files.len());
    let contents: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let count = env_u64("ZHAJI_MUTATIONS", DEFAULT_COUNT);
    let first = env_u64("ZHAJI_MUTATION_SEED", 0);
    let (mut imported, mut refused) = (0u64, 0u64);
    for seed in first..first + count {
        let mut rng = Rng(seed);
        let i = rng.below(files.len());
        let j = rng.below(files.len());
        let name = files[i].file_name().unwrap().to_string_lossy().into_owned();
        let (how, bytes) = mutate(&mut rng, &name, &contents[i], &contents[j]);
        let case = format!("seed {seed}: {name}, {how}");
        let result = catch_unwind(AssertUnwindSafe(|| parse_document(&name, &bytes)))
            .unwrap_or_else(|_| panic!("{case}: the importer panicked"));
        match result {
            Ok(doc) => {
                imported += 1;
                assert!(!doc.blocks.is_empty(), "{case}: imported without text");
                for w in &doc.warnings {
                    assert!(!w.contains('\n'), "{case}: a warning of several lines: {w:?}");
                }
            }
            Err(e) => {
                refused += 1;
                let m = e.message();
                assert!(!m.contains('\n'), "{case}: an error of several lines: {m:?}");
                assert!(
                    m.starts_with(&format!("{name}: ")),
                    "{case}: the error names no file: {m}"
                );
            }
        }
        if name.ends_with(".html") && (how.contains('×') || how.starts_with("a line")) {
            let text = String::from_utf8_lossy(&bytes);
            let cost = html_parse_cost(&text);
            let ceiling = WORK_PER_BYTE * (bytes.len() as u64 + 1);
            assert!(cost.work <= ceiling, "{case}: work {} over {ceiling}", cost.work);
            assert!(cost.depth <= 257, "{case}: depth {}", cost.depth);
        }
    }
    println!(
        "mutation harness: tried {count} inputs (seeds {first}..{}): {imported} imported, {refused} refused in one line",
        first + count
    );
}
