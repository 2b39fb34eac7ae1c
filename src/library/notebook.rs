//! The notebook: every highlight of the library, with its note, filtered and one page at a time.

use super::Library;
use crate::model::*;
use crate::tags::normalize_tag;
use crate::{store, Error, Result};
use std::path::Path;

/// The most highlights one page of the notebook gives.
pub const NOTEBOOK_MAX_PAGE: u32 = 500;

impl Library {
    /// The page of the notebook that starts at `offset`: at most `limit` (1 to 500) entries
    /// found by `filter`, in its order, each highlight with its note and each with its article's
    /// title, and how many it finds in all (with a filter, counted only so far: see
    /// [`NotebookPage::total_exact`]). Without `filter.notes` every entry is a highlight and
    /// only the page is read, however large the library; with it, the notes on articles and
    /// passages up to the page's end are merged in.
    pub fn notebook(
        &self,
        filter: &NotebookFilter,
        offset: u32,
        limit: u32,
    ) -> Result<NotebookPage> {
        let mut f = filter.clone();
        f.tags = f.tags.iter().map(|t| normalize_tag(t)).collect::<Result<Vec<_>>>()?;
        if let Some(day) = &f.since {
            let day = day.trim();
            if day.len() != 10 || chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                return Err(Error::invalid(format!(
                    "{day} is not a date: write it as YYYY-MM-DD (as in 2025-01-31)"
                )));
            }
            f.since = Some(day.to_owned());
        }
        let limit = limit.clamp(1, NOTEBOOK_MAX_PAGE);
        // The notes up to the page's end are all the merge below can take.
        let end = offset.saturating_add(limit);
        let (notes, notes_total) =
            if f.notes { store::notebook_notes(&self.conn, &f, end)? } else { (Vec::new(), 0) };
        if notes_total == 0 {
            let (items, total) = self.highlights_page(&f, offset, limit)?;
            let items = items.into_iter().map(|i| NotebookEntry::Highlight(Box::new(i))).collect();
            return Ok(NotebookPage { items, total: total.n, total_exact: total.exact, offset });
        }
        // Merge the two orders up to the page's end; the page's highlights are a run of theirs.
        let keys = store::notebook_keys(&self.conn, &f, end)?;
        let (mut h, mut n) = (0usize, 0usize);
        let mut order = Vec::new(); // true: the next highlight, false: the next note
        while order.len() < end as usize && (h < keys.len() || n < notes.len()) {
            let note_first = match (keys.get(h), notes.get(n)) {
                (Some(k), Some((note, _))) => note_before(note, k, f.sort),
                (None, Some(_)) => true,
                _ => false,
            };
            order.push(!note_first);
            if note_first {
                n += 1;
            } else {
                h += 1;
            }
        }
        let page = order.get(offset as usize..).unwrap_or_default();
        let skipped = order.len() - page.len();
        let first_h = order[..skipped].iter().filter(|&&x| x).count();
        let first_n = skipped - first_h;
        let count_h = page.iter().filter(|&&x| x).count();
        let count_h32 = u32::try_from(count_h).unwrap_or(u32::MAX);
        let first_h32 = u32::try_from(first_h).unwrap_or(u32::MAX);
        // LIMIT 0 still counts them all.
        let (highlights, total_h) = self.highlights_page(&f, first_h32, count_h32)?;
        let mut highlights = highlights.into_iter();
        let mut notes_left = notes.iter().skip(first_n);
        let mut items = Vec::with_capacity(page.len());
        for &is_highlight in page {
            let entry = if is_highlight {
                highlights.next().map(|i| NotebookEntry::Highlight(Box::new(i)))
            } else {
                notes_left.next().map(|(note, title)| {
                    NotebookEntry::Note(Box::new(NotebookNote {
                        note: note.clone(),
                        article_title: title.clone(),
                    }))
                })
            };
            items.extend(entry);
        }
        let total = total_h.n.saturating_add(notes_total);
        Ok(NotebookPage { items, total, total_exact: total_h.exact, offset })
    }

    /// A page of the highlights `f` finds (`f` checked), each with its note, and their number.
    fn highlights_page(
        &self,
        f: &NotebookFilter,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<NotebookItem>, store::HighlightCount)> {
        let (rows, total) = store::notebook_page(&self.conn, f, offset, limit)?;
        let mut items = Vec::with_capacity(rows.len());
        for (mut highlight, article_title) in rows {
            highlight.note =
                store::live_note_on(&self.conn, highlight.article_id, Some(highlight.id))?;
            items.push(NotebookItem { highlight, article_title });
        }
        Ok((items, total))
    }

    /// Every highlight `filter` finds, in its order (read a page at a time); notes are left out.
    pub fn notebook_all(&self, filter: &NotebookFilter) -> Result<Vec<NotebookItem>> {
        let f = NotebookFilter { notes: false, ..filter.clone() };
        let entries = self.notebook_entries(&f)?;
        Ok(entries
            .into_iter()
            .filter_map(|e| match e {
                NotebookEntry::Highlight(item) => Some(*item),
                NotebookEntry::Note(_) => None,
            })
            .collect())
    }

    /// Every entry `filter` finds, in its order (read a page at a time).
    fn notebook_entries(&self, filter: &NotebookFilter) -> Result<Vec<NotebookEntry>> {
        let mut entries = Vec::new();
        loop {
            let offset = u32::try_from(entries.len()).unwrap_or(u32::MAX);
            let page = self.notebook(filter, offset, NOTEBOOK_MAX_PAGE)?;
            let done = page.items.len() < NOTEBOOK_MAX_PAGE as usize;
            entries.extend(page.items);
            if done {
                return Ok(entries);
            }
        }
    }

    /// Writes the highlights (and notes) `filter` finds as one Markdown file in `dir` (made if needed),
    /// atomically, named after `title`; gives the file's path.
    pub fn export_notebook(
        &self,
        dir: &Path,
        title: &str,
        filter: &NotebookFilter,
    ) -> Result<String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "cannot create the export folder", &e))?;
        let entries = self.notebook_entries(filter)?;
        let md = crate::export::notebook_markdown(title, &entries, &self.color_labels()?);
        let path = dir.join(format!("{}.md", crate::export::file_stem(title)));
        crate::export::write_atomically(&path, &md)?;
        Ok(path.display().to_string())
    }

    /// A colour by its name (`blue`), its number (`3`) or the name the user gave it (`反驳`).
    pub fn color_named(&self, name: &str) -> Result<Color> {
        let labels = self.color_labels()?;
        Color::parse_named(name, &labels).ok_or_else(|| {
            let names: Vec<&str> = labels.iter().map(|l| l.label.as_str()).collect();
            Error::invalid(format!(
                "{name} is not a colour: use yellow, green, blue, pink, purple, 1–5, or a colour's name ({})",
                names.join(", ")
            ))
        })
    }
}

/// Whether `note` comes before the highlight whose place is `k` in the notebook's order: newer
/// (a highlight first when made in the same instant), or by article: a later article first, in
/// an article its own note first, then passages in reading order (detached ones last), a
/// highlight first where both start.
fn note_before(note: &Note, k: &store::NotebookKey, sort: NotebookSort) -> bool {
    match sort {
        NotebookSort::Time => note.created_at > k.created_at,
        NotebookSort::Article => {
            if note.article_id != k.article_id {
                return note.article_id > k.article_id;
            }
            match &note.target {
                NoteTarget::Passage { anchor } => {
                    let orphaned = anchor.status == AnchorStatus::Orphaned;
                    (orphaned, i64::from(anchor.start)) < (k.orphaned, k.start)
                }
                _ => true,
            }
        }
    }
}
