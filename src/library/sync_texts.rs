//! Which text an article shows when devices replaced it at once (see ARCHITECTURE.md, "Sync",
//! "One article, two texts"): a rule every device computes alike from the document alone.

use crate::sync::{article_doc_key, doc, Item, Scalar};
use crate::Result;
use automerge::AutoCommit;

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
