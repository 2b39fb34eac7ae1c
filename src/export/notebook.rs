//! The notebook as one Markdown file: the highlights a filter found, under a heading per article,
//! each written as an article's export writes it (quote, block id, colour label and tags, deep
//! link, note), so that the same highlight reads the same in both files.

use super::markdown::{block_quote, escape_inline, note_block};
use super::{label_for, sorted_tags};
use crate::model::{ColorLabel, NotebookItem};

/// The Markdown of a notebook: `title` as its heading, then the items in their order, a heading
/// per article each time the article changes. Pure: the same arguments give the same bytes.
pub fn notebook_markdown(title: &str, items: &[NotebookItem], labels: &[ColorLabel]) -> String {
    let mut out = format!("# {}\n", escape_inline(title));
    let mut current = None;
    for item in items {
        let h = &item.highlight;
        if current != Some(h.article_id) {
            current = Some(h.article_id);
            let heading = escape_inline(&item.article_title);
            out.push_str(&format!(
                "\n## {}\n",
                if heading.is_empty() { "Untitled" } else { &heading }
            ));
        }
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
