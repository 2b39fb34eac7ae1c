//! Plain data: what the core takes and gives. Everything here crosses the IPC boundary as JSON,
//! so each type derives `serde` and `ts_rs::TS`; the TypeScript copies in `ui/src/bindings/` are
//! generated from these definitions (`make bindings`), never written by hand.
//!
//! Units: every offset is a count of Unicode scalar values (code points) into an article's
//! normalised text ([`Article::text`]); `end` is exclusive. Ids are SQLite rowids, assigned
//! sequentially from 1, so they stay far below 2^53 and survive JavaScript's `number`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A row id. Always positive and below 2^53 (see the module documentation).
pub type Id = i64;

/// The structural kind of a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PassageKind {
    /// A heading; its `level` is 1 to 6.
    Heading,
    Paragraph,
    /// A paragraph inside a block quote; `level` is the quote depth (1 = outermost).
    Quote,
    /// An item of a list; `level` is the nesting depth (1 = outermost).
    ListItem,
    /// A code block; its text keeps its line breaks.
    Code,
    /// One row of a table, cells separated by `" | "`.
    TableRow,
    /// A byline such as `来源:… 作者:… 编辑:…`.
    Byline,
    /// A figure caption, or the alt text of an image (nothing is ever fetched).
    Caption,
}

impl PassageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PassageKind::Heading => "heading",
            PassageKind::Paragraph => "paragraph",
            PassageKind::Quote => "quote",
            PassageKind::ListItem => "list_item",
            PassageKind::Code => "code",
            PassageKind::TableRow => "table_row",
            PassageKind::Byline => "byline",
            PassageKind::Caption => "caption",
        }
    }
    pub fn parse(s: &str) -> Option<PassageKind> {
        Some(match s {
            "heading" => PassageKind::Heading,
            "paragraph" => PassageKind::Paragraph,
            "quote" => PassageKind::Quote,
            "list_item" => PassageKind::ListItem,
            "code" => PassageKind::Code,
            "table_row" => PassageKind::TableRow,
            "byline" => PassageKind::Byline,
            "caption" => PassageKind::Caption,
            _ => return None,
        })
    }
}

/// One block of an article: a heading, a paragraph, a list item, a code block…
///
/// An article's text is its passages' texts joined by a single `'\n'`, so passage `i + 1` starts
/// at `passages[i].end + 1`. A passage's text never starts or ends with white space, and only a
/// code passage contains `'\n'`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Passage {
    /// Position in the article, from 0.
    pub ordinal: u32,
    pub kind: PassageKind,
    /// Heading level (1–6), quote or list depth (1 = outermost); 0 for other kinds.
    pub level: u8,
    /// Offset of the passage's first character in the article's text (code points).
    pub start: u32,
    /// Offset just past its last character (code points).
    pub end: u32,
    pub text: String,
    /// For a passage that came from a link-bearing source: the links in it, by offset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Link>>")]
    pub links: Vec<Link>,
}

/// A hyperlink inside a passage, by code-point offsets relative to the passage's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Link {
    pub start: u32,
    pub end: u32,
    pub href: String,
}

/// What an article's metadata says. Every field can be edited by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleMeta {
    pub title: String,
    pub author: Option<String>,
    /// The publication or site (光子星球, The Verge).
    pub site: Option<String>,
    /// Where it came from: the imported file's path, or `pasted`.
    pub source: Option<String>,
    pub url: Option<String>,
    /// The publication date as found, preferably `YYYY-MM-DD`.
    pub published: Option<String>,
    /// A BCP 47 language tag (`zh`, `en`), when known or detected.
    pub language: Option<String>,
}

/// A change to an article's metadata: `None` leaves a field alone, `Some("")` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleMetaPatch {
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional)]
    pub author: Option<String>,
    #[ts(optional)]
    pub site: Option<String>,
    #[ts(optional)]
    pub source: Option<String>,
    #[ts(optional)]
    pub url: Option<String>,
    #[ts(optional)]
    pub published: Option<String>,
    #[ts(optional)]
    pub language: Option<String>,
}

/// An article as listed in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleSummary {
    #[ts(type = "number")]
    pub id: Id,
    /// A random UUID that stays the same wherever the row goes (links, sync, other tools).
    #[serde(default)]
    pub uuid: String,
    pub meta: ArticleMeta,
    /// `text`, `markdown`, `html`, `epub` or `paste`.
    pub format: String,
    /// Length of the text in code points.
    pub chars: u32,
    pub highlight_count: u32,
    pub note_count: u32,
    /// The article's own tags (not its highlights'), sorted.
    pub tags: Vec<String>,
    /// RFC 3339 UTC times.
    pub imported_at: String,
    pub updated_at: String,
    /// The start of the article's first paragraph (at most 90 characters).
    pub excerpt: String,
    /// How far the reader has read, in percent of the article (the furthest point shown).
    pub read_percent: u8,
    /// When the article was marked as read (by the reader, or by reaching its end); `None`:
    /// unread.
    pub read_at: Option<String>,
}

/// How to order the article list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortBy {
    #[default]
    Imported,
    Updated,
    Title,
    Published,
}

/// An article with everything a reader needs to show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Article {
    pub summary: ArticleSummary,
    /// The normalised text (NFC, LF line endings): the passages joined by `'\n'`.
    pub text: String,
    pub passages: Vec<Passage>,
    /// Live highlights, anchored ones in reading order, then orphans.
    pub highlights: Vec<Highlight>,
    /// Notes on the article as a whole and on passages (notes on highlights are inside them).
    pub notes: Vec<Note>,
    /// Its images, in reading order. They sit between passages and are not part of the text.
    #[serde(default)]
    pub images: Vec<ArticleImage>,
}

/// An image of an article, kept in the library (or, when it could not be kept, what it was).
///
/// It stands before the passage numbered `position` (the article's passage count when it comes
/// last): images are not part of the text, so offsets, highlights and search never see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleImage {
    /// Its place among the article's images, from 0.
    pub ordinal: u32,
    /// The passage it stands before.
    pub position: u32,
    /// SHA-256 of its bytes (lowercase hex); `None` when it could not be kept.
    pub hash: Option<String>,
    /// `png`, `jpeg`, `gif`, `webp`, `avif` or `svg`; `None` when it could not be kept.
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub format: Option<String>,
    pub bytes: u32,
    pub width: u32,
    pub height: u32,
    /// Its alternative text and caption, as the page gave them (possibly empty).
    pub alt: String,
    pub caption: String,
    /// Where it came from: a URL, a file next to the page, or `data:` for an inline image.
    pub src: String,
    /// Why it could not be kept, when it could not.
    pub error: Option<String>,
}

/// The five highlight colours. Each has a name the user chooses (论点, evidence…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Color {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl Color {
    pub const ALL: [Color; 5] =
        [Color::Yellow, Color::Green, Color::Blue, Color::Pink, Color::Purple];
    pub fn as_str(self) -> &'static str {
        match self {
            Color::Yellow => "yellow",
            Color::Green => "green",
            Color::Blue => "blue",
            Color::Pink => "pink",
            Color::Purple => "purple",
        }
    }
    /// Parses a colour by its name (`yellow`) or its number in the palette (`1`–`5`).
    pub fn parse(s: &str) -> Option<Color> {
        let s = s.trim().to_ascii_lowercase();
        Color::ALL
            .into_iter()
            .enumerate()
            .find_map(|(i, c)| (s == c.as_str() || s == (i + 1).to_string()).then_some(c))
    }
    /// Parses a colour as [`Color::parse`] does, or by the name the user gave it (`反驳`,
    /// compared ignoring case and surrounding space); a colour still named by default also
    /// answers to its default name in Chinese, as the Chinese interface shows it.
    pub fn parse_named(s: &str, labels: &[ColorLabel]) -> Option<Color> {
        let want = s.trim().to_lowercase();
        Color::parse(s)
            .or_else(|| {
                labels.iter().find(|l| l.label.trim().to_lowercase() == want).map(|l| l.color)
            })
            .or_else(|| {
                labels
                    .iter()
                    .find(|l| {
                        l.label == l.color.default_label() && l.color.default_label_zh() == want
                    })
                    .map(|l| l.color)
            })
    }

    /// The default label in Chinese, as the Chinese interface shows it.
    pub fn default_label_zh(self) -> &'static str {
        match self {
            Color::Yellow => "要点",
            Color::Green => "证据",
            Color::Blue => "论点",
            Color::Pink => "反驳",
            Color::Purple => "数据",
        }
    }
    /// The label a library starts with, before the user renames it.
    pub fn default_label(self) -> &'static str {
        match self {
            Color::Yellow => "key point",
            Color::Green => "evidence",
            Color::Blue => "claim",
            Color::Pink => "counter-argument",
            Color::Purple => "figure",
        }
    }
}

/// Whether a highlight is attached to its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AnchorStatus {
    Anchored,
    /// The text it was on is gone; it keeps its quote, colour, tags and note until re-attached.
    Orphaned,
}

/// Where a highlight or passage note sits: a position plus the quoted text around it (the W3C
/// TextPositionSelector and TextQuoteSelector), so that it can be found again when the text
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Anchor {
    /// Code-point offsets into the article's text. For an orphan, where it last was.
    pub start: u32,
    pub end: u32,
    /// The quoted text, exactly.
    pub exact: String,
    /// Up to 32 characters before and after the quote.
    pub prefix: String,
    pub suffix: String,
    pub status: AnchorStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Highlight {
    #[ts(type = "number")]
    pub id: Id,
    /// A random UUID that stays the same wherever the row goes (links, sync, other tools).
    #[serde(default)]
    pub uuid: String,
    #[ts(type = "number")]
    pub article_id: Id,
    pub anchor: Anchor,
    pub color: Color,
    /// Sorted tag names.
    pub tags: Vec<String>,
    pub note: Option<Note>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a note is written on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum NoteTarget {
    /// The article as a whole.
    Article,
    /// A highlight (at most one live note each).
    Highlight {
        #[ts(type = "number")]
        highlight_id: Id,
    },
    /// A stretch of text without a highlight, usually a whole passage (a margin note).
    Passage { anchor: Anchor },
}

/// A note in Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Note {
    #[ts(type = "number")]
    pub id: Id,
    /// A random UUID that stays the same wherever the row goes (links, sync, other tools).
    #[serde(default)]
    pub uuid: String,
    #[ts(type = "number")]
    pub article_id: Id,
    pub target: NoteTarget,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A tag with how much uses it. Names are paths: `topic/算力` is a child of `topic`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Tag {
    #[ts(type = "number")]
    pub id: Id,
    /// A random UUID that stays the same wherever the row goes (links, sync, other tools).
    #[serde(default)]
    pub uuid: String,
    pub name: String,
    /// A CSS colour (`#c0392b`), if the user chose one.
    pub color: Option<String>,
    /// Live highlights and articles that carry exactly this tag (not its children).
    pub highlight_count: u32,
    pub article_count: u32,
}

/// The kinds of things that can be deleted to the trash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemKind {
    Article,
    Highlight,
    Note,
    Tag,
    /// A claim of the debate (its links to highlights go and come back with it).
    Claim,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Article => "article",
            ItemKind::Highlight => "highlight",
            ItemKind::Note => "note",
            ItemKind::Tag => "tag",
            ItemKind::Claim => "claim",
        }
    }
}

/// A reference to one deletable thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemRef {
    pub kind: ItemKind,
    #[ts(type = "number")]
    pub id: Id,
}

/// Something in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrashItem {
    pub item: ItemRef,
    /// A short description: the article's title, the highlight's quote, the note's first line.
    pub label: String,
    /// The article it belongs to, for highlights and notes.
    pub article_title: Option<String>,
    pub deleted_at: String,
}

/// What happened to an article's highlights and passage notes when its text changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReanchorReport {
    /// Still at the same offsets.
    pub unchanged: u32,
    /// Found again at other offsets.
    pub moved: u32,
    /// Not found again: now orphans (kept, with their quote, tags and notes).
    pub orphaned: u32,
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum ImportStatus {
    /// A new article.
    Imported,
    /// The same text is already in the library: nothing was added.
    AlreadyPresent,
    /// A new version of an article already imported from the same source.
    Updated { report: ReanchorReport },
}

/// The result of importing one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    pub article: ArticleSummary,
    pub status: ImportStatus,
    /// The encoding the bytes were read as (`UTF-8`, `GB18030`…).
    pub encoding: String,
    /// Things the user should know: replaced invalid bytes (how many, where), dropped content.
    pub warnings: Vec<String>,
}

/// A colour of the palette with the name the user gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColorLabel {
    pub color: Color,
    pub label: String,
}

/// What a `zhaji://` link points to: an article, or a highlight or note in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkTarget {
    /// `article`, `highlight` or `note`.
    pub kind: String,
    #[ts(type = "number")]
    pub article_id: Id,
    pub article_uuid: String,
    pub title: String,
    #[ts(type = "number | null")]
    pub highlight_id: Option<Id>,
    #[ts(type = "number | null")]
    pub note_id: Option<Id>,
    /// Code-point offsets into the article's text, when the link names a stretch of it that is
    /// still there (not an orphan).
    pub start: Option<u32>,
    pub end: Option<u32>,
    /// The highlighted (or noted) text.
    pub text: Option<String>,
    /// The passage the stretch starts in, as the article reads now.
    pub passage: Option<String>,
    /// The note's text (a note link, or a highlight's note).
    pub note: Option<String>,
}

/// What an export did to an article's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportStatus {
    /// A new file.
    Created,
    /// Zhaji's file, which the reader had not changed, brought up to date (or moved).
    Updated,
    /// Nothing to change.
    Unchanged,
    /// The reader had written in the file: their words are kept, Zhaji's parts brought up to
    /// date.
    Merged,
    /// As merged, but the reader and Zhaji changed the same lines: both versions are in the
    /// file between conflict markers, for the reader to choose.
    Conflicted,
    /// The file changed while the export ran (the reader saved it): left alone this time.
    Skipped,
}

/// One file written (or left alone) by an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportedFile {
    #[ts(type = "number")]
    pub article_id: Id,
    #[serde(default)]
    pub article_uuid: String,
    pub path: String,
    /// False when the file already had exactly this content.
    pub written: bool,
    pub status: ExportStatus,
    /// The file's path before the export, when it moved (the article's title changed).
    pub moved_from: Option<String>,
    /// A file the reader wrote that holds the name this article's file would have had: it was
    /// left alone and the article's file has another name.
    pub name_taken_by: Option<String>,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportReport {
    pub folder: String,
    pub files: Vec<ExportedFile>,
    /// Files holding conflict markers for the reader to resolve.
    #[serde(default)]
    pub conflicts: Vec<String>,
    /// Temporary files left by an interrupted export, removed.
    #[serde(default)]
    pub removed_temp_files: u32,
}

/// A file of a folder import that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FolderFailure {
    pub path: String,
    pub reason: String,
}

/// What a folder import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FolderReport {
    /// Files found with a supported extension.
    pub found: u32,
    pub imported: u32,
    pub already_present: u32,
    pub updated: u32,
    /// Files that could not be imported or read, and folders that could not be read.
    pub failed: Vec<FolderFailure>,
    /// What the walk left out on purpose (links that lead outside the folder, pipes…), and why.
    pub skipped: Vec<FolderFailure>,
    /// Each file's own result, in file order.
    pub documents: Vec<PathImport>,
    /// True when the import was cancelled before every file was read.
    pub cancelled: bool,
    /// The articles imported or updated, in file order.
    #[ts(type = "number[]")]
    pub articles: Vec<Id>,
}

/// Where an import of several paths is (`Library::import_paths`): given before each file is
/// written, so that a progress bar can move and name the file being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    /// The folder being imported (for files chosen together, the first one's folder).
    pub folder: String,
    /// Files finished so far in this folder, of `total`.
    pub done: u32,
    pub total: u32,
    /// The file being read now.
    pub current: String,
}

/// An error as plain data, for a list of results in which some items failed: a kind to act on
/// and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErrorInfo {
    pub kind: crate::ErrorKind,
    pub message: String,
}

impl From<crate::Error> for ErrorInfo {
    fn from(e: crate::Error) -> ErrorInfo {
        ErrorInfo { kind: e.kind(), message: e.message().to_owned() }
    }
}

/// What importing one of several paths gave: a file's outcome, a folder's report, or why it
/// failed. One bad file in a drop of twenty must not hide the nineteen that worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PathImport {
    /// The path as given.
    pub path: String,
    pub outcome: Option<ImportOutcome>,
    /// Set when the path was a folder: everything under it was imported.
    pub folder: Option<FolderReport>,
    pub error: Option<ErrorInfo>,
}

impl PathImport {
    /// A path with no result yet.
    pub fn new(path: String) -> PathImport {
        PathImport { path, outcome: None, folder: None, error: None }
    }

    /// A file's result.
    pub fn of(path: String, r: crate::Result<ImportOutcome>) -> PathImport {
        match r {
            Ok(o) => PathImport { outcome: Some(o), ..PathImport::new(path) },
            Err(e) => PathImport { error: Some(e.into()), ..PathImport::new(path) },
        }
    }
}

/// A backup of the library: a consistent copy made by Zhaji, in the folder beside the library
/// (`<library>.backups/`) or where the user asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    /// The backup's file.
    pub path: String,
    /// When it was made, RFC 3339 UTC.
    pub created: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Why it was made: `daily`, `manual`, or `before-vN` (before a migration to version N).
    pub reason: String,
}

/// How the notebook orders highlights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NotebookSort {
    /// Newest first.
    #[default]
    Time,
    /// By article (newest article first), each article's highlights in reading order.
    Article,
}

/// Which highlights the notebook shows: every filter that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotebookFilter {
    /// Tag names; each must be on the highlight or on its article, a tag counting for its
    /// children too (`topic` finds `topic/算力`).
    pub tags: Vec<String>,
    /// Any of these colours (empty: every colour).
    pub colors: Vec<Color>,
    /// Only evidence linked to this claim.
    #[ts(type = "number | null")]
    pub claim: Option<Id>,
    /// Only this article's highlights.
    #[ts(type = "number | null")]
    pub article: Option<Id>,
    /// Only highlights with a note.
    pub has_note: bool,
    /// `YYYY-MM-DD`: only highlights made on or after this day (UTC).
    pub since: Option<String>,
    pub sort: NotebookSort,
    /// The notes written on an article or on a passage (not on a highlight) too, among the
    /// highlights in the same order. The tag, article and date filters hold for them (a tag on
    /// their article); a colour or claim filter leaves them out.
    #[serde(default)]
    pub notes: bool,
}

/// One highlight of the notebook, with its note and the title of its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotebookItem {
    pub highlight: Highlight,
    pub article_title: String,
}

/// A note of the notebook written on an article or a passage, with its article's title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotebookNote {
    pub note: Note,
    pub article_title: String,
}

/// One entry of a notebook page: a highlight, or a note on an article or passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum NotebookEntry {
    Highlight(Box<NotebookItem>),
    Note(Box<NotebookNote>),
}

impl NotebookEntry {
    /// The highlight, when the entry is one.
    pub fn highlight(&self) -> Option<&NotebookItem> {
        match self {
            NotebookEntry::Highlight(item) => Some(&**item),
            NotebookEntry::Note(_) => None,
        }
    }
}

/// A page of the notebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotebookPage {
    pub items: Vec<NotebookEntry>,
    /// How many entries the filter finds in all; when `total_exact` is false, how many it
    /// found before it stopped counting (there are more).
    pub total: u32,
    /// False when the highlights a filter finds were counted only up to a limit (1,000): a
    /// filtered count looks at the highlights one by one, so an exact one would cost a walk of
    /// the whole library for each page.
    pub total_exact: bool,
    /// Where this page starts among them.
    pub offset: u32,
}
