//! Images in the sync folder: an article's image list as its document holds it (one JSON
//! field), and each image's bytes as a file of its own under `<device>/images/`, written once
//! by a device that has them and read by any device that lacks them.
//!
//! An image file is a changes file of one record (see [`folder::encode`]): the same header,
//! length and checksum (so a file still arriving reads as incomplete), sealed with the folder's
//! key when there is one. The record names the image (`image:<SHA-256>`) and holds its bytes;
//! a reader checks the bytes against the SHA-256 it asked for. In an encrypted folder the file
//! is named by a hash keyed with the folder's key, so the folder does not tell which images
//! a library holds.

use super::crypt::Key;
use super::folder::{self, Read, Record};
use crate::model::ArticleImage;
use crate::Result;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The field of an article's document that holds the image list of its text version `hash`:
/// one field per version, so that two devices that replaced the text at once each write their
/// own list, and the list shown is always the one of the text that won.
pub(crate) fn field(hash: &str) -> String {
    format!("images:{hash}")
}
const SUFFIX: &str = ".image";
const NAME_CONTEXT: &[u8] = b"zhaji sync image name";

/// One image of an article's list, as documents hold it: its place (the passage it stands
/// before; its order is its place in the list), its SHA-256, where it came from, and the reason
/// it could not be kept (only when it has no hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Listed {
    position: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    src: String,
    #[serde(default)]
    alt: String,
    #[serde(default)]
    caption: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// An article's image list (in order) as the JSON its document holds: the same list gives the
/// same text on every device, so an unchanged list never makes a change.
pub(crate) fn list_json(images: &[ArticleImage]) -> String {
    let listed: Vec<Listed> = images
        .iter()
        .map(|i| Listed {
            position: i.position,
            hash: i.hash.clone(),
            src: i.src.clone(),
            alt: i.alt.clone(),
            caption: i.caption.clone(),
            error: if i.hash.is_some() { None } else { i.error.clone() },
        })
        .collect();
    serde_json::to_string(&listed).unwrap_or_else(|_| "[]".into())
}

/// The image list a document's JSON describes (`None` when it cannot be read: a newer Zhaji's).
pub(crate) fn parse_list(json: &str) -> Option<Vec<ArticleImage>> {
    let listed: Vec<Listed> = serde_json::from_str(json).ok()?;
    let images = listed
        .into_iter()
        .enumerate()
        .map(|(i, l)| ArticleImage {
            ordinal: u32::try_from(i).unwrap_or(u32::MAX),
            position: l.position,
            error: if l.hash.is_some() { None } else { l.error },
            hash: l.hash,
            format: None,
            bytes: 0,
            width: 0,
            height: 0,
            alt: l.alt,
            caption: l.caption,
            src: l.src,
        })
        .collect();
    Some(images)
}

/// The name of the file of image `hash`: its SHA-256, or in an encrypted folder a hash of it
/// keyed with the folder's key.
pub(crate) fn file_name(hash: &str, key: Option<&Key>) -> String {
    match key {
        None => format!("{hash}{SUFFIX}"),
        Some(key) => {
            let mut h = Sha256::new();
            h.update(NAME_CONTEXT);
            h.update(key.0);
            h.update(hash.as_bytes());
            format!("{}{SUFFIX}", hex(&h.finalize()))
        }
    }
}

fn path(folder: &Path, device: &str, hash: &str, key: Option<&Key>) -> PathBuf {
    folder::device_dir(folder, device).join("images").join(file_name(hash, key))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn record_name(hash: &str) -> String {
    format!("image:{hash}")
}

/// Writes the bytes of image `hash` into device `device`'s folder.
pub(crate) fn write(
    folder: &Path,
    device: &str,
    hash: &str,
    data: &[u8],
    key: Option<&Key>,
) -> Result<()> {
    let path = path(folder, device, hash, key);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| crate::Error::io(dir, "create the sync folder", &e))?;
    }
    let record = Record { doc: record_name(hash), change: data.to_vec() };
    folder::write_whole(&path, &folder::encode(&[record], key)?)
}

/// What a device's folder holds of one image.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// The bytes, whose SHA-256 is the one asked for.
    Bytes(Vec<u8>),
    /// Nothing, or a file still arriving (cut short): looked for again at the next round.
    NotYet,
    /// A whole file whose bytes are not the image asked for.
    Mismatch,
    /// A file of a newer Zhaji, or sealed with another key.
    Unreadable,
}

/// Reads image `hash` from device `device`'s folder.
pub(crate) fn read(folder: &Path, device: &str, hash: &str, key: Option<&Key>) -> Found {
    let Ok(bytes) = std::fs::read(path(folder, device, hash, key)) else { return Found::NotYet };
    decode(&bytes, hash, key)
}

/// What the bytes of an image file hold, checked against `hash`.
pub(crate) fn decode(bytes: &[u8], hash: &str, key: Option<&Key>) -> Found {
    match folder::decode(bytes, key) {
        Read::Records(mut records) => match records.pop() {
            Some(r)
                if records.is_empty()
                    && r.doc == record_name(hash)
                    && hex(&Sha256::digest(&r.change)) == hash =>
            {
                Found::Bytes(r.change)
            }
            _ => Found::Mismatch,
        },
        Read::Incomplete => Found::NotYet,
        Read::Newer | Read::Locked => Found::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(data: &[u8]) -> String {
        hex(&Sha256::digest(data))
    }

    #[test]
    fn an_image_file_reads_back_whole_and_a_cut_or_false_one_does_not() {
        let data = "\u{89}PNG not really, 算力".as_bytes().to_vec();
        let h = hash(&data);
        let key = Key([3; 32]);
        for key in [None, Some(&key)] {
            let record = Record { doc: record_name(&h), change: data.clone() };
            let bytes = folder::encode(&[record], key).unwrap();
            assert_eq!(decode(&bytes, &h, key), Found::Bytes(data.clone()));
            assert_eq!(decode(&bytes[..bytes.len() - 3], &h, key), Found::NotYet);
            let other = hash(b"other");
            assert_eq!(decode(&bytes, &other, key), Found::Mismatch, "named for another image");
            let lying = Record { doc: record_name(&other), change: data.clone() };
            let bytes = folder::encode(&[lying], key).unwrap();
            assert_eq!(decode(&bytes, &other, key), Found::Mismatch, "bytes of another image");
        }
        assert_ne!(file_name(&h, Some(&key)), file_name(&h, None));
        assert!(!file_name(&h, Some(&key)).contains(&h), "the hash stays private");
    }

    #[test]
    fn a_list_reads_back_as_it_was_written() {
        let img = |hash: Option<&str>, error: Option<&str>| ArticleImage {
            ordinal: 0,
            position: 2,
            hash: hash.map(str::to_owned),
            format: None,
            bytes: 0,
            width: 0,
            height: 0,
            alt: "算力图".into(),
            caption: "图一".into(),
            src: "https://example.com/a.png".into(),
            error: error.map(str::to_owned),
        };
        let list = vec![img(Some("ab"), None), img(None, Some("too large"))];
        let json = list_json(&list);
        let back = parse_list(&json).unwrap();
        assert_eq!(back[0], list[0]);
        assert_eq!(back[1], ArticleImage { ordinal: 1, ..list[1].clone() });
        assert_eq!(list_json(&back), json);
        assert_eq!(parse_list("{"), None);
    }
}
