//! Images in a sync round (see ARCHITECTURE.md, "Sync", and `sync::images`): an article's image
//! list goes into its document with its other fields and comes out of it into its rows; each
//! image's bytes are written into this device's folder once, and the bytes of an image a list
//! names but this library lacks are looked for in every device's folder, checked and stored.

use super::sync::SyncReport;
use super::Library;
use crate::images::check::{check, Checked};
use crate::model::Id;
use crate::store::{self, sync_images as si};
use crate::sync::crypt::Key;
use crate::sync::images::{self, Found};
use crate::sync::problem::SyncProblem;
use crate::sync::{doc, folder, ArticleState, Item, Scalar};
use crate::Result;
use automerge::AutoCommit;
use rusqlite::Connection;
use std::path::Path;

impl Library {
    /// Writes into this device's folder the bytes of each image it holds and has not put in the
    /// folder yet (each recorded once written: a crash between the two writes the file again,
    /// which is harmless); gives how many.
    pub(super) fn send_images(
        &mut self,
        folder: &Path,
        own: &str,
        key: Option<&Key>,
    ) -> Result<usize> {
        let unsent = si::unsent_images(&self.conn, own)?;
        for hash in &unsent {
            if let Some((_, data)) = store::image_blob(&self.conn, hash)? {
                images::write(folder, own, hash, &data, key)?;
            }
            let tx = self.write()?;
            si::mark_image_sent(&tx, own, hash)?;
            tx.commit()?;
        }
        Ok(unsent.len())
    }

    /// Takes in the bytes of the images some article names and this library lacks, from the
    /// first device folder that holds them whole and true to their hash; gives how many. One not
    /// there yet, or still arriving, is looked for again at the next round.
    pub(super) fn fetch_images(
        &mut self,
        folder: &Path,
        own: &str,
        key: Option<&Key>,
        report: &mut SyncReport,
    ) -> Result<usize> {
        let missing = si::missing_images(&self.conn)?;
        if missing.is_empty() {
            return Ok(0);
        }
        let devices = folder::devices(folder)?;
        let mut taken = 0;
        for hash in &missing {
            for dev in devices.iter().filter(|d| d.format <= folder::FORMAT) {
                let data = match images::read(folder, &dev.id, hash, key) {
                    Found::Bytes(data) => data,
                    Found::Mismatch => {
                        report.tell(SyncProblem::ImageSkipped {
                            device: dev.name.clone(),
                            image: hash.clone(),
                        });
                        continue;
                    }
                    Found::NotYet | Found::Unreadable => continue,
                };
                let img = match check(data) {
                    Ok(Checked::Keep(img)) if img.hash == *hash => img,
                    Ok(_) | Err(_) => {
                        report.tell(SyncProblem::ImageSkipped {
                            device: dev.name.clone(),
                            image: hash.clone(),
                        });
                        continue;
                    }
                };
                let tx = self.write()?;
                store::insert_blob(
                    &tx,
                    &store::Blob {
                        hash,
                        format: img.format.as_str(),
                        width: img.width,
                        height: img.height,
                        data: &img.data,
                    },
                )?;
                si::mark_image_sent(&tx, own, hash)?;
                tx.commit()?;
                taken += 1;
                break;
            }
        }
        Ok(taken)
    }
}

/// Puts article `id`'s image list into `state`, to be written into its document `doc`; left out
/// when the article has no images and the document never had a list (nothing to say).
pub(super) fn add_image_list(
    conn: &Connection,
    id: Id,
    state: &mut ArticleState,
    doc: &AutoCommit,
) -> Result<()> {
    let Some(hash) = state.article.str("content_hash") else { return Ok(()) };
    let field = images::field(hash);
    let list = si::stored_images(conn, id)?;
    if list.is_empty() && doc::article_field(doc, &field)?.is_none() {
        return Ok(());
    }
    state.article.fields.insert(field, Scalar::Str(images::list_json(&list)));
    Ok(())
}

/// Makes article `id`'s image rows say what its document's list for its current text says
/// (nothing when the document has no list, or one this build cannot read). Images whose bytes
/// are not here yet show as placeholders until a round takes them in.
pub(super) fn project_images(conn: &Connection, id: Id, article: &Item) -> Result<()> {
    let Some(hash) = article.str("content_hash") else { return Ok(()) };
    let Some(list) = article.str(&images::field(hash)).and_then(images::parse_list) else {
        return Ok(());
    };
    if images::list_json(&si::stored_images(conn, id)?) != images::list_json(&list) {
        store::replace_article_images(conn, id, &list)?;
    }
    Ok(())
}
