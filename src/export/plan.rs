//! Deciding, before anything is written, what an export does to each file of the folder.
//!
//! The rules that keep the reader's writing safe:
//! - Zhaji's files are recognised by the article's UUID in their front matter, wherever they are
//!   and whatever they are called. Any other file is the reader's and is never written to,
//!   renamed or removed: an article whose name it holds gets another name, and the report says
//!   which file kept the name.
//! - A file of Zhaji's the reader did not change since it was written is replaced by the new
//!   rendering; one the reader changed is merged three ways (see `merge`). Which library wrote
//!   it does not matter: a file still as its stamp says is unedited, and an edited file's stamp
//!   names its base (see `stamp`, and [`base_for`] for the order in which bases are tried).
//! - An article whose file name changes (a new title) has its file moved, merged content and
//!   all, unless the reader renamed the file: then the reader's name stays.
//! - Two files with the same UUID (the reader copied one): the one with the name Zhaji gave it
//!   is the article's; the copy is the reader's.

use super::folder::FolderFile;
use super::merge::{common_lines, merge_three};
use super::names::{name_key, plan_names_avoiding};
use super::stamp;
use crate::model::{ExportStatus, Id};
use std::collections::{BTreeSet, HashMap};

/// An article to export, rendered.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub id: Id,
    pub uuid: String,
    /// The file name stem it would like (see [`super::file_stem`]).
    pub stem: String,
    /// The new rendering ("ours").
    pub text: String,
}

/// What Zhaji last wrote for an article into this folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub file_name: String,
    pub content: String,
}

/// What to do for one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Index into the `Rendered` list.
    pub index: usize,
    /// The file's name after the export.
    pub name: String,
    /// What to write there; equal to `on_disk` when nothing changes.
    pub content: String,
    /// What the target file holds now (`None`: no file of that name).
    pub on_disk: Option<String>,
    /// The article's file under its old name, with its content, to remove once the new one is
    /// written (a move).
    pub moved_from: Option<(String, String)>,
    pub status: ExportStatus,
    /// A file of the reader's that holds the name this article would have had.
    pub name_taken_by: Option<String>,
}

/// The base of the merge of `file` with the new rendering `ours`, given `local`, what this
/// library last wrote for the article, and `kept`, the bases the folder keeps by hash:
/// - a file still as its stamp says is its own base (it is unedited: `ours` replaces it);
/// - an edited file with a stamp: the rendering the stamp names, this library's or the folder's;
/// - an edited file without a stamp (written before stamps, or the reader removed the line):
///   this library's base;
/// - else, none is known: the lines the file and `ours` share stand in (see
///   [`common_lines`]), so that nothing of either side is lost.
pub fn base_for(
    file: &str,
    ours: &str,
    local: Option<&Base>,
    kept: &dyn Fn(&str) -> Option<String>,
) -> String {
    if stamp::is_unedited(file) {
        return file.to_owned();
    }
    let known = match stamp::stated(file) {
        Some(hash) => local
            .filter(|b| stamp::stated(&b.content) == Some(hash))
            .map(|b| b.content.clone())
            .or_else(|| kept(hash)),
        None => local.map(|b| b.content.clone()),
    };
    known.unwrap_or_else(|| common_lines(file, ours))
}

/// Plans the export of `articles` into a folder holding `files`, given the `bases` of the last
/// export into it (keyed by article UUID) and the bases the folder keeps (`kept`, by hash).
pub fn plan(
    articles: &[Rendered],
    files: &[FolderFile],
    bases: &HashMap<String, Base>,
    kept: &dyn Fn(&str) -> Option<String>,
) -> Vec<Action> {
    let by_uuid: HashMap<&str, Vec<&FolderFile>> = files.iter().fold(HashMap::new(), |mut m, f| {
        if let Some(u) = f.uuid.as_deref() {
            m.entry(u).or_default().push(f);
        }
        m
    });
    let by_legacy_id: HashMap<Id, Vec<&FolderFile>> =
        files.iter().filter(|f| f.uuid.is_none()).fold(HashMap::new(), |mut m, f| {
            if let Some(id) = f.legacy_id {
                m.entry(id).or_default().push(f);
            }
            m
        });
    let by_key: HashMap<String, &FolderFile> =
        files.iter().map(|f| (name_key(&f.name), f)).collect();
    // The file each article has now.
    let current: Vec<Option<&FolderFile>> = articles
        .iter()
        .map(|a| {
            let base = bases.get(&a.uuid);
            match by_uuid.get(a.uuid.as_str()) {
                // The one named as this library last wrote it, else the one with the name the
                // article would have (another library wrote it; a copy has another name).
                Some(list) => base
                    .and_then(|b| list.iter().find(|f| f.name == b.file_name))
                    .or_else(|| {
                        let key = name_key(&format!("{}.md", a.stem));
                        list.iter().find(|f| name_key(&f.name) == key)
                    })
                    .or_else(|| list.first())
                    .copied(),
                // A file from before UUIDs: the article's id, and the name it would get.
                None => by_legacy_id.get(&a.id).and_then(|list| {
                    let key = name_key(&format!("{}.md", a.stem));
                    list.iter().find(|f| name_key(&f.name) == key).copied()
                }),
            }
        })
        .collect();
    let zhaji_names: BTreeSet<String> = files
        .iter()
        .filter(|f| f.uuid.is_some())
        .map(|f| name_key(&f.name))
        .chain(current.iter().flatten().map(|f| name_key(&f.name)))
        .collect();
    let taken: BTreeSet<String> = by_key.keys().cloned().collect();
    let own: Vec<Option<String>> = current.iter().map(|c| c.map(|f| name_key(&f.name))).collect();
    let stems: Vec<(Id, String)> = articles.iter().map(|a| (a.id, a.stem.clone())).collect();
    let planned = plan_names_avoiding(&stems, &taken, &own);

    let mut actions = Vec::with_capacity(articles.len());
    for (index, a) in articles.iter().enumerate() {
        let base = bases.get(&a.uuid);
        let plain = name_key(&format!("{}.md", a.stem));
        let name_taken_by = by_key
            .get(&plain)
            .filter(|_| !zhaji_names.contains(&plain) && name_key(&planned[index]) != plain)
            .map(|f| f.name.clone());
        let Some(file) = current[index] else {
            actions.push(Action {
                index,
                name: planned[index].clone(),
                content: a.text.clone(),
                on_disk: None,
                moved_from: None,
                status: ExportStatus::Created,
                name_taken_by,
            });
            continue;
        };
        let base_text = base_for(&file.content, &a.text, base, kept);
        let merged = merge_three(&base_text, &file.content, &a.text);
        let reader_changed = file.content != base_text && file.content != a.text;
        let status = if merged.conflict {
            ExportStatus::Conflicted
        } else if merged.text == file.content {
            ExportStatus::Unchanged
        } else if reader_changed {
            ExportStatus::Merged
        } else {
            ExportStatus::Updated
        };
        // The reader renamed the file: the name stays theirs.
        let renamed_by_reader = base.is_some_and(|b| b.file_name != file.name);
        let name = if renamed_by_reader { file.name.clone() } else { planned[index].clone() };
        if name == file.name {
            actions.push(Action {
                index,
                name,
                content: merged.text,
                on_disk: Some(file.content.clone()),
                moved_from: None,
                status,
                name_taken_by,
            });
        } else {
            actions.push(Action {
                index,
                name,
                content: merged.text,
                on_disk: None,
                moved_from: Some((file.name.clone(), file.content.clone())),
                status: if status == ExportStatus::Unchanged {
                    ExportStatus::Updated
                } else {
                    status
                },
                name_taken_by,
            });
        }
    }
    actions
}
