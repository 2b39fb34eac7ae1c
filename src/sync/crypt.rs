//! End-to-end encryption of what a device writes to the sync folder, which is often a cloud
//! drive: XChaCha20-Poly1305 (a random 24-byte nonce per file, so no counter to keep), the key
//! derived from the reader's passphrase with Argon2id. The folder's `encryption.json` holds the
//! salt, the Argon2 parameters and a check value sealed with the key, so a wrong passphrase is
//! told at once, before anything is written. The key is kept in the library file (which stays
//! on the device); the passphrase is not.

use crate::{Error, Result};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// Argon2id's cost: OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
pub(crate) const M_COST: u32 = 19 * 1024;
pub(crate) const T_COST: u32 = 2;
pub(crate) const P_COST: u32 = 1;
const NONCE: usize = 24;
/// What the check value seals.
const CHECK: &[u8] = b"zhaji sync folder";

/// A 32-byte key.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Key(pub [u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

/// `n` random bytes from the operating system.
pub(crate) fn random(n: usize) -> Result<Vec<u8>> {
    let mut out = vec![0u8; n];
    getrandom::fill(&mut out)
        .map_err(|e| Error::internal(format!("the system gave no random bytes: {e}")))?;
    Ok(out)
}

/// The key of `passphrase` with `salt` and the given Argon2id costs.
pub(crate) fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Key> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|e| {
        Error::invalid(format!("the sync folder's key parameters are invalid: {e}"))
    })?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = [0u8; 32];
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| Error::invalid(format!("cannot derive the sync key: {e}")))?;
    Ok(Key(key))
}

fn cipher(key: &Key) -> Result<XChaCha20Poly1305> {
    XChaCha20Poly1305::new_from_slice(&key.0).map_err(|e| Error::internal(format!("sync key: {e}")))
}

/// `plaintext` sealed: a random nonce, then the ciphertext and its tag.
pub(crate) fn seal(key: &Key, plaintext: &[u8]) -> Result<Vec<u8>> {
    let nonce_bytes = random(NONCE)?;
    let nonce = XNonce::try_from(&nonce_bytes[..])
        .map_err(|_| Error::internal("a nonce of the wrong length"))?;
    let sealed = cipher(key)?
        .encrypt(&nonce, plaintext)
        .map_err(|_| Error::internal("cannot encrypt a sync file"))?;
    let mut out = nonce_bytes;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// What [`seal`] sealed, or `None` when `key` is not the one (or the bytes were altered).
pub(crate) fn open(key: &Key, sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE {
        return None;
    }
    let nonce = XNonce::try_from(&sealed[..NONCE]).ok()?;
    cipher(key).ok()?.decrypt(&nonce, &sealed[NONCE..]).ok()
}

/// The check value a new encrypted folder records.
pub(crate) fn check_value(key: &Key) -> Result<Vec<u8>> {
    seal(key, CHECK)
}

/// Refused unless `key` opens the folder's check value: the one error of a wrong passphrase.
pub(crate) fn verify(key: &Key, check: &[u8], folder: &std::path::Path) -> Result<()> {
    match open(key, check) {
        Some(v) if v == CHECK => Ok(()),
        _ => Err(Error::sync(
            crate::ErrorKind::InvalidInput,
            super::problem::SyncProblem::WrongPassphrase { folder: folder.display().to_string() },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_with_the_key_and_not_with_another() {
        let salt = random(16).unwrap();
        let key = derive("芝麻开门", &salt, 8, 1, 1).unwrap();
        let other = derive("芝麻关门", &salt, 8, 1, 1).unwrap();
        let sealed = seal(&key, "算力的账本".as_bytes()).unwrap();
        assert_eq!(open(&key, &sealed).unwrap(), "算力的账本".as_bytes());
        assert_eq!(open(&other, &sealed), None);
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(open(&key, &altered), None);
        assert_ne!(seal(&key, b"x").unwrap(), seal(&key, b"x").unwrap(), "a fresh nonce each time");
    }
}
