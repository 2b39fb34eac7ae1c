//! Debate briefs as Markdown: a claim with its evidence for, against and around it, and a tag
//! with every highlight under it.
//!
//! A claim brief reads:
//!
//! ```text
//! ---
//! title: "大模型是唯一的正确道路吗"
//! type: "claim-brief"
//! supporting: 1
//! opposing: 1
//! context: 0
//! zhaji_claim_id: 3
//! ---
//!
//! # 大模型是唯一的正确道路吗
//!
//! ## Evidence for (1)
//!
//! > <the highlighted text>
//!
//! — *<article title>* · <site> · <author> · <published> · [[<article's file>#^zh-42|↗ note]] · [↗ Zhaji](zhaji://article/7#120-145)
//!
//! <the note on the link, as the user wrote it>
//!
//! ## Evidence against (1)
//! …
//! ## Context (0)
//!
//! _None yet._
//! ```
//!
//! Choices, and why: the same quoting as the article export (a quote is literal text, a note is
//! the user's Markdown, tags are Obsidian tags), so a brief sits in the same vault; every
//! section is present even when empty, because an empty "against" is itself worth seeing in a
//! debate; the output has no clock in it, so exporting twice gives the same bytes and the
//! atomic writer leaves an unchanged file alone. The highlight's own note, when it has one,
//! follows the link note, marked as such. Each piece of evidence links to its block in the
//! article's exported note (`[[file#^zh-<highlight id>]]`, the file named as the export names
//! it) for a vault, as well as to Zhaji itself.

use super::types::{ClaimView, Evidence};
use crate::export::markdown::{block_quote, escape_inline, note_block, obsidian_tag};
use crate::export::yaml;
use crate::model::{AnchorStatus, ArticleSummary, ColorLabel, Highlight};

/// The claim brief of a claim view; pure, so the same view always gives the same bytes. Each
/// article's exported file is named by its title alone ([`crate::export::file_stem`]); see
/// [`claim_markdown_in`] for names planned over a whole export.
pub fn claim_markdown(view: &ClaimView) -> String {
    claim_markdown_in(view, &|_, title| crate::export::file_stem(title))
}

/// [`claim_markdown`] with `file_of(article id, title)` naming each article's exported file
/// (without `.md`), for the links to its blocks.
pub fn claim_markdown_in(view: &ClaimView, file_of: &dyn Fn(crate::Id, &str) -> String) -> String {
    let c = &view.claim;
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml::quote(&c.text)));
    out.push_str("type: \"claim-brief\"\n");
    out.push_str(&format!("supporting: {}\n", view.supporting.len()));
    out.push_str(&format!("opposing: {}\n", view.opposing.len()));
    out.push_str(&format!("context: {}\n", view.context.len()));
    out.push_str(&format!("zhaji_claim_id: {}\n", c.id));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", escape_inline(&c.text)));
    let sections = [
        ("Evidence for", &view.supporting),
        ("Evidence against", &view.opposing),
        ("Context", &view.context),
    ];
    for (title, list) in sections {
        out.push_str(&format!("\n## {title} ({})\n", list.len()));
        if list.is_empty() {
            out.push_str("\n_None yet._\n");
        }
        for e in list.iter() {
            evidence_entry(&mut out, e, file_of);
        }
    }
    out
}

fn evidence_entry(out: &mut String, e: &Evidence, file_of: &dyn Fn(crate::Id, &str) -> String) {
    let h = &e.highlight;
    out.push('\n');
    out.push_str(&block_quote(&h.anchor.exact));
    out.push('\n');
    let mut parts = vec![format!("— *{}*", escape_inline(&e.source.title))];
    for v in [&e.source.site, &e.source.author, &e.source.published].into_iter().flatten() {
        if !v.trim().is_empty() {
            parts.push(escape_inline(v));
        }
    }
    if h.anchor.status == AnchorStatus::Anchored {
        // An Obsidian link to the highlight's block in the article's exported note.
        let file = file_of(h.article_id, &e.source.title).replace(['[', ']', '|', '#', '^'], " ");
        parts.push(format!("[[{}#^zh-{}|↗ note]]", file.trim(), h.id));
    }
    parts.push(link_or_orphan(h));
    out.push_str(&parts.join(" · "));
    out.push('\n');
    if let Some(body) = e.note.as_deref().and_then(note_block) {
        out.push('\n');
        out.push_str(&body);
    }
    if let Some(body) = h.note.as_ref().and_then(|n| note_block(&n.body)) {
        out.push_str("\n*Highlight note:*\n\n");
        out.push_str(&body);
    }
}

/// The deep link back to the highlight, or a word that its text is gone from the article.
fn link_or_orphan(h: &Highlight) -> String {
    match h.anchor.status {
        AnchorStatus::Anchored => format!(
            "[↗ Zhaji](zhaji://article/{}#{}-{})",
            h.article_id, h.anchor.start, h.anchor.end
        ),
        AnchorStatus::Orphaned => "(no longer found in the article)".to_owned(),
    }
}

/// The brief of tag `name`: `groups` are the articles, oldest first, each with its highlights
/// in reading order.
pub fn tag_markdown(
    name: &str,
    groups: &[(ArticleSummary, Vec<Highlight>)],
    labels: &[ColorLabel],
) -> String {
    let count: usize = groups.iter().map(|(_, l)| l.len()).sum();
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml::quote(name)));
    out.push_str("type: \"tag-brief\"\n");
    out.push_str(&format!("tag: {}\n", yaml::quote(&obsidian_tag(name).unwrap_or_default())));
    out.push_str(&format!("articles: {}\n", groups.len()));
    out.push_str(&format!("highlights: {count}\n"));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", escape_inline(name)));
    if groups.is_empty() {
        out.push_str("\n_No highlights carry this tag yet._\n");
    }
    for (a, list) in groups {
        out.push_str(&format!("\n## {}\n", escape_inline(&a.meta.title)));
        let meta: Vec<String> = [&a.meta.site, &a.meta.author, &a.meta.published]
            .into_iter()
            .flatten()
            .filter(|v| !v.trim().is_empty())
            .map(|v| escape_inline(v))
            .collect();
        if !meta.is_empty() {
            out.push_str(&format!("\n{}\n", meta.join(" · ")));
        }
        for h in list {
            out.push('\n');
            out.push_str(&block_quote(&h.anchor.exact));
            out.push('\n');
            let label = labels
                .iter()
                .find(|l| l.color == h.color && !l.label.trim().is_empty())
                .map(|l| l.label.clone())
                .unwrap_or_else(|| h.color.default_label().to_owned());
            let mut parts = vec![format!("**{}**", escape_inline(&label))];
            let mut tags: Vec<String> = h.tags.iter().filter_map(|t| obsidian_tag(t)).collect();
            tags.sort();
            tags.dedup();
            if !tags.is_empty() {
                parts.push(tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
            }
            parts.push(link_or_orphan(h));
            out.push_str(&parts.join(" · "));
            out.push('\n');
            if let Some(body) = h.note.as_ref().and_then(|n| note_block(&n.body)) {
                out.push('\n');
                out.push_str(&body);
            }
        }
    }
    out
}
