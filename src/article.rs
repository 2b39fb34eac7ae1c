//! An article's text from its parts: passages assembled from parsed blocks, the text they make
//! when joined, a title for a document without one, and the notes put in their places.
//!
//! Pure functions, no database: the import pipeline (`batch`) and the façade both build on them.
//! They keep the invariant that an article's text is its passages joined by one `'\n'`, and that
//! a passage's text never starts or ends with white space (and holds `'\n'` only in code).

use crate::import::Block;
use crate::model::*;
use crate::text;
use crate::{Error, Result};

/// Longest default title, in characters, before it is cut with an ellipsis.
const TITLE_CHARS: usize = 60;

/// Builds an article's text and passages from parsed blocks: texts normalised (NFC, trimmed,
/// line breaks only in code), empty blocks dropped, joined by `'\n'`. Refuses a document whose
/// blocks hold no text at all.
///
/// Also says for each block (and one past the last) how many passages come before it: the
/// passage that an image placed before that block stands before.
pub(crate) fn assemble(blocks: &[Block]) -> Result<(String, Vec<Passage>, Vec<u32>)> {
    let mut text = String::new();
    let mut passages: Vec<Passage> = Vec::with_capacity(blocks.len());
    let mut passage_of: Vec<u32> = Vec::with_capacity(blocks.len() + 1);
    let mut offset: u32 = 0;
    for b in blocks {
        passage_of.push(passages.len() as u32);
        let mut t = text::normalize(&b.text);
        if b.kind != PassageKind::Code {
            t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        } else {
            t = t.trim_matches('\n').trim_end().to_owned();
        }
        let t = t.trim_start_matches([' ', '\t']).trim_end();
        if t.is_empty() {
            continue;
        }
        if !passages.is_empty() {
            text.push('\n');
            offset += 1;
        }
        let len = text::char_len(t) as u32;
        text.push_str(t);
        let links = b.links.iter().filter(|l| l.start < l.end && l.end <= len).cloned().collect();
        passages.push(Passage {
            ordinal: passages.len() as u32,
            kind: b.kind,
            level: b.level,
            start: offset,
            end: offset + len,
            text: t.to_owned(),
            links,
        });
        offset += len;
    }
    if passages.is_empty() {
        return Err(Error::invalid("the document has no text"));
    }
    passage_of.push(passages.len() as u32);
    Ok((text, passages, passage_of))
}

/// The article's text: its passages joined by `'\n'` (the text is stored only as passages).
pub(crate) fn join_passages(passages: &[Passage]) -> String {
    let mut text = String::with_capacity(passages.iter().map(|p| p.text.len() + 1).sum());
    for (i, p) in passages.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&p.text);
    }
    text
}

/// A title for a document that has none: its first line, cut at [`TITLE_CHARS`] characters,
/// or `Untitled` when that line is empty.
pub(crate) fn default_title(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let mut t: String = first.chars().take(TITLE_CHARS).collect();
    if first.chars().count() > TITLE_CHARS {
        t.push('…');
    }
    if t.is_empty() {
        "Untitled".into()
    } else {
        t
    }
}

/// An article from its parts. Each note on a highlight goes inside that highlight; the others
/// (on the article, on passages) stay in the article's list, in the order given.
pub(crate) fn with_notes(
    summary: ArticleSummary,
    text: String,
    passages: Vec<Passage>,
    mut highlights: Vec<Highlight>,
    all_notes: Vec<Note>,
) -> Article {
    let mut notes = Vec::new();
    for note in all_notes {
        if let NoteTarget::Highlight { highlight_id } = note.target {
            if let Some(h) = highlights.iter_mut().find(|h| h.id == highlight_id) {
                h.note = Some(note);
            }
        } else {
            notes.push(note);
        }
    }
    Article { summary, text, passages, highlights, notes, images: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: PassageKind, text: &str) -> Block {
        Block { kind, level: 0, text: text.into(), links: Vec::new() }
    }

    #[test]
    fn assembly_trims_collapses_and_drops_empty_blocks() {
        let blocks = vec![
            block(PassageKind::Heading, "  算力\t之争  "),
            block(PassageKind::Paragraph, " \n "),
            block(PassageKind::Paragraph, "大模型的\n竞争  转向推理"),
            block(PassageKind::Code, "\n\n  let x = 1;\n  x + 1  \n\n"),
        ];
        let (text, passages, _) = assemble(&blocks).unwrap();
        assert_eq!(text, "算力 之争\n大模型的 竞争 转向推理\nlet x = 1;\n  x + 1");
        assert_eq!(passages.len(), 3);
        assert_eq!(passages.iter().map(|p| p.ordinal).collect::<Vec<_>>(), [0, 1, 2]);
        // Offsets are code points, and each passage's range holds its text.
        for p in &passages {
            assert_eq!(text::slice_chars(&text, p.start as usize, p.end as usize), Some(&*p.text));
        }
        assert_eq!(join_passages(&passages), text);
    }

    #[test]
    fn assembly_refuses_a_document_without_text() {
        let blocks = vec![block(PassageKind::Paragraph, "  \u{3000} ")];
        assert_eq!(assemble(&blocks).unwrap_err().kind(), crate::ErrorKind::InvalidInput);
        assert_eq!(assemble(&[]).unwrap_err().kind(), crate::ErrorKind::InvalidInput);
    }

    #[test]
    fn assembly_keeps_only_links_inside_their_passage() {
        let mut b = block(PassageKind::Paragraph, "见𠮷野家官网");
        b.links = vec![
            Link { start: 1, end: 4, href: "https://example.com/a".into() },
            Link { start: 4, end: 9, href: "https://example.com/b".into() },
        ];
        let (_, passages, _) = assemble(&[b]).unwrap();
        assert_eq!(passages[0].links.len(), 1);
        assert_eq!(passages[0].links[0].href, "https://example.com/a");
    }

    #[test]
    fn a_default_title_is_the_first_line_shortened() {
        assert_eq!(default_title("二〇二五年的算力\n第二行"), "二〇二五年的算力");
        let long = "长".repeat(61);
        assert_eq!(default_title(&long), format!("{}…", "长".repeat(60)));
        assert_eq!(default_title(&"长".repeat(60)), "长".repeat(60));
        assert_eq!(default_title(""), "Untitled");
        assert_eq!(default_title("   \nsecond"), "Untitled");
    }
}
