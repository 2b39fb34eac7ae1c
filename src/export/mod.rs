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
//! zhaji_id: 7
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
//! **论点** · #topic/算力 #actor/百度 · [↗ Zhaji](zhaji://article/7#120-145)
//!
//! <the highlight's note>
//!
//! ## Margin notes                      passage notes, in reading order
//!
//! > <the article's text under the note's anchor>
//!
//! ^zh-note-9
//!
//! [↗ Zhaji](zhaji://article/7#300-380)
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
//!   most punctuation: spaces become `-`, other such characters `_` (see
//!   `markdown::obsidian_tag`). Front-matter tags use the same spelling so that they are the
//!   same tags in Obsidian.
//! - **Deep links** `zhaji://article/<article id>#<start>-<end>` open the passage in Zhaji;
//!   offsets are code points into the article's text, like everywhere in Zhaji. Orphans get no
//!   link, since their offsets no longer point at their text.
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

pub(crate) mod markdown;
mod names;
mod write;
pub(crate) mod yaml;

#[cfg(test)]
mod tests;

pub use names::{file_stem, plan_file_names};
pub use write::write_atomically;

use crate::model::{AnchorStatus, Article, Color, ColorLabel, Highlight, Note, NoteTarget};
use markdown::{block_quote, escape_inline, note_block, obsidian_tag};

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
struct Words {
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
    fn words(self) -> &'static Words {
        match self {
            ExportLang::En => &EN,
            ExportLang::Zh => &ZH,
        }
    }

    /// A colour's name when the user has not given it one.
    pub fn default_label(self, color: Color) -> &'static str {
        match self {
            ExportLang::En => color.default_label(),
            ExportLang::Zh => match color {
                Color::Yellow => "要点",
                Color::Green => "证据",
                Color::Blue => "论点",
                Color::Pink => "反驳",
                Color::Purple => "数据",
            },
        }
    }
}

/// The Markdown file of one article: front matter, title, article note, highlights, margin notes
/// and orphans, laid out as the module documentation shows.
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
    let words = lang.words();
    let labels: Vec<ColorLabel> = labels
        .iter()
        .map(|l| {
            let label = if l.label.trim().is_empty() || l.label == l.color.default_label() {
                lang.default_label(l.color).to_string()
            } else {
                l.label.clone()
            };
            ColorLabel { color: l.color, label }
        })
        .collect();
    let labels = &labels[..];
    let mut out = front_matter(article);
    out.push('\n');
    let title = escape_inline(&article.summary.meta.title);
    out.push_str("# ");
    out.push_str(if title.is_empty() { words.untitled } else { &title });
    out.push('\n');

    let mut article_notes: Vec<&Note> =
        article.notes.iter().filter(|n| matches!(n.target, NoteTarget::Article)).collect();
    article_notes.sort_by(|a, b| (a.id, &a.created_at).cmp(&(b.id, &b.created_at)));
    let article_notes: Vec<String> =
        article_notes.iter().filter_map(|n| note_block(&n.body)).collect();
    if !article_notes.is_empty() {
        out.push_str(&format!("\n## {}\n", words.article_note));
        for body in &article_notes {
            out.push('\n');
            out.push_str(body);
        }
    }

    let mut anchored: Vec<&Highlight> = Vec::new();
    let mut orphaned: Vec<&Highlight> = Vec::new();
    for h in &article.highlights {
        match h.anchor.status {
            AnchorStatus::Anchored => anchored.push(h),
            AnchorStatus::Orphaned => orphaned.push(h),
        }
    }
    let reading_order = |a: &&Highlight, b: &&Highlight| {
        (a.anchor.start, a.anchor.end, a.id).cmp(&(b.anchor.start, b.anchor.end, b.id))
    };
    anchored.sort_by(reading_order);
    orphaned.sort_by(reading_order);

    let mut margin: Vec<&Note> = Vec::new();
    let mut orphan_notes: Vec<&Note> = Vec::new();
    for n in &article.notes {
        if let NoteTarget::Passage { anchor } = &n.target {
            match anchor.status {
                AnchorStatus::Anchored => margin.push(n),
                AnchorStatus::Orphaned => orphan_notes.push(n),
            }
        }
    }
    let note_order = |a: &&Note, b: &&Note| note_key(a).cmp(&note_key(b));
    margin.sort_by(note_order);
    orphan_notes.sort_by(note_order);

    if !anchored.is_empty() {
        out.push_str(&format!("\n## {}\n", words.highlights));
        for h in anchored {
            highlight_entry(&mut out, article, h, labels, true);
            claims_line(&mut out, claims.get(&h.id), words);
        }
    }
    if !margin.is_empty() {
        out.push_str(&format!("\n## {}\n", words.margin_notes));
        for n in margin {
            margin_entry(&mut out, article, n, true);
        }
    }
    if !orphaned.is_empty() || !orphan_notes.is_empty() {
        out.push_str(&format!("\n## {}\n\n", words.orphaned));
        out.push_str(words.orphan_explanation);
        out.push('\n');
        for h in orphaned {
            highlight_entry(&mut out, article, h, labels, false);
            claims_line(&mut out, claims.get(&h.id), words);
        }
        for n in orphan_notes {
            margin_entry(&mut out, article, n, false);
        }
    }
    out
}

/// Sorts passage notes in reading order, ties broken by id.
fn note_key(n: &Note) -> (u32, u32, i64) {
    match &n.target {
        NoteTarget::Passage { anchor } => (anchor.start, anchor.end, n.id),
        _ => (0, 0, n.id),
    }
}

fn front_matter(article: &Article) -> String {
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
    out.push_str(&format!("zhaji_id: {}\n", article.summary.id));
    out.push_str("---\n");
    out
}

/// Tags as Obsidian spells them, sorted and without duplicates (two names can become one tag,
/// `a b` and `a-b`).
fn sorted_tags(tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = tags.iter().filter_map(|t| obsidian_tag(t)).collect();
    tags.sort();
    tags.dedup();
    tags
}

fn label_for(color: Color, labels: &[ColorLabel]) -> String {
    labels
        .iter()
        .find(|l| l.color == color && !l.label.trim().is_empty())
        .map(|l| l.label.clone())
        .unwrap_or_else(|| color.default_label().to_string())
}

/// The deep link to a stretch of an article's text.
fn deep_link(article_id: i64, start: u32, end: u32) -> String {
    format!("[↗ Zhaji](zhaji://article/{article_id}#{start}-{end})")
}

fn highlight_entry(
    out: &mut String,
    article: &Article,
    h: &Highlight,
    labels: &[ColorLabel],
    link: bool,
) {
    out.push('\n');
    out.push_str(&block_quote(&h.anchor.exact));
    out.push_str(&format!("\n^zh-{}\n\n", h.id));
    let mut parts = vec![format!("**{}**", escape_inline(&label_for(h.color, labels)))];
    let tags = sorted_tags(&h.tags);
    if !tags.is_empty() {
        parts.push(tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
    }
    if link {
        parts.push(deep_link(article.summary.id, h.anchor.start, h.anchor.end));
    }
    out.push_str(&parts.join(" · "));
    out.push('\n');
    let note = h.note.as_ref().or_else(|| {
        article.notes.iter().find(
            |n| matches!(n.target, NoteTarget::Highlight { highlight_id } if highlight_id == h.id),
        )
    });
    if let Some(body) = note.and_then(|n| note_block(&n.body)) {
        out.push('\n');
        out.push_str(&body);
    }
}

/// "Supports: <claim> · Opposes: <claim>", as a paragraph after the highlight's entry.
fn claims_line(out: &mut String, claims: Option<&Vec<(ClaimSide, String)>>, words: &Words) {
    let Some(claims) = claims.filter(|c| !c.is_empty()) else { return };
    let mut claims = claims.clone();
    claims.sort();
    let parts: Vec<String> = claims
        .iter()
        .map(|(side, text)| {
            let word = match side {
                ClaimSide::Supports => words.supports,
                ClaimSide::Opposes => words.opposes,
                ClaimSide::Context => words.context,
            };
            format!("{word}: *{}*", escape_inline(text))
        })
        .collect();
    out.push('\n');
    out.push_str(&parts.join(" · "));
    out.push('\n');
}

fn margin_entry(out: &mut String, article: &Article, n: &Note, anchored: bool) {
    let NoteTarget::Passage { anchor } = &n.target else {
        return;
    };
    // The passage as the article reads now; the stored quote when the offsets do not fit.
    let text = if anchored {
        crate::text::slice_chars(&article.text, anchor.start as usize, anchor.end as usize)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&anchor.exact)
    } else {
        &anchor.exact
    };
    out.push('\n');
    out.push_str(&block_quote(text));
    out.push_str(&format!("\n^zh-note-{}\n\n", n.id));
    if anchored {
        out.push_str(&deep_link(article.summary.id, anchor.start, anchor.end));
    } else {
        out.push_str("**Margin note**");
    }
    out.push('\n');
    if let Some(body) = note_block(&n.body) {
        out.push('\n');
        out.push_str(&body);
    }
}
