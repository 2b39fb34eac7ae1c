//! Export templates: the Markdown of an article, and its file name, are MiniJinja (Jinja2)
//! templates over the variables below. The default template (`templates/article.md.jinja`) is
//! the file Zhaji has always written; a reader's own replaces it.
//!
//! Variables, named as Readwise's export templates name them where the meaning is the same:
//! - the article: `title`, `author`, `url`, `site`, `source`, `published`, `language`,
//!   `imported`, `tags` (Obsidian tags, without `#`), `tag_names` (exact), `id`, `uuid`, `link`
//!   (`zhaji://article/<uuid>`), `front_matter` (Zhaji's YAML block, `---` lines included),
//!   `title_md` (the title escaped for a heading), `article_notes`, `highlights` (in reading
//!   order), `margin_notes`, `orphans` and `orphan_notes` (their text is gone from the article),
//!   `claims` (the claims its highlights bear on, each with its `evidence`);
//! - a highlight: `text`, `note`, `tags`, `tag_names`, `color` (`yellow`…), `color_name` (the
//!   reader's name for the colour), `location` (its start, a code-point offset), `start`, `end`,
//!   `id`, `uuid`, `link` (`zhaji://highlight/<uuid>`), `block_id` (`zh-42`), `created_at`,
//!   `updated_at`, `passage` (the text of the passage it lies in), `claims` (each claim it bears
//!   on: `text`, `role`, `role_name`), and ready-made Markdown: `quote` (the text as a block quote, escaped),
//!   `note_md` (the note, unable to break the file or forge a block id), `color_name_md`;
//! - a margin note: `text` (the passage), `note`, `quote`, `note_md`, `block_id`, `link`,
//!   `location`, `orphaned`, `id`, `uuid`.
//!
//! Filters: `yaml` (a double-quoted YAML scalar), `md` (plain text escaped for Markdown),
//! `blockquote` (plain text as a block quote), `tag` (a name as an Obsidian tag).
//! Blocks on lines of their own leave no blank line behind (trim_blocks, lstrip_blocks); the
//! template's last line break is kept.

use super::markdown::{block_quote, escape_inline, note_block, obsidian_tag};
use super::{front_matter, label_for, sorted_tags, ClaimSide, ExportLang, HighlightClaims, Words};
use crate::model::{
    AnchorStatus, Article, ArticleImage, Color, ColorLabel, Highlight, Note, NoteTarget,
};
use crate::{Error, Result};
use minijinja::Environment;
use serde::Serialize;

/// The default template of an exported article.
pub const DEFAULT_ARTICLE_TEMPLATE: &str = include_str!("templates/article.md.jinja");
/// The default file-name template (its result becomes a legal file name, see `file_stem`).
pub const DEFAULT_FILENAME_TEMPLATE: &str = "{{ title }}";

/// The compiled templates of an export.
pub struct Templates {
    env: Environment<'static>,
    /// Whether the article template may use a highlight's `passage` (it names it).
    passages: bool,
}

impl Templates {
    /// Compiles `article` and `file_name` (the defaults when `None`). A syntax error names the
    /// template and the line.
    pub fn new(article: Option<&str>, file_name: Option<&str>) -> Result<Templates> {
        let mut env = Environment::new();
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| Error::internal(format!("template syntax: {e}")))?;
        env.set_syntax(syntax);
        env.add_filter("yaml", |s: String| super::yaml::quote(&s));
        env.add_filter("md", |s: String| escape_inline(&s));
        env.add_filter("blockquote", |s: String| block_quote(&s));
        env.add_filter("tag", |s: String| obsidian_tag(&s).unwrap_or_default());
        let article = article.unwrap_or(DEFAULT_ARTICLE_TEMPLATE);
        let passages = article.contains("passage");
        env.add_template_owned("article", article.to_string())
            .map_err(|e| template_error("the export template", &e))?;
        env.add_template_owned(
            "file name",
            file_name.unwrap_or(DEFAULT_FILENAME_TEMPLATE).to_string(),
        )
        .map_err(|e| template_error("the file-name template", &e))?;
        Ok(Templates { env, passages })
    }

    /// True when the article template may show a highlight's `passage`: only then need an
    /// export load the passages that hold highlights (it loads no article text otherwise).
    pub fn uses_passages(&self) -> bool {
        self.passages
    }

    /// The Markdown of `article`.
    pub fn article(&self, article: &Article, labels: &[ColorLabel]) -> Result<String> {
        self.article_in(article, labels, ExportLang::En, &HighlightClaims::new())
    }

    /// The Markdown of `article`, its own words in `lang`, each highlight with the claims it
    /// bears on.
    pub fn article_in(
        &self,
        article: &Article,
        labels: &[ColorLabel],
        lang: ExportLang,
        claims: &HighlightClaims,
    ) -> Result<String> {
        let ctx = context(article, labels, lang, claims);
        self.env
            .get_template("article")
            .and_then(|t| t.render(minijinja::value::Serde(&ctx)))
            .map_err(|e| template_error("the export template", &e))
    }

    /// The file name (before it is made legal by `file_stem`) and the Markdown of `article`,
    /// from one context.
    pub fn name_and_article(
        &self,
        article: &Article,
        labels: &[ColorLabel],
        lang: ExportLang,
        claims: &HighlightClaims,
    ) -> Result<(String, String)> {
        let ctx = context(article, labels, lang, claims);
        let ctx = minijinja::Value::from(minijinja::value::Serde(&ctx));
        let name = self
            .env
            .get_template("file name")
            .and_then(|t| t.render(ctx.clone()))
            .map_err(|e| template_error("the file-name template", &e))?;
        let text = self
            .env
            .get_template("article")
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_error("the export template", &e))?;
        Ok((name, text))
    }

    /// The file name stem of `article` (before it is made legal by `file_stem`).
    pub fn file_name(&self, article: &Article, labels: &[ColorLabel]) -> Result<String> {
        let ctx = context(article, labels, ExportLang::En, &HighlightClaims::new());
        self.env
            .get_template("file name")
            .and_then(|t| t.render(minijinja::value::Serde(&ctx)))
            .map_err(|e| template_error("the file-name template", &e))
    }
}

/// A template error for a person: which template, which line, what.
fn template_error(which: &str, e: &minijinja::Error) -> Error {
    let what = e.detail().map_or_else(|| e.kind().to_string(), str::to_string);
    match e.line() {
        Some(line) => Error::invalid(format!("{which}, line {line}: {what}")),
        None => Error::invalid(format!("{which}: {what}")),
    }
}

#[derive(Serialize)]
struct ArticleContext<'a> {
    id: i64,
    uuid: &'a str,
    link: String,
    title: &'a str,
    title_md: String,
    author: Option<&'a str>,
    url: Option<&'a str>,
    site: Option<&'a str>,
    source: Option<&'a str>,
    published: Option<&'a str>,
    language: Option<&'a str>,
    imported: &'a str,
    tags: Vec<String>,
    tag_names: &'a [String],
    front_matter: String,
    article_notes: Vec<NoteContext>,
    highlights: Vec<HighlightContext>,
    margin_notes: Vec<NoteContext>,
    orphans: Vec<HighlightContext>,
    orphan_notes: Vec<NoteContext>,
    images: Vec<ImageContext>,
    /// The claims its highlights are evidence for, by text, each with its evidence.
    claims: Vec<ClaimContext>,
    words: &'static Words,
}

/// An image of the article: `path` (inside the export folder) when its bytes are kept, else
/// `error`; `md` is the default template's Markdown for it.
#[derive(Serialize)]
struct ImageContext {
    alt: String,
    caption: String,
    src: String,
    path: Option<String>,
    error: Option<String>,
    md: String,
}

fn image_context(img: &ArticleImage) -> ImageContext {
    let path = match (&img.hash, &img.format) {
        (Some(hash), Some(format)) => Some(super::attachment_path(hash, format)),
        _ => None,
    };
    let alt = escape_inline(&img.alt.replace(['[', ']'], ""));
    let mut md = match &path {
        Some(p) => format!("![{alt}]({p})\n"),
        None => {
            let why = img.error.as_deref().unwrap_or("unknown reason");
            format!("*{}*\n", escape_inline(&format!("Image not kept ({why}): {}", img.src)))
        }
    };
    if !img.caption.is_empty() {
        md.push_str(&format!("\n*{}*\n", escape_inline(&img.caption)));
    }
    ImageContext {
        alt: img.alt.clone(),
        caption: img.caption.clone(),
        src: img.src.clone(),
        path,
        error: img.error.clone(),
        md,
    }
}

#[derive(Serialize)]
struct HighlightContext {
    id: i64,
    uuid: String,
    link: String,
    block_id: String,
    text: String,
    quote: String,
    note: Option<String>,
    note_md: Option<String>,
    tags: Vec<String>,
    tag_names: Vec<String>,
    color: String,
    color_name: String,
    color_name_md: String,
    /// "Supports: *claim* · Opposes: *claim*", empty when the highlight bears on none.
    claims_md: String,
    /// The claims it is evidence for, as `claims_md` names them.
    claims: Vec<ClaimRef>,
    /// The text of the passage it lies in (the passages it spans, joined by a line break);
    /// absent for an orphan, or when the passages were not loaded.
    passage: Option<String>,
    location: u32,
    start: u32,
    end: u32,
    orphaned: bool,
    created_at: String,
    updated_at: String,
}

/// A claim a highlight bears on, and how.
#[derive(Serialize, Clone)]
struct ClaimRef {
    text: String,
    text_md: String,
    /// `supports`, `opposes` or `context`.
    role: &'static str,
    /// The role in the export's language ("Supports", "支持"…).
    role_name: &'static str,
}

/// A claim of the article-level `claims` list.
#[derive(Serialize)]
struct ClaimContext {
    text: String,
    text_md: String,
    /// The article's highlights that bear on it, in reading order (orphans last).
    evidence: Vec<EvidenceContext>,
}

#[derive(Serialize)]
struct EvidenceContext {
    role: &'static str,
    role_name: &'static str,
    /// The highlight's words, id, UUID, block id and link.
    text: String,
    id: i64,
    uuid: String,
    block_id: String,
    link: String,
}

#[derive(Serialize)]
struct NoteContext {
    id: i64,
    uuid: String,
    link: String,
    block_id: String,
    text: String,
    quote: String,
    note: String,
    note_md: Option<String>,
    location: u32,
    orphaned: bool,
    created_at: String,
    updated_at: String,
}

fn context<'a>(
    article: &'a Article,
    labels: &[ColorLabel],
    lang: ExportLang,
    claims: &HighlightClaims,
) -> ArticleContext<'a> {
    // A colour still named by its default (the English name the library stores) takes the
    // default name in the export's language.
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
        .chain(
            Color::ALL
                .iter()
                .filter(|c| !labels.iter().any(|l| l.color == **c))
                .map(|c| ColorLabel { color: *c, label: lang.default_label(*c).to_string() }),
        )
        .collect();
    let labels = &labels[..];
    let words = lang.words();
    let s = &article.summary;
    let meta = &s.meta;
    let opt = |v: &'a Option<String>| v.as_deref().filter(|v| !v.trim().is_empty());

    let mut article_notes: Vec<&Note> =
        article.notes.iter().filter(|n| matches!(n.target, NoteTarget::Article)).collect();
    article_notes.sort_by(|a, b| (a.id, &a.created_at).cmp(&(b.id, &b.created_at)));

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

    let highlights: Vec<HighlightContext> =
        anchored.iter().map(|h| highlight_context(article, h, labels, claims, words)).collect();
    let orphans: Vec<HighlightContext> =
        orphaned.iter().map(|h| highlight_context(article, h, labels, claims, words)).collect();
    let claims = claim_list(highlights.iter().chain(&orphans));
    ArticleContext {
        id: s.id,
        uuid: &s.uuid,
        link: if s.uuid.is_empty() { String::new() } else { format!("zhaji://article/{}", s.uuid) },
        title: &meta.title,
        title_md: escape_inline(&meta.title),
        author: opt(&meta.author),
        url: opt(&meta.url),
        site: opt(&meta.site),
        source: opt(&meta.source),
        published: opt(&meta.published),
        language: opt(&meta.language),
        imported: &s.imported_at,
        tags: sorted_tags(&s.tags),
        tag_names: &s.tags,
        front_matter: front_matter(article),
        article_notes: article_notes
            .iter()
            .filter(|n| note_block(&n.body).is_some())
            .map(|n| note_context(article, n))
            .collect(),
        highlights,
        margin_notes: margin.iter().map(|n| note_context(article, n)).collect(),
        orphans,
        claims,
        words,
        orphan_notes: orphan_notes.iter().map(|n| note_context(article, n)).collect(),
        images: article.images.iter().map(image_context).collect(),
    }
}

/// Sorts passage notes in reading order, ties broken by id.
fn note_key(n: &Note) -> (u32, u32, i64) {
    match &n.target {
        NoteTarget::Passage { anchor } => (anchor.start, anchor.end, n.id),
        _ => (0, 0, n.id),
    }
}

/// The claims the highlights bear on, by text, each with its evidence in the highlights' order.
fn claim_list<'a>(highlights: impl Iterator<Item = &'a HighlightContext>) -> Vec<ClaimContext> {
    let mut by_text: std::collections::BTreeMap<&str, ClaimContext> = Default::default();
    for h in highlights {
        for c in &h.claims {
            let claim = by_text.entry(&c.text).or_insert_with(|| ClaimContext {
                text: c.text.clone(),
                text_md: c.text_md.clone(),
                evidence: Vec::new(),
            });
            claim.evidence.push(EvidenceContext {
                role: c.role,
                role_name: c.role_name,
                text: h.text.clone(),
                id: h.id,
                uuid: h.uuid.clone(),
                block_id: h.block_id.clone(),
                link: h.link.clone(),
            });
        }
    }
    by_text.into_values().collect()
}

/// The claims of one highlight, sorted by role then text.
fn claim_refs(claims: Option<&Vec<(ClaimSide, String)>>, words: &Words) -> Vec<ClaimRef> {
    let mut claims = claims.cloned().unwrap_or_default();
    claims.sort();
    claims
        .into_iter()
        .map(|(side, text)| {
            let (role, role_name) = match side {
                ClaimSide::Supports => ("supports", words.supports),
                ClaimSide::Opposes => ("opposes", words.opposes),
                ClaimSide::Context => ("context", words.context),
            };
            ClaimRef { text_md: escape_inline(&text), text, role, role_name }
        })
        .collect()
}

fn highlight_context(
    article: &Article,
    h: &Highlight,
    labels: &[ColorLabel],
    claims: &HighlightClaims,
    words: &Words,
) -> HighlightContext {
    let claims = claim_refs(claims.get(&h.id), words);
    let anchored = h.anchor.status == AnchorStatus::Anchored;
    let note = h.note.as_ref().or_else(|| {
        article.notes.iter().find(
            |n| matches!(n.target, NoteTarget::Highlight { highlight_id } if highlight_id == h.id),
        )
    });
    let link = if !h.uuid.is_empty() {
        format!("zhaji://highlight/{}", h.uuid)
    } else if anchored {
        format!("zhaji://article/{}#{}-{}", article.summary.id, h.anchor.start, h.anchor.end)
    } else {
        String::new()
    };
    let color_name = label_for(h.color, labels);
    let passage = anchored
        .then(|| {
            let (start, end) = (h.anchor.start, h.anchor.end.max(h.anchor.start + 1));
            let texts: Vec<&str> = article
                .passages
                .iter()
                .filter(|p| p.start < end && p.end > start)
                .map(|p| p.text.as_str())
                .collect();
            (!texts.is_empty()).then(|| texts.join("\n"))
        })
        .flatten();
    HighlightContext {
        id: h.id,
        uuid: h.uuid.clone(),
        link,
        block_id: format!("zh-{}", h.id),
        text: h.anchor.exact.clone(),
        quote: block_quote(&h.anchor.exact),
        note: note.map(|n| n.body.clone()),
        note_md: note.and_then(|n| note_block(&n.body)),
        tags: sorted_tags(&h.tags),
        tag_names: h.tags.clone(),
        color: format!("{:?}", h.color).to_lowercase(),
        color_name_md: escape_inline(&color_name),
        claims_md: claims_md(&claims),
        claims,
        passage,
        color_name,
        location: h.anchor.start,
        start: h.anchor.start,
        end: h.anchor.end,
        orphaned: !anchored,
        created_at: h.created_at.clone(),
        updated_at: h.updated_at.clone(),
    }
}

fn note_context(article: &Article, n: &Note) -> NoteContext {
    let (text, anchored, start, end) = match &n.target {
        NoteTarget::Passage { anchor } => {
            let anchored = anchor.status == AnchorStatus::Anchored;
            // The passage as the article reads now; the stored quote when the offsets do not
            // fit (or the text was not loaded).
            let text = if anchored {
                crate::text::slice_chars(&article.text, anchor.start as usize, anchor.end as usize)
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(&anchor.exact)
            } else {
                &anchor.exact
            };
            (text.to_string(), anchored, anchor.start, anchor.end)
        }
        _ => (String::new(), true, 0, 0),
    };
    let link = if !n.uuid.is_empty() {
        format!("zhaji://note/{}", n.uuid)
    } else if anchored {
        format!("zhaji://article/{}#{start}-{end}", article.summary.id)
    } else {
        String::new()
    };
    NoteContext {
        id: n.id,
        uuid: n.uuid.clone(),
        link,
        block_id: format!("zh-note-{}", n.id),
        quote: block_quote(&text),
        text,
        note: n.body.clone(),
        note_md: note_block(&n.body),
        location: start,
        orphaned: !anchored,
        created_at: n.created_at.clone(),
        updated_at: n.updated_at.clone(),
    }
}

/// "Supports: *claim* · Opposes: *claim*": the claims a highlight bears on, in a stable order.
fn claims_md(claims: &[ClaimRef]) -> String {
    let parts: Vec<String> =
        claims.iter().map(|c| format!("{}: *{}*", c.role_name, c.text_md)).collect();
    parts.join(" · ")
}
