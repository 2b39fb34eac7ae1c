//! YAML scalars for the front matter.
//!
//! Every string value is written as a double-quoted YAML scalar. That is the only YAML style in
//! which *any* string can be written on one line and read back unchanged: plain scalars turn
//! `null`, `true`, `2023`, `@x`, `- x` or `a: b` into something else or into a syntax error, and
//! single-quoted scalars cannot hold line breaks or control characters faithfully. Titles come
//! from arbitrary documents, so nothing is left to chance.

/// Writes `s` as a double-quoted YAML scalar that every YAML 1.1 or 1.2 parser reads back as
/// exactly `s`.
///
/// Escaped: the backslash and the double quote (they delimit the scalar), every character YAML
/// does not allow in a document (C0 and C1 controls, DEL, U+FFFE, U+FFFF), and the characters
/// YAML treats as line breaks (LF, CR, NEL, U+2028, U+2029), so that the value stays on one line;
/// a byte-order mark is escaped too because some tools strip it wherever it appears. Everything
/// else, Chinese and emoji included, is written as itself so that the file stays readable.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
