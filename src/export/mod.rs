//! Export: an article with its highlights, tags and notes as Markdown, one file per article.
//!
//! The file is meant to be read in Obsidian, but it is plain CommonMark with YAML front matter
//! and reads well anywhere. Its layout (sections appear only when they have something in them):
//!
//! ```text
//! ---
//! title: "大模型的下半场:算力"          every string double-quoted (see `yaml::quote`)
//! author: "…"                          site, source, url, published, language likewise;
//! imported: "2024-03-02T08:00:00Z"     an absent field is left out
//! tags:
//!   - "topic/算力"                     the article's own tags, as Obsidian tags
//! zhaji-tags:
//!   - "topic/算力"                     the exact names (front-matter tags are escaped)
//! zhaji_id: 7
//! zhaji_uuid: "…"                      the article's UUID: how re-exports find their files
//! zhaji_link: "zhaji://article/<uuid>"
//! ---
//!
//! # 大模型的下半场:算力                 the title, on one line
//!
//! ## Article note
//!
//! <the article note, as the user wrote it>
//!
//! ## Highlights                        in reading order: by start, then end, then id
//!
//! > <the highlighted text; a paragraph break is a `>` line>
//!
//! ^zh-42                               Obsidian block id, on its own line (see below)
//!
//! **论点** · #topic/算力 #actor/百度 · [↗ Zhaji](zhaji://highlight/<uuid>)
//!
//! <the highlight's note>
//!
//! ## Margin notes                      passage notes, in reading order
//!
//! > <the article's text under the note's anchor>
//!
//! ^zh-note-9
//!
//! [↗ Zhaji](zhaji://note/<uuid>)
//!
//! <the note>
//!
//! ## Orphaned highlights               highlights and margin notes whose text is gone
//!
//! <one sentence saying so>
//!
//! > <the text they were made on>
//!
//! ^zh-43
//!
//! **claim** · #stance/pro
//!
//! <the note>
//! ```
//!
//! Choices, and why:
//! - **Block ids.** Obsidian attaches `^id` to a quote only when the id is on a line of its own
//!   after the quote, with a blank line before and after it (an id on the quote's last line would
//!   become part of the quoted text). Ids are `zh-<highlight id>` and `zh-note-<note id>`: stable
//!   across exports, and made only of letters, digits and dashes as Obsidian requires. Other
//!   renderers show the id as a short line of text.
//! - **Colour label and tags** go on one plain line under the quote rather than in an Obsidian
//!   callout, so the file stays portable. The label is the user's name for the colour, or the
//!   colour's default label when the user has not named it.
//! - **Tags** are written as Obsidian tags, `#topic/算力`. Obsidian tags cannot hold spaces or
//!   most punctuation, so such characters are escaped injectively (`a b` → `a_20_b`, see
//!   `markdown::obsidian_tag`): two tags never become one. Front-matter tags use the same
//!   spelling so that they are the same tags in Obsidian, and `zhaji-tags` keeps the exact names.
//! - **Links back** `zhaji://highlight/<uuid>`, `zhaji://note/<uuid>` and
//!   `zhaji://article/<uuid>` name things by their UUID, which survives re-anchoring;
//!   `Library::resolve_link` says what one points to.
//! - **The layout is a template**: `templates/article.md.jinja`, rendered by `template.rs`; a
//!   reader's own template replaces it. Re-exports into a folder go through `folder` (what is
//!   there), `plan` (what to do with each file) and `merge` (the reader's edits kept).
//! - **Quoted text is literal**: a highlight's text is plain text, so everything Markdown or
//!   Obsidian would interpret (`#`, `*`, `>`, `1.`, `|`, fences, `==`, `$`…) is escaped; see
//!   `markdown::escape_line`. Notes are the user's Markdown and stay Markdown, unless a note
//!   would swallow the rest of the file (an unclosed code fence), in which case it is shown as a
//!   fenced block (see `markdown::note_block`).
//! - **Deterministic**: the output depends only on the arguments. No clock, no hash-map order;
//!   everything is sorted by a total order. The file uses `\n` line endings, has no trailing
//!   white space, and ends with exactly one line break.
//! - **Language**: the section headings, the orphans' explanation and the colours' default names
//!   are in the export's language ([`ExportLang`]: English, or Chinese as the app's interface
//!   chooses). A colour the user named keeps its name.
//! - **Images** are listed last, in reading order, under `## Images`: each one kept is a file in
//!   the `attachments/` folder beside the notes, named by its SHA-256 (`<hash>.<ext>`, so an
//!   image shown by several articles is written once and a new export never renames it), and
//!   linked with a relative Markdown image link, its caption in italics under it. An image that
//!   could not be kept is a line naming where it was.

pub mod folder;
pub(crate) mod markdown;
pub mod merge;
mod names;
mod notebook;
pub mod plan;
pub mod stamp;
pub mod template;
mod write;
pub(crate) mod yaml;

#[cfg(test)]
mod tests;

pub use markdown::{obsidian_tag, tag_from_obsidian};
pub use names::{file_stem, plan_file_names};
pub use notebook::notebook_markdown;
pub use write::{
    remove_if_unchanged, write_atomically, write_bytes_atomically, write_checked, Checked,
};

/// The folder, beside the notes, that holds the images they show.
pub const ATTACHMENTS: &str = "attachments";

/// The path of a stored image inside the export folder: `attachments/<hash>.<ext>`.
pub fn attachment_path(hash: &str, format: &str) -> String {
    format!("{ATTACHMENTS}/{hash}.{}", crate::images::Format::extension(format))
}

pub use template::Templates;

/// The language of an export's own words: section headings, the orphans' explanation and the
/// colours' default names.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportLang {
    #[default]
    En,
    Zh,
}

/// How a highlight bears on a claim (the debate's links), for the line under it in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClaimSide {
    Supports,
    Opposes,
    Context,
}

/// The claims each highlight bears on, by highlight id.
pub type HighlightClaims = std::collections::HashMap<crate::model::Id, Vec<(ClaimSide, String)>>;

/// An export's own words in one language.
#[derive(serde::Serialize)]
pub(crate) struct Words {
    supports: &'static str,
    opposes: &'static str,
    context: &'static str,
    untitled: &'static str,
    article_note: &'static str,
    highlights: &'static str,
    margin_notes: &'static str,
    orphaned: &'static str,
    /// What the orphan section says about its entries.
    orphan_explanation: &'static str,
}

const EN: Words = Words {
    supports: "Supports",
    opposes: "Opposes",
    context: "Context for",
    untitled: "Untitled",
    article_note: "Article note",
    highlights: "Highlights",
    margin_notes: "Margin notes",
    orphaned: "Orphaned highlights",
    orphan_explanation: "These highlights and notes could not be found in the current text of \
the article. They are kept here with the text they were made on.",
};

const ZH: Words = Words {
    supports: "支持",
    opposes: "反对",
    context: "背景",
    untitled: "无标题",
    article_note: "文章笔记",
    highlights: "划线",
    margin_notes: "段落笔记",
    orphaned: "失去原文的划线",
    orphan_explanation:
        "以下划线和笔记在文章的当前文本中已找不到，连同它们当初所在的原文保留在这里。",
};

impl ExportLang {
    pub(crate) fn words(self) -> &'static Words {
        match self {
            ExportLang::En => &EN,
            ExportLang::Zh => &ZH,
        }
    }

    /// A colour's name when the user has not given it one.
    pub fn default_label(self, color: Color) -> &'static str {
        match self {
            ExportLang::En => color.default_label(),
            ExportLang::Zh => color.default_label_zh(),
        }
    }
}

use crate::model::{Article, Color, ColorLabel};

/// The Markdown file of one article, by the default template: front matter, title, article
/// note, highlights, margin notes and orphans, laid out as the module documentation shows.
///
/// `labels` names the colours; a colour missing from it, or named with only white space, uses
/// [`Color::default_label`]. The function is pure: the same arguments always give the same
/// bytes.
pub fn article_markdown(article: &Article, labels: &[ColorLabel]) -> String {
    article_markdown_in(article, labels, ExportLang::En, &HighlightClaims::new())
}

/// [`article_markdown`] with its own words in `lang` (a colour still named by its default, the
/// English one the library stores, takes the default name in `lang`), and under each highlight
/// a line naming the claims it supports, opposes or gives context for.
pub fn article_markdown_in(
    article: &Article,
    labels: &[ColorLabel],
    lang: ExportLang,
    claims: &HighlightClaims,
) -> String {
    static DEFAULT: std::sync::OnceLock<crate::Result<Templates>> = std::sync::OnceLock::new();
    let rendered = match DEFAULT.get_or_init(|| Templates::new(None, None)) {
        Ok(t) => t.article_in(article, labels, lang, claims),
        Err(e) => Err(e.clone()),
    };
    // The default template is tested to compile and render; should it not, say so in the file.
    rendered.unwrap_or_else(|e| format!("<!-- {e} -->\n"))
}

pub(crate) fn front_matter(article: &Article) -> String {
    let meta = &article.summary.meta;
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml::quote(&meta.title)));
    let optional = [
        ("author", &meta.author),
        ("site", &meta.site),
        ("source", &meta.source),
        ("url", &meta.url),
        ("published", &meta.published),
        ("language", &meta.language),
    ];
    for (key, value) in optional {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            out.push_str(&format!("{key}: {}\n", yaml::quote(v)));
        }
    }
    if !article.summary.imported_at.is_empty() {
        out.push_str(&format!("imported: {}\n", yaml::quote(&article.summary.imported_at)));
    }
    let tags = sorted_tags(&article.summary.tags);
    if tags.is_empty() {
        out.push_str("tags: []\n");
    } else {
        out.push_str("tags:\n");
        for t in &tags {
            out.push_str(&format!("  - {}\n", yaml::quote(t)));
        }
    }
    let mut exact: Vec<&String> = article.summary.tags.iter().filter(|t| !t.is_empty()).collect();
    exact.sort();
    exact.dedup();
    if !exact.is_empty() {
        out.push_str("zhaji-tags:\n");
        for t in exact {
            out.push_str(&format!("  - {}\n", yaml::quote(t)));
        }
    }
    out.push_str(&format!("zhaji_id: {}\n", article.summary.id));
    if !article.summary.uuid.is_empty() {
        out.push_str(&format!("zhaji_uuid: {}\n", yaml::quote(&article.summary.uuid)));
        out.push_str(&format!(
            "zhaji_link: {}\n",
            yaml::quote(&format!("zhaji://article/{}", article.summary.uuid))
        ));
    }
    out.push_str("---\n");
    out
}

/// Tags as Obsidian spells them, sorted and without duplicates.
pub(crate) fn sorted_tags(tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = tags.iter().filter_map(|t| obsidian_tag(t)).collect();
    tags.sort();
    tags.dedup();
    tags
}

pub(crate) fn label_for(color: Color, labels: &[ColorLabel]) -> String {
    labels
        .iter()
        .find(|l| l.color == color && !l.label.trim().is_empty())
        .map(|l| l.label.clone())
        .unwrap_or_else(|| color.default_label().to_string())
}
