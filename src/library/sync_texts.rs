//! Which text an article shows when devices replaced it at once (see ARCHITECTURE.md, "Sync",
//! "One article, two texts"): a rule every device computes alike from the document alone; and
//! the texts an article has had on any device, for the reader to see.

use super::Library;
use crate::model::Id;
use crate::store::sync as ss;
use crate::sync::{article_doc_key, doc, Item, Scalar};
use crate::{Error, Result};
use automerge::AutoCommit;
use serde::Serialize;

/// A text an article has had on some device, as its document keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedText {
    /// Its content hash.
    pub hash: String,
    /// True if and only if it is the text the article shows here.
    pub current: bool,
    pub text: String,
}

impl Library {
    /// The texts article `id` has had on the devices it syncs with (every text a device wrote
    /// into its document, the one shown here first), so that a text that gave way to another
    /// device's stays within the reader's reach. Refused when the library does not sync; an
    /// article not yet in a document has its current text only.
    pub fn synced_texts(&self, id: Id) -> Result<Vec<SyncedText>> {
        let device = ss::device(&self.conn)?.ok_or_else(super::sync::not_joined)?;
        let text = super::live_text(&self.conn, id)?;
        let (_, hash) = ss::article_uuid_and_hash(&self.conn, id)?
            .ok_or_else(|| Error::not_found(format!("no article {id}")))?;
        let mut out = vec![SyncedText { hash: hash.clone(), current: true, text }];
        let Some((key, true)) = ss::article_doc(&self.conn, id)? else { return Ok(out) };
        let d = doc::load(
            &key,
            ss::doc_bytes(&self.conn, &key)?.as_deref(),
            &doc::actor(&device.device_id)?,
        )?;
        for h in doc::version_hashes(&d)? {
            if h == hash {
                continue;
            }
            if let Some(passages) = super::sync::passages_of(&d, &h)? {
                let text = crate::article::join_passages(&passages);
                out.push(SyncedText { hash: h, current: false, text });
            }
        }
        Ok(out)
    }
}

/// When the document holds several current texts written at once, makes `article` (as read from
/// document `key`) name the one to show, and its length: a replaced text before the first one
/// (an update is never undone by a device that had not updated), then the greatest hash. The
/// other texts stay in the document's versions; highlights anchored in them are re-anchored in
/// the one shown.
pub(super) fn choose_text(d: &AutoCommit, key: &str, article: &mut Item) -> Result<()> {
    let values = doc::article_values(d, "content_hash")?;
    if values.len() < 2 {
        return Ok(());
    }
    let first =
        |h: &str| key == article_doc_key(h) || key.starts_with(&format!("{}:", article_doc_key(h)));
    let mut hashes: Vec<&str> = values.iter().filter_map(Scalar::as_str).collect();
    hashes.sort_by_key(|h| (!first(h), *h));
    let Some(chosen) = hashes.last().map(|h| h.to_string()) else { return Ok(()) };
    let Some(passages) = super::sync::passages_of(d, &chosen)? else { return Ok(()) };
    let chars = crate::article::join_passages(&passages).chars().count();
    article.fields.insert("content_hash".into(), Scalar::Str(chosen));
    article.fields.insert("chars".into(), Scalar::Int(chars as i64));
    Ok(())
}
