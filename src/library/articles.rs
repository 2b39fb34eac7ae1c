//! Articles: the list, one article whole, and its metadata.

use super::{live_article, Library};
use crate::article::{join_passages, with_notes};
use crate::model::*;
use crate::tags::normalize_tag;
use crate::text::{self, now_rfc3339};
use crate::{store, Error, ErrorKind, Result};

/// Which articles to list, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ListOptions {
    pub sort: SortBy,
    /// Oldest (or A–Z) first when true.
    pub ascending: bool,
    /// Only articles that carry this tag or one of its children, or have a highlight that does.
    pub tag: Option<String>,
}

/// The most articles one page of the list gives.
pub const LIST_MAX_PAGE: u32 = 500;

/// Where a page of the article list starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ListPage {
    /// The position of the page's first row in the list (from 0).
    pub offset: u32,
    /// The article just before the page, as the caller last saw the list: the page is then the
    /// rows that follow it in the order, found by its sort key, and `offset` is only given back.
    /// Unknown to the library (gone for good), it is ignored and `offset` counts.
    #[ts(type = "number | null")]
    pub after: Option<Id>,
    /// How many rows (1 to [`LIST_MAX_PAGE`]).
    pub limit: u32,
}

/// A page of the article list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ArticlePage {
    pub items: Vec<ArticleSummary>,
    /// How many articles the list holds in all.
    pub total: u32,
    /// Where this page starts in the list.
    pub offset: u32,
}

impl Library {
    /// One page of the live articles, filtered and sorted as asked, and how many there are in
    /// all: only the page's rows are read, however large the library (the orders are indexes).
    pub fn list_articles(&self, opts: &ListOptions, page: &ListPage) -> Result<ArticlePage> {
        let tag = match &opts.tag {
            Some(t) => Some(normalize_tag(t)?),
            None => None,
        };
        let query = store::PageQuery {
            tag: tag.as_deref(),
            sort: opts.sort,
            ascending: opts.ascending,
            offset: page.offset,
            after: page.after,
            limit: page.limit.clamp(1, LIST_MAX_PAGE),
        };
        let (items, total) = store::article_page(&self.conn, &query)?;
        Ok(ArticlePage { items, total, offset: page.offset })
    }

    /// The live articles, filtered and sorted as asked.
    pub fn articles(&self, opts: &ListOptions) -> Result<Vec<ArticleSummary>> {
        let tag = match &opts.tag {
            Some(t) => Some(normalize_tag(t)?),
            None => None,
        };
        store::list_articles(&self.conn, tag.as_deref(), opts.sort, opts.ascending)
    }

    /// A live article with its text, passages, highlights and notes.
    pub fn article(&self, id: Id) -> Result<Article> {
        self.load_article(id, true)
    }

    /// An article with or without its text and passages (an export needs only the quotes).
    pub(super) fn load_article(&self, id: Id, with_text: bool) -> Result<Article> {
        let summary = live_article(&self.conn, id)?;
        let passages = if with_text { store::passages(&self.conn, id)? } else { Vec::new() };
        let text = join_passages(&passages);
        let highlights = store::article_highlights(&self.conn, id)?;
        let notes = store::article_notes(&self.conn, id)?;
        let mut article = with_notes(summary, text, passages, highlights, notes);
        article.images = store::article_images(&self.conn, id)?;
        Ok(article)
    }

    /// The format name (`png`, `jpeg`…) and bytes of the stored image whose SHA-256 is `hash`.
    pub fn image(&self, hash: &str) -> Result<(String, Vec<u8>)> {
        store::image_blob(&self.conn, hash)?.ok_or_else(|| {
            Error::new(ErrorKind::NotFound, format!("no image {hash} in the library"))
        })
    }

    /// Records how far the reader has read article `id` (`fraction` of it, 0 to 1; the furthest
    /// point is kept). Reaching the end (1) marks it as read.
    pub fn set_read_progress(&mut self, id: Id, fraction: f64) -> Result<ArticleSummary> {
        if !fraction.is_finite() {
            return Err(Error::invalid("reading progress must be a number from 0 to 1"));
        }
        let tx = self.write()?;
        live_article(&tx, id)?;
        let now = now_rfc3339();
        let read_at = (fraction >= 1.0).then_some(Some(now.as_str()));
        store::set_reading(&tx, id, Some(fraction), read_at)?;
        let summary = live_article(&tx, id)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Marks article `id` as read (now, unless it already was) or as unread (its progress back
    /// to the start).
    pub fn set_read(&mut self, id: Id, read: bool) -> Result<ArticleSummary> {
        let tx = self.write()?;
        live_article(&tx, id)?;
        let now = now_rfc3339();
        store::set_reading(&tx, id, None, Some(read.then_some(now.as_str())))?;
        let summary = live_article(&tx, id)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Changes an article's metadata.
    pub fn set_article_meta(&mut self, id: Id, patch: &ArticleMetaPatch) -> Result<ArticleSummary> {
        let tx = self.write()?;
        let mut meta = live_article(&tx, id)?.meta;
        fn apply(field: &mut Option<String>, value: &Option<String>) {
            if let Some(v) = value {
                let v = text::normalize(v.trim());
                *field = (!v.is_empty()).then_some(v);
            }
        }
        if let Some(t) = &patch.title {
            let t = text::normalize(t.trim());
            if t.is_empty() {
                return Err(Error::invalid("an article's title cannot be empty"));
            }
            meta.title = t;
        }
        apply(&mut meta.author, &patch.author);
        apply(&mut meta.site, &patch.site);
        apply(&mut meta.source, &patch.source);
        apply(&mut meta.url, &patch.url);
        apply(&mut meta.published, &patch.published);
        apply(&mut meta.language, &patch.language);
        store::update_article_meta(&tx, id, &meta, &now_rfc3339())?;
        let summary = live_article(&tx, id)?;
        tx.commit()?;
        Ok(summary)
    }
}
