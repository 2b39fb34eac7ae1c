//! Markdown building blocks: literal text, block quotes, tags and user-written notes.
//!
//! An article's text and a highlight's quote are *plain text*: whatever characters they contain
//! must come out of a Markdown renderer (CommonMark, GitHub, Obsidian) as those characters, not
//! as emphasis, lists, headings, tables, links, HTML, math or Obsidian tags. A note, on the other
//! hand, *is* Markdown written by the user and is kept as such, unless it would spill into the
//! rest of the file (an unclosed code fence, say).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Escapes one line of plain text so that it renders as itself, wherever it sits in a block
/// (at the start of a line or after `> `).
///
/// Rules, and why:
/// - Characters that open inline constructs are backslash-escaped: `\` `` ` `` `*` `_` `[` `]`
///   `<` (emphasis, code, links, wiki links, HTML), `~` (strikethrough, `~~~` fences), `|`
///   (tables), `#` (headings, and Obsidian tags such as `#AI` inside text), `$` (Obsidian
///   math), `^` (Obsidian block ids). `&` is escaped only where it starts an entity such as `&amp;`
///   (`AT&T` stays as it is); `=` and `%` only when doubled (Obsidian `==highlight==`
///   and `%%comment%%`).
/// - At the start of the line, block markers are escaped: `>` (quote), `-` and `+` (lists,
///   thematic breaks, setext underlines), `=` (setext underline), `:` (definition lists in
///   Pandoc and Markdown Extra), and the `.` or `)` after
///   leading digits (`1.` ordered lists).
/// - Leading spaces and tabs become no-break spaces (a tab becomes four), so that an indented
///   line of code is not taken for an indented code block; trailing white space is dropped, so
///   that two trailing spaces do not become a hard line break.
/// - Other control characters are dropped: they are invisible and renderers replace or reject
///   them.
pub fn escape_line(line: &str) -> String {
    let line: String = line.chars().filter(|c| !is_dropped_control(*c)).collect();
    let line = line.trim_end();
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    // Leading white space.
    while let Some(c) = rest.chars().next() {
        match c {
            ' ' => out.push('\u{a0}'),
            '\t' => out.push_str("\u{a0}\u{a0}\u{a0}\u{a0}"),
            _ => break,
        }
        rest = &rest[c.len_utf8()..];
    }
    let chars: Vec<char> = rest.chars().collect();
    // Block markers at the start of the line.
    let mut start = 0;
    match chars.first() {
        Some('>') | Some('-') | Some('+') | Some('=') | Some(':') => {
            out.push('\\');
            out.push(chars[0]);
            start = 1;
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            if matches!(chars.get(digits), Some('.') | Some(')')) {
                out.extend(&chars[..digits]);
                out.push('\\');
                out.push(chars[digits]);
                start = digits + 1;
            }
        }
        _ => {}
    }
    for i in start..chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' | '#' | '$' | '^' => true,
            '&' => starts_entity(&chars[i + 1..]),
            '=' | '%' => prev == Some(c) || next == Some(c),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the characters after a `&` make it an entity or numeric character reference
/// (`&amp;`, `&#123;`, `&#x1F;`): ASCII letters, digits or `#`, then `;`.
fn starts_entity(after: &[char]) -> bool {
    let n = after.iter().take(33).take_while(|c| c.is_ascii_alphanumeric() || **c == '#').count();
    n > 0 && after.get(n) == Some(&';')
}

/// Control characters other than tab and line breaks, which carry no meaning in a note export.
fn is_dropped_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// Escapes text that must stay on one line (a title in a heading, a colour label): line breaks
/// and runs of white space become single spaces, then [`escape_line`] applies.
pub fn escape_inline(text: &str) -> String {
    escape_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Writes plain `text` as a block quote: every line starts with `> `, and each line break of the
/// text (a break between passages, or a line of code) becomes a paragraph break, written as a
/// line holding only `>` so that the quote stays one block. Empty lines collapse, so the quote
/// never holds two `>` lines in a row. Empty text gives an empty quote (`>`).
pub fn block_quote(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .split('\n')
        .map(escape_line)
        .filter(|l| !l.trim_matches(|c: char| c.is_whitespace()).is_empty())
        .collect();
    if lines.is_empty() {
        return ">\n".to_string();
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(">\n");
        }
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Turns a tag name into an Obsidian tag (without the `#`), injectively: two different names
/// never give the same tag, and [`tag_from_obsidian`] gives the name back.
///
/// Obsidian tags hold letters, digits, `_`, `-`, `/` (nesting) and non-punctuation symbols such
/// as emoji, and cannot be digits only. So:
/// - `_` is the escape character: a `_` of the name is written `__`;
/// - any other character Obsidian refuses (spaces, punctuation, `#`, `^`, `,` …) is written
///   `_<hex code point>_` (`x,y` → `x_2c_y`, `a b` → `a_20_b`);
/// - a `/` is kept where it nests (between two non-empty parts) and escaped elsewhere
///   (`a//b`, `/a`, `a/`);
/// - a name of digits (and slashes) only has its first digit escaped (`2023` → `_32_023`).
///
/// The code is prefix-free (after a `_` comes either `_` or hex digits and a `_`), which is why
/// it is injective. Chinese and other letters are kept as they are (`topic/算力`). Returns
/// `None` for an empty name. The exact names also go into the front matter's `zhaji-tags`.
pub fn obsidian_tag(name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let chars: Vec<char> = name.chars().collect();
    let digits_only = chars.iter().all(|c| c.is_ascii_digit() || *c == '/');
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let keep = match c {
            '_' => {
                out.push_str("__");
                continue;
            }
            '/' => i > 0 && i + 1 < chars.len() && chars[i - 1] != '/' && chars[i + 1] != '/',
            c if digits_only && i == 0 => !c.is_ascii_digit(),
            c => tag_char_allowed(c),
        };
        if keep {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    Some(out)
}

/// The tag name an [`obsidian_tag`] was made from; `None` for a string it cannot have made.
pub fn tag_from_obsidian(tag: &str) -> Option<String> {
    let mut out = String::with_capacity(tag.len());
    let mut chars = tag.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '_' {
            out.push(c);
            continue;
        }
        if chars.next_if_eq(&'_').is_some() {
            out.push('_');
            continue;
        }
        let mut hex = String::new();
        loop {
            match chars.next()? {
                '_' => break,
                h if h.is_ascii_hexdigit() => hex.push(h),
                _ => return None,
            }
        }
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
    }
    Some(out)
}

fn tag_char_allowed(c: char) -> bool {
    if c.is_alphanumeric() || c == '_' || c == '-' {
        return true;
    }
    if c.is_ascii() || c.is_control() {
        return false;
    }
    // Unicode punctuation blocks: general punctuation, CJK symbols and punctuation (、。「」),
    // full-width ASCII punctuation (，：！), and the specials block.
    let cp = c as u32;
    let punctuation = (0x2000..=0x206f).contains(&cp)
        || (0x2e00..=0x2e7f).contains(&cp)
        || (0x3000..=0x303f).contains(&cp)
        || (0xfe10..=0xfe1f).contains(&cp)
        || (0xfe30..=0xfe6f).contains(&cp)
        || (0xff00..=0xff65).contains(&cp)
        || (0xfff0..=0xffff).contains(&cp)
        || cp == 0xa0
        || cp == 0xad;
    !punctuation
}

/// Prepares a user's Markdown note for the file: line endings normalised to `\n`, blank lines
/// around it removed. Returns `None` for a note with nothing in it.
///
/// The note stays Markdown when it is self-contained, that is when a paragraph written after it
/// (after a blank line) is still a top-level paragraph. When it is not (an unclosed code fence,
/// `<pre>`, `<!--` or `<script>` block, or an odd number of Obsidian `%%` comment or `$$` math
/// markers), it would swallow the rest of the file; such a note is written as a fenced
/// `markdown` code block instead, which shows its text exactly and keeps the file intact.
pub fn note_block(body: &str) -> Option<String> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = body.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let last = lines.iter().rposition(|l| !l.trim().is_empty())?;
    // White-space-only lines become empty and the last line loses its trailing white space, so
    // the file has no stray blanks; other trailing spaces are kept, as two of them are a
    // Markdown hard line break the user may have meant.
    let mut kept: Vec<&str> =
        lines[first..=last].iter().map(|l| if l.trim().is_empty() { "" } else { *l }).collect();
    if let Some(l) = kept.last_mut() {
        *l = l.trim_end();
    }
    let body = defuse_block_ids(&kept.join("\n"));
    if is_self_contained(&body) {
        Some(format!("{body}\n"))
    } else {
        Some(literal_block(&body))
    }
}

const SENTINEL: &str = "zhajisentinel";

fn is_self_contained(body: &str) -> bool {
    if body.matches("%%").count() % 2 == 1 || body.matches("$$").count() % 2 == 1 {
        return false;
    }
    let doc = format!("{body}\n\n{SENTINEL}\n");
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut depth = 0usize;
    let mut last_top_paragraph: Option<String> = None;
    let mut current: Option<String> = None;
    for event in Parser::new_ext(&doc, options) {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Paragraph) {
                    current = Some(String::new());
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    last_top_paragraph = match (tag, current.take()) {
                        (TagEnd::Paragraph, Some(text)) => Some(text),
                        _ => None,
                    };
                }
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {
                if depth == 0 {
                    last_top_paragraph = None;
                }
                if let Some(c) = current.as_mut() {
                    c.push('\u{fffd}');
                }
            }
        }
    }
    depth == 0 && last_top_paragraph.as_deref() == Some(SENTINEL)
}

/// A fenced code block showing `body` literally: the fence is one backtick longer than the
/// longest run of backticks in the body, so nothing inside can close it.
pub fn literal_block(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}markdown\n{body}\n{fence}\n")
}

/// Escapes, outside code, every `^id` that Obsidian would take for a block id (a `^` followed
/// by letters, digits and dashes at the end of a line, at its start or after a space), so that
/// a note can neither forge nor duplicate the file's own `^zh-…` ids: `\^zh-1` reads the same
/// and is no id.
pub fn defuse_block_ids(body: &str) -> String {
    if !body.contains('^') {
        return body.to_string();
    }
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(_)) = event {
            code.push(range);
        }
    }
    let mut out = String::with_capacity(body.len() + 4);
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let in_code = code.iter().any(|r| r.contains(&start));
        let content = line.trim_end();
        let token_start = content
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + content[i..].chars().next().map_or(1, char::len_utf8));
        let token = &content[token_start..];
        let is_id = token.len() > 1
            && token.starts_with('^')
            && token[1..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !content[..token_start].ends_with('\\');
        if is_id && !in_code {
            out.push_str(&line[..token_start]);
            out.push('\\');
            out.push_str(&line[token_start..]);
        } else {
            out.push_str(line);
        }
    }
    out
}
