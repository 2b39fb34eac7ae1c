//! The notebook as one Markdown file: the highlights and notes a filter found, under a heading per
//! article, each highlight written as an article's export writes it (quote, block id, colour
//! label and tags, deep link, note), so that the same highlight reads the same in both files; a
//! note on a passage under its quote, a note on the article alone, each with its deep link.

use super::markdown::{block_quote, escape_inline, note_block};
use super::{label_for, sorted_tags};
use crate::model::{ColorLabel, NoteTarget, NotebookEntry};

/// The Markdown of a notebook: `title` as its heading, then the items in their order, a heading
/// per article each time the article changes. Pure: the same arguments give the same bytes.
pub fn notebook_markdown(title: &str, entries: &[NotebookEntry], labels: &[ColorLabel]) -> String {
    let mut out = format!("# {}\n", escape_inline(title));
    let mut current = None;
    for entry in entries {
        let (article_id, article_title) = match entry {
            NotebookEntry::Highlight(item) => (item.highlight.article_id, &item.article_title),
            NotebookEntry::Note(n) => (n.note.article_id, &n.article_title),
        };
        if current != Some(article_id) {
            current = Some(article_id);
            let heading = escape_inline(article_title);
            out.push_str(&format!(
                "\n## {}\n",
                if heading.is_empty() { "Untitled" } else { &heading }
            ));
        }
        let item = match entry {
            NotebookEntry::Highlight(item) => item,
            NotebookEntry::Note(n) => {
                if let NoteTarget::Passage { anchor } = &n.note.target {
                    out.push('\n');
                    out.push_str(&block_quote(&anchor.exact));
                }
                if let Some(body) = note_block(&n.note.body) {
                    out.push('\n');
                    out.push_str(&body);
                }
                if !n.note.uuid.is_empty() {
                    out.push_str(&format!("\n[↗ Zhaji](zhaji://note/{})\n", n.note.uuid));
                }
                continue;
            }
        };
        let h = &item.highlight;
        out.push('\n');
        out.push_str(&block_quote(&h.anchor.exact));
        out.push_str(&format!("\n^zh-{}\n\n", h.id));
        let mut parts = vec![format!("**{}**", escape_inline(&label_for(h.color, labels)))];
        let tags = sorted_tags(&h.tags);
        if !tags.is_empty() {
            parts.push(tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
        }
        if !h.uuid.is_empty() {
            parts.push(format!("[↗ Zhaji](zhaji://highlight/{})", h.uuid));
        }
        out.push_str(&parts.join(" · "));
        out.push('\n');
        if let Some(body) = h.note.as_ref().and_then(|n| note_block(&n.body)) {
            out.push('\n');
            out.push_str(&body);
        }
    }
    out
}
