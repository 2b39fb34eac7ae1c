//! The plan of the code, checked by reading the sources as the migration-hash test checks that
//! migrations are append-only:
//! - **layers**: the pure modules (`import`, `fetch`, `anchor`, `export`, `search`, `text`, `model`)
//!   never reach the façade, the store or the batch writer; `store` and `batch` never reach the
//!   façade; nothing in the core names Tauri;
//! - **size**: no hand-written source file is longer than 800 lines, its trailing
//!   `#[cfg(test)] mod tests { … }` block not counted;
//! - **SQL**: no SQL text in a string literal of `src/` outside `src/store/` (test code aside).
//!
//! Each rule is a function from source text to the places it is broken, so the checker is tested
//! below on made-up text as well as run on the tree.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One place a rule is broken.
#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    line: usize,
    rule: &'static str,
    what: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: [{}] {}", self.file, self.line, self.rule, self.what)
    }
}

fn fail_with(violations: &[Violation], advice: &str) {
    let list: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
    assert!(violations.is_empty(), "{advice}\n{}", list.join("\n"));
}

// ---- reading Rust source ----

/// A Rust file split into its code (comments and the contents of string and char literals
/// blanked, lines kept) and its string literals (with the line each starts on).
struct Lexed {
    code: Vec<char>,
    strings: Vec<(usize, String)>,
}

fn lex(src: &str) -> Lexed {
    let s: Vec<char> = src.chars().collect();
    let mut code = Vec::with_capacity(s.len());
    let mut strings = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Writes a blank into the code for `c` (a line break stays one), counting lines.
    let blank = |c: char, code: &mut Vec<char>, line: &mut usize| {
        if c == '\n' {
            *line += 1;
            code.push('\n');
        } else {
            code.push(' ');
        }
    };
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        let after_ident = i > 0 && (s[i - 1].is_alphanumeric() || s[i - 1] == '_');
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                blank(s[i], &mut code, &mut line);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    code.extend([' ', ' ']);
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    code.extend([' ', ' ']);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(s[i], &mut code, &mut line);
                    i += 1;
                }
            }
        } else if c == '"' || (!after_ident && (c == 'r' || c == 'b') && raw_or_byte(&s, i)) {
            // A string: "…", b"…", r#"…"#, br"…".
            let mut j = i;
            while s[j] != '"' && s[j] != '#' {
                code.push(s[j]);
                j += 1;
            }
            let raw = j > i && s[j - 1] == 'r';
            let hashes = s[j..].iter().take_while(|&&c| c == '#').count();
            code.extend(std::iter::repeat_n('#', hashes));
            j += hashes;
            code.push('"');
            j += 1;
            let start_line = line;
            let mut text = String::new();
            while j < s.len() {
                if !raw && s[j] == '\\' && j + 1 < s.len() {
                    text.extend([s[j], s[j + 1]]);
                    blank(s[j], &mut code, &mut line);
                    blank(s[j + 1], &mut code, &mut line);
                    j += 2;
                    continue;
                }
                if s[j] == '"'
                    && s[j + 1..].iter().take(hashes).filter(|&&c| c == '#').count() == hashes
                {
                    break;
                }
                text.push(s[j]);
                blank(s[j], &mut code, &mut line);
                j += 1;
            }
            code.push('"');
            code.extend(std::iter::repeat_n('#', hashes));
            strings.push((start_line, text));
            i = j + 1 + hashes;
        } else if c == '\'' && next == Some('\\') {
            // An escaped char literal: '\n', '\'', '\\', '\u{1F600}'.
            code.extend(['\'', ' ', ' ']);
            i += 3;
            while i < s.len() && s[i] != '\'' {
                blank(s[i], &mut code, &mut line);
                i += 1;
            }
            code.push('\'');
            i += 1;
        } else if c == '\'' && s.get(i + 2) == Some(&'\'') {
            // A char literal: '"'. (Otherwise a quote opens a lifetime or a label.)
            code.extend(['\'', ' ', '\'']);
            i += 3;
        } else {
            if c == '\n' {
                line += 1;
            }
            code.push(c);
            i += 1;
        }
    }
    Lexed { code, strings }
}

/// True if a string literal starts at `s[i]` with a prefix: `r"`, `r#"`, `b"`, `br"`, `br#"`.
fn raw_or_byte(s: &[char], i: usize) -> bool {
    let mut j = i;
    if s[j] == 'b' {
        j += 1;
    }
    if s.get(j) == Some(&'r') {
        j += 1;
        while s.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && s.get(j) == Some(&'"')
}

/// The code's tokens that matter to paths: identifiers, `::`, and single punctuation, each with
/// its line.
fn tokens(code: &[char]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < code.len() {
        let c = code[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < code.len() && (code[i].is_alphanumeric() || code[i] == '_') {
                i += 1;
            }
            out.push((line, code[start..i].iter().collect()));
        } else if c == ':' && code.get(i + 1) == Some(&':') {
            out.push((line, "::".into()));
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push((line, c.to_string()));
            }
            i += 1;
        }
    }
    out
}

/// Each path written from `crate`, `super` or `self` (in a `use` or in code), expanded over
/// `{…}` groups: its segments and its line.
fn paths(code: &[char]) -> Vec<(usize, Vec<String>, Vec<String>)> {
    // (line, the inline modules it is in, the path's segments)
    let toks = tokens(code);
    let mut out = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].1.as_str();
        match t {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                inline.retain(|(_, d)| *d <= depth);
            }
            "mod" if toks.get(i + 2).is_some_and(|t| t.1 == "{") => {
                inline.push((toks[i + 1].1.clone(), depth + 1));
            }
            "crate" | "super" | "self" if toks.get(i + 1).is_some_and(|t| t.1 == "::") => {
                let before = i.checked_sub(1).map(|k| toks[k].1.as_str());
                if before != Some("::") {
                    let mods: Vec<String> = inline.iter().map(|(m, _)| m.clone()).collect();
                    let mut found = Vec::new();
                    i = use_tree(&toks, i, Vec::new(), &mut found);
                    out.extend(found.into_iter().map(|(l, p)| (l, mods.clone(), p)));
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Parses `a::b::{c, d::e}` from `toks[i]`, pushing each whole path; returns where it ended.
fn use_tree(
    toks: &[(usize, String)],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let line = toks.get(i).map_or(0, |t| t.0);
    loop {
        match toks.get(i).map(|t| t.1.as_str()) {
            Some("{") => {
                i += 1;
                while let Some(t) = toks.get(i) {
                    match t.1.as_str() {
                        "}" => return i + 1,
                        "," => i += 1,
                        _ => i = use_tree(toks, i, prefix.clone(), out),
                    }
                }
                return i;
            }
            Some(t) if t.starts_with(|c: char| c.is_alphanumeric() || c == '_') => {
                prefix.push(t.to_string());
                i += 1;
                if toks.get(i).is_some_and(|t| t.1 == "::") {
                    i += 1;
                    continue;
                }
                out.push((line, prefix));
                return i;
            }
            _ => {
                // `*` or the end of a path in an odd place: the prefix is the path.
                if !prefix.is_empty() {
                    out.push((line, prefix));
                }
                return i;
            }
        }
    }
}

/// The module a source file under `src/` is (`src/search/query.rs` → `search::query`).
fn module_of(rel: &str) -> Vec<String> {
    let p = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut m: Vec<String> = p.split('/').map(str::to_owned).collect();
    if matches!(m.last().map(String::as_str), Some("mod" | "lib")) {
        m.pop();
    }
    m
}

/// The top-level module of the crate a path leads into, written in a file of module `module`
/// (inside the inline modules `inline`); `None` for the crate root itself.
fn top_module(module: &[String], inline: &[String], path: &[String]) -> Option<String> {
    let mut abs: Vec<String> = module.iter().chain(inline).cloned().collect();
    let mut segs = path.iter().peekable();
    if segs.peek().is_some_and(|s| *s == "crate") {
        abs.clear();
        segs.next();
    }
    while let Some(s) = segs.peek() {
        match s.as_str() {
            "super" => {
                abs.pop();
            }
            "self" => {}
            _ => break,
        }
        segs.next();
    }
    abs.extend(segs.cloned());
    abs.into_iter().next()
}

/// The names the crate root re-exports (`pub use library::{Library, …}`), each with the module
/// it comes from, so that `crate::Library` counts as reaching `library`.
fn reexports(lib_rs: &str) -> HashMap<String, String> {
    let toks = tokens(&lex(lib_rs).code);
    let mut out = HashMap::new();
    for k in 0..toks.len() {
        if toks[k].1 == "use" && toks.get(k + 2).is_some_and(|t| t.1 == "::") {
            let mut found = Vec::new();
            use_tree(&toks, k + 1, Vec::new(), &mut found);
            for (_, p) in found {
                if let (Some(first), Some(last)) = (p.first(), p.last()) {
                    out.insert(last.clone(), first.clone());
                }
            }
        }
    }
    out
}

/// Which top-level modules each layer may not use.
const LAYERS: &[(&[&str], &[&str])] = &[
    (
        &["import", "fetch", "anchor", "export", "search", "text", "model", "collate"],
        &["library", "store", "batch"],
    ),
    (&["store", "batch"], &["library"]),
];

/// Breaches of the layers in one file of the core (`rel` is its path, e.g. `src/search/mod.rs`).
fn layer_violations(rel: &str, src: &str, reexported: &HashMap<String, String>) -> Vec<Violation> {
    let module = module_of(rel);
    let Some(top) = module.first() else { return Vec::new() };
    let Some((_, banned)) = LAYERS.iter().find(|(layer, _)| layer.contains(&top.as_str())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (line, inline, path) in paths(&lex(src).code) {
        let Some(to) = top_module(&module, &inline, &path) else { continue };
        let to = reexported.get(&to).cloned().unwrap_or(to);
        if banned.contains(&to.as_str()) {
            out.push(Violation {
                file: rel.into(),
                line,
                rule: "layers",
                what: format!("`{top}` uses `{}`, which reaches `{to}`", path.join("::")),
            });
        }
    }
    out
}

/// Code (not comments) of the core that names Tauri.
fn tauri_violations(rel: &str, src: &str) -> Vec<Violation> {
    tokens(&lex(src).code)
        .into_iter()
        .filter(|(_, t)| t.to_lowercase().contains("tauri"))
        .map(|(line, t)| Violation {
            file: rel.into(),
            line,
            rule: "layers",
            what: format!("the core names `{t}`; it knows nothing of Tauri"),
        })
        .collect()
}

// ---- size ----

const MAX_LINES: usize = 800;

/// The line (from 1) where a trailing `#[cfg(test)] mod … { … }` block starts, if the file ends
/// with one.
fn test_module_start(src: &str) -> Option<usize> {
    let toks = tokens(&lex(src).code);
    let text = |k: usize| toks.get(k).map_or("", |t| t.1.as_str());
    let cfg_test = ["#", "[", "cfg", "(", "test", ")", "]"];
    (0..toks.len()).find_map(|k| {
        if !(0..cfg_test.len()).all(|d| text(k + d) == cfg_test[d]) {
            return None;
        }
        let mut j = k + cfg_test.len();
        if text(j) == "pub" {
            j += 1;
            if text(j) == "(" {
                while !matches!(text(j), ")" | "") {
                    j += 1;
                }
                j += 1;
            }
        }
        if text(j) != "mod" || text(j + 2) != "{" {
            return None;
        }
        // The module's block must close at the end of the file.
        let mut depth = 0;
        for (m, t) in toks.iter().enumerate().skip(j + 2) {
            match t.1.as_str() {
                "{" => depth += 1,
                "}" => {
                    depth -= 1;
                    if depth == 0 {
                        return (m + 1 == toks.len()).then_some(toks[k].0);
                    }
                }
                _ => {}
            }
        }
        None
    })
}

/// Lines of a file, not counting its trailing test module (for Rust files).
fn counted_lines(rel: &str, src: &str) -> usize {
    let all = src.lines().count();
    if !rel.ends_with(".rs") {
        return all;
    }
    test_module_start(src).map_or(all, |start| start - 1)
}

fn size_violation(rel: &str, src: &str) -> Option<Violation> {
    let n = counted_lines(rel, src);
    (n > MAX_LINES).then(|| Violation {
        file: rel.into(),
        line: MAX_LINES + 1,
        rule: "size",
        what: format!("{n} lines (its test module aside), more than {MAX_LINES}: split it"),
    })
}

// ---- SQL ----

/// SQL words, upper case as this project writes SQL, each a whole word or phrase.
const SQL_WORDS: &[&str] = &[
    "SELECT",
    "INSERT INTO",
    "INSERT OR",
    "UPDATE",
    "DELETE FROM",
    "REPLACE INTO",
    "BEGIN",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "COMMIT",
    "ORDER BY",
    "GROUP BY",
    "WHERE",
    "COLLATE",
    "IS NULL",
    "PRAGMA",
    "CREATE TABLE",
    "CREATE INDEX",
    "CREATE TRIGGER",
    "DROP TABLE",
];

/// The SQL a string literal holds, if it looks like SQL: an SQL word, or a sort direction alone.
fn sql_in(literal: &str) -> Option<&'static str> {
    if let d @ ("ASC" | "DESC") = literal.trim() {
        return Some(if d == "ASC" { "ASC" } else { "DESC" });
    }
    SQL_WORDS.iter().copied().find(|w| has_word(literal, w))
}

/// True if `word` occurs in `s` with no letter, digit or `_` on either side.
fn has_word(s: &str, word: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    s.match_indices(word).any(|(at, _)| {
        !is_word(s[..at].chars().next_back()) && !is_word(s[at + word.len()..].chars().next())
    })
}

/// String literals holding SQL in a file of the core outside the store, test module aside.
fn sql_violations(rel: &str, src: &str) -> Vec<Violation> {
    let tests_from = test_module_start(src).unwrap_or(usize::MAX);
    lex(src)
        .strings
        .into_iter()
        .filter(|(line, _)| *line < tests_from)
        .filter_map(|(line, s)| {
            let word = sql_in(&s)?;
            let shown: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown: String = shown.chars().take(60).collect();
            Some(Violation {
                file: rel.into(),
                line,
                rule: "sql",
                what: format!("SQL ({word}) outside src/store/: \"{shown}\""),
            })
        })
        .collect()
}

// ---- the tree ----

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files under `dir` (relative to the root) whose names end with one of `exts`, sorted.
fn files(dir: &str, exts: &[&str]) -> Vec<String> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, exts, out);
            } else if exts.iter().any(|x| p.to_string_lossy().ends_with(x)) {
                out.push(p);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join(dir), exts, &mut found);
    let mut rel: Vec<String> = found
        .iter()
        .filter_map(|p| p.strip_prefix(root()).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    rel.sort();
    rel
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// True if `rel` is `…/tests.rs` and its parent module declares it `#[cfg(test)] mod tests;`.
fn is_test_module_file(rel: &str) -> bool {
    let Some(dir) = rel.strip_suffix("/tests.rs") else { return false };
    let parent = [format!("{dir}/mod.rs"), format!("{dir}.rs")]
        .into_iter()
        .find_map(|p| std::fs::read_to_string(root().join(p)).ok());
    let Some(parent) = parent else { return false };
    let toks: Vec<String> = tokens(&lex(&parent).code).into_iter().map(|t| t.1).collect();
    let decl = ["#", "[", "cfg", "(", "test", ")", "]", "mod", "tests", ";"];
    toks.windows(decl.len()).any(|w| w.iter().zip(decl).all(|(a, b)| a == b))
}

/// The core's files: `src/` without the command line's binary (a crate of its own).
fn core_files() -> Vec<String> {
    files("src", &[".rs"]).into_iter().filter(|f| !f.starts_with("src/bin/")).collect()
}

#[test]
fn the_core_keeps_its_layers() {
    let reexported = reexports(&read("src/lib.rs"));
    let mut found = Vec::new();
    for f in core_files() {
        found.extend(layer_violations(&f, &read(&f), &reexported));
    }
    for f in files("src", &[".rs"]) {
        found.extend(tauri_violations(&f, &read(&f)));
    }
    fail_with(
        &found,
        "a module reaches a layer above it (see Layers in ARCHITECTURE.md): move the code \
         to the layer it needs, or pass the data down",
    );
}

#[test]
fn no_source_file_is_longer_than_800_lines() {
    let mut all = Vec::new();
    for (dir, exts) in [
        ("src", &[".rs"][..]),
        ("src-tauri/src", &[".rs"]),
        ("src-tauri/tests", &[".rs"]),
        ("ui/src", &[".ts", ".tsx"]),
        ("benches", &[".rs"]),
        ("tests", &[".rs"]),
    ] {
        all.extend(files(dir, exts));
    }
    // Generated: the Traditional→Simplified table and the TypeScript copies of the Rust types.
    let generated = |f: &str| f == "src/search/t2s_table.rs" || f.starts_with("ui/src/bindings/");
    assert!(all.iter().any(|f| f == "src/lib.rs"), "no sources found under {:?}", root());
    // A module's test module in a file of its own is, like an inline one, not counted.
    let found: Vec<Violation> = all
        .iter()
        .filter(|f| !generated(f) && !is_test_module_file(f))
        .filter_map(|f| size_violation(f, &read(f)))
        .collect();
    fail_with(&found, "a file too long to know: split it by what its parts do");
}

#[test]
fn no_sql_outside_the_store() {
    let mut found = Vec::new();
    for f in files("src", &[".rs"]) {
        // The store is where SQL lives; tests may set up rows by hand.
        if f.starts_with("src/store/") || is_test_module_file(&f) {
            continue;
        }
        found.extend(sql_violations(&f, &read(&f)));
    }
    fail_with(&found, "SQL outside src/store/: give the store a function for it");
}

// ---- the checker itself, on made-up source ----

#[test]
fn the_layer_check_catches_paths_in_uses_groups_code_and_reexports() {
    let src = r#"//! Uses crate::store in a comment, which is fine.
use super::fold;
use crate::{Error, Result, store};
use crate::library::normalize_tag as norm;
fn f() -> Result<()> {
    let s = "crate::batch::run in a string";
    let c = '"';
    super::super::batch::run()?;
    crate::Library::open(c)?;
    self::fold::fold("x");
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;
    use super::super::super::store::open;
}
"#;
    let reexported = reexports("pub use library::{Library, ListOptions};\npub use model::*;\n");
    assert_eq!(reexported.get("Library").map(String::as_str), Some("library"));
    let found = layer_violations("src/search/query.rs", src, &reexported);
    let lines: Vec<(usize, &str)> =
        found.iter().map(|v| (v.line, v.what.rsplit('`').nth(1).unwrap_or(""))).collect();
    assert_eq!(
        lines,
        [(3, "store"), (4, "library"), (8, "batch"), (9, "library"), (16, "store")],
        "{found:#?}"
    );
    assert!(found[0].to_string().starts_with("src/search/query.rs:3: [layers]"), "{}", found[0]);

    // The same uses are fine in the façade, and `super` from a folder's mod.rs is the root.
    assert!(layer_violations("src/library/mod.rs", src, &reexported).is_empty());
    let found = layer_violations("src/search/mod.rs", "use super::store::x;\n", &reexported);
    assert_eq!(found.len(), 1, "{found:?}");
    // The store may use the pure search, not the façade.
    assert!(
        layer_violations("src/store/search.rs", "use crate::search::fold;", &reexported).is_empty()
    );
    assert_eq!(
        layer_violations("src/store/mod.rs", "fn f(l: &crate::Library) {}", &reexported).len(),
        1
    );

    let found =
        tauri_violations("src/lib.rs", "//! Knows nothing of Tauri.\nuse tauri::Manager;\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 2);
}

#[test]
fn the_size_check_leaves_out_a_trailing_test_module_only() {
    let body = "fn f() {}\n".repeat(790);
    let tests = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { let _ = \"}\"; }\n}\n";
    let src = format!("{body}{tests}");
    assert_eq!(test_module_start(&src), Some(791));
    assert_eq!(counted_lines("a.rs", &src), 790);
    assert!(size_violation("a.rs", &format!("{src}{}", "\n".repeat(40))).is_none());
    // Code after the test module: the module is not trailing, every line counts.
    let src = format!("{body}{tests}fn g() {{}}\n{}", "fn h() {}\n".repeat(10));
    assert_eq!(test_module_start(&src), None);
    let v = size_violation("src/a.rs", &src).map(|v| v.to_string());
    assert_eq!(
        v.as_deref(),
        Some("src/a.rs:801: [size] 806 lines (its test module aside), more than 800: split it")
    );
    // A TypeScript file counts whole; 800 lines is within the limit.
    assert!(size_violation("ui/src/a.tsx", &"x\n".repeat(800)).is_none());
    assert!(size_violation("ui/src/a.tsx", &"x\n".repeat(801)).is_some());
}

#[test]
fn the_sql_check_finds_statements_and_fragments_not_prose() {
    let src = r####"
fn f(conn: &Connection) {
    conn.execute_batch("BEGIN IMMEDIATE")?; // COMMIT in a comment is fine
    conn.execute("UPDATE article SET title = ?1", [t])?;
    let order = format!("a.title COLLATE NOCASE {dir}");
    let dir = if up { "ASC" } else { "DESC" };
    let q = r#"SELECT id
               FROM passage"#;
    let msg = "select a file, then update it; Begin here. ASCII DESCRIPTION";
    let ok = "SAVEPOINTS_ARE_NOT_A_WORD";
}
#[cfg(test)]
mod tests {
    fn t() { conn.execute("DELETE FROM article", [])?; }
}
"####;
    let found: Vec<(usize, String)> = sql_violations("src/batch.rs", src)
        .into_iter()
        .map(|v| (v.line, v.what.split(')').next().unwrap_or("").to_string()))
        .collect();
    let expect = [
        (3, "SQL (BEGIN"),
        (4, "SQL (UPDATE"),
        (5, "SQL (COLLATE"),
        (6, "SQL (ASC"),
        (6, "SQL (DESC"),
        (7, "SQL (SELECT"),
    ];
    assert_eq!(found, expect.map(|(l, w)| (l, w.to_string())));
}

#[test]
fn the_lexer_keeps_lines_through_strings_comments_and_chars() {
    let l = lex("let a = \"x\\\"y\nz\"; /* 1\n2 */ let b = '\\''; let d = '\\\\'; let c = b\"q\"; 'a: loop {}\n");
    assert_eq!(l.strings, [(1, "x\\\"y\nz".to_string()), (3, "q".to_string())]);
    let code: String = l.code.iter().collect();
    assert_eq!(code.lines().count(), 3);
    assert!(code.contains("'a: loop"), "{code}");
    assert!(!code.contains('x') && !code.contains('q'), "{code}");
}
