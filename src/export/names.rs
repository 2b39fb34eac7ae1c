//! File names for exported articles.

use crate::model::Id;
use unicode_normalization::UnicodeNormalization;

/// The longest stem, in characters; titles are cut there.
pub const MAX_STEM_CHARS: usize = 100;
/// The longest stem, in UTF-8 bytes. Linux and macOS limit a file name to 255 bytes, and 100
/// Chinese characters are 300; 200 leaves room for a ` (id)` suffix and `.md`.
pub const MAX_STEM_BYTES: usize = 200;

/// Characters a file name must not contain. `<>:"/\|?*` are forbidden on Windows (`/` and `:`
/// on macOS and Linux too); `#^[]` are legal everywhere but break Obsidian wiki links
/// (`[[name#heading]]`, `[[name^block]]`), and exports are meant for Obsidian vaults.
fn is_forbidden(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '#' | '^' | '[' | ']')
        || c.is_control()
}

/// Names Windows reserves for devices, whatever the extension (`CON.md` cannot be created).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// A readable file name stem (no extension) for an article titled `title`, legal on Windows,
/// macOS and Linux.
///
/// - The title is put in Unicode NFC, so that the same title always gives the same bytes (macOS
///   would otherwise see two spellings of one name).
/// - Line breaks and runs of white space become one space.
/// - Each run of forbidden characters (see above, and control characters) becomes `-` when it
///   sits between two visible characters (`50/50` → `50-50`, `标题:副标题` → `标题-副标题`),
///   and a space otherwise (`OpenAI: next` → `OpenAI next`).
/// - Leading dots are removed (they would hide the file on macOS and Linux); leading and
///   trailing spaces and trailing dots are removed (Windows drops them silently).
/// - A name Windows reserves for a device (`CON`, `nul`, `COM1.txt`…) gets a leading `_`.
/// - The stem is cut to [`MAX_STEM_CHARS`] characters and [`MAX_STEM_BYTES`] bytes, never
///   between a character and the combining mark, variation selector or joiner that belongs
///   to it.
/// - An empty result becomes `untitled`.
pub fn file_stem(title: &str) -> String {
    let title: String = title.nfc().collect();
    let chars: Vec<char> = title.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || is_forbidden(c) {
            let run_start = i;
            let mut forbidden = false;
            while i < chars.len() && (chars[i].is_whitespace() || is_forbidden(chars[i])) {
                forbidden |= is_forbidden(chars[i]) && !chars[i].is_whitespace();
                i += 1;
            }
            let has_space = chars[run_start..i].iter().any(|c| c.is_whitespace());
            let between = run_start > 0 && i < chars.len();
            out.push(if forbidden && !has_space && between { '-' } else { ' ' });
            continue;
        }
        out.push(c);
        i += 1;
    }
    let mut stem = tidy_ends(&out);
    if is_reserved(&stem) {
        stem.insert(0, '_');
    }
    let stem = tidy_ends(&truncate(&stem));
    if stem.is_empty() {
        "untitled".to_string()
    } else {
        stem
    }
}

fn tidy_ends(s: &str) -> String {
    s.trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string()
}

fn is_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim_end();
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base))
}

/// Cuts `s` to the length limits, backing off so that a base character is never separated from
/// what modifies it.
fn truncate(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut n = chars.len().min(MAX_STEM_CHARS);
    while n > 0 && chars[..n].iter().map(|c| c.len_utf8()).sum::<usize>() > MAX_STEM_BYTES {
        n -= 1;
    }
    if n < chars.len() {
        // Back off while the cut would leave a modifier on the cut-off side, or a joiner at
        // the end of the kept side.
        while n > 0 && (is_extending(chars[n]) || chars[n - 1] == '\u{200d}') {
            n -= 1;
        }
    }
    chars[..n].iter().collect()
}

/// Characters that extend the one before them into one visible character (a rough grapheme
/// rule without a Unicode segmentation table): combining marks, variation selectors, the zero
/// width joiner, emoji skin-tone modifiers and tag characters.
fn is_extending(c: char) -> bool {
    let cp = c as u32;
    (0x0300..=0x036f).contains(&cp)
        || (0x1ab0..=0x1aff).contains(&cp)
        || (0x1dc0..=0x1dff).contains(&cp)
        || (0x20d0..=0x20ff).contains(&cp)
        || (0xfe00..=0xfe0f).contains(&cp)
        || (0xfe20..=0xfe2f).contains(&cp)
        || (0x1f3fb..=0x1f3ff).contains(&cp)
        || (0xe0020..=0xe007f).contains(&cp)
        || (0xe0100..=0xe01ef).contains(&cp)
        || (0x3099..=0x309a).contains(&cp)
        || cp == 0x200d
}

/// The key two names collide under: macOS and Windows file systems ignore case.
fn fold(name: &str) -> String {
    name.nfc().flat_map(char::to_lowercase).collect()
}

/// File names (with `.md`) for exporting `articles`, given as `(id, title)`, in the same order.
///
/// Names are [`file_stem`]s. When stems collide, case-insensitively, the article with the
/// smallest id keeps the plain name and the others get their id appended (`标题 (42).md`), so
/// that adding a newer article with the same title never renames an older article's file (the
/// user may have linked to it). The result does not depend on the order of the input. If an
/// appended name is itself taken (a title that reads `标题 (42)`), `-2`, `-3`… is added after
/// the id until the name is free.
pub fn plan_file_names(articles: &[(Id, String)]) -> Vec<(Id, String)> {
    let stems: Vec<String> = articles.iter().map(|(_, t)| file_stem(t)).collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    // Ties (the same id twice, which a caller should not send) are broken by title, so that
    // even then the input's order does not matter.
    order.sort_by(|&a, &b| (articles[a].0, &articles[a].1).cmp(&(articles[b].0, &articles[b].1)));
    let mut used = std::collections::BTreeSet::new();
    let mut names: Vec<Option<String>> = vec![None; articles.len()];
    for &i in &order {
        if used.insert(fold(&stems[i])) {
            names[i] = Some(stems[i].clone());
        }
    }
    for &i in &order {
        if names[i].is_some() {
            continue;
        }
        let id = articles[i].0;
        let mut candidate = format!("{} ({id})", stems[i]);
        let mut k = 2u64;
        while !used.insert(fold(&candidate)) {
            candidate = format!("{} ({id}-{k})", stems[i]);
            k += 1;
        }
        names[i] = Some(candidate);
    }
    articles
        .iter()
        .zip(names)
        .map(|((id, _), name)| (*id, format!("{}.md", name.unwrap_or_default())))
        .collect()
}

/// The key a file name is taken under, to build the `taken` set of [`plan_names_avoiding`].
pub fn name_key(name: &str) -> String {
    fold(name)
}

/// File names (with `.md`) for `articles`, given as `(id, stem)`, in the same order, as
/// [`plan_file_names`] gives them, never choosing a name in `taken` (keys from [`name_key`]:
/// files already in the folder) unless it is the article's own (`own[i]`, the key of the file
/// it already has).
pub fn plan_names_avoiding(
    articles: &[(Id, String)],
    taken: &std::collections::BTreeSet<String>,
    own: &[Option<String>],
) -> Vec<String> {
    let free = |i: usize, key: &str, used: &std::collections::BTreeSet<String>| {
        !used.contains(key)
            && (!taken.contains(key) || own.get(i).and_then(|o| o.as_deref()) == Some(key))
    };
    let mut order: Vec<usize> = (0..articles.len()).collect();
    // Ties (the same id twice, which a caller should not send) are broken by stem, so that
    // even then the input's order does not matter.
    order.sort_by(|&a, &b| (articles[a].0, &articles[a].1).cmp(&(articles[b].0, &articles[b].1)));
    let mut used = std::collections::BTreeSet::new();
    let mut names: Vec<Option<String>> = vec![None; articles.len()];
    for &i in &order {
        let key = fold(&format!("{}.md", articles[i].1));
        if free(i, &key, &used) {
            used.insert(key);
            names[i] = Some(articles[i].1.clone());
        }
    }
    for &i in &order {
        if names[i].is_some() {
            continue;
        }
        let (id, stem) = (&articles[i].0, &articles[i].1);
        let mut candidate = format!("{stem} ({id})");
        let mut k = 2u64;
        while !free(i, &fold(&format!("{candidate}.md")), &used) {
            candidate = format!("{stem} ({id}-{k})");
            k += 1;
        }
        used.insert(fold(&format!("{candidate}.md")));
        names[i] = Some(candidate);
    }
    names.into_iter().map(|n| format!("{}.md", n.unwrap_or_default())).collect()
}
