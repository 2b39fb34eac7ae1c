//! Text primitives: normalisation, code-point offsets and their conversion to UTF-16 and bytes.
//!
//! The core counts offsets in Unicode scalar values (code points). JavaScript strings (and so the
//! DOM) count UTF-16 code units; Rust strings are indexed by bytes. The conversions live here and
//! only here.

use unicode_normalization::UnicodeNormalization;

/// Normalises text as the core stores it: NFC, and CRLF or lone CR turned into LF.
pub fn normalize(text: &str) -> String {
    let lf = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    if unicode_normalization::is_nfc_quick(lf.chars()) == unicode_normalization::IsNormalized::Yes {
        lf
    } else {
        lf.nfc().collect()
    }
}

/// Number of code points in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Byte offset of code point `cp` in `s`, or `None` past its end (`cp == len` gives `s.len()`).
pub fn byte_offset(s: &str, cp: usize) -> Option<usize> {
    if cp == 0 {
        return Some(0);
    }
    let mut seen = 0;
    for (b, _) in s.char_indices() {
        if seen == cp {
            return Some(b);
        }
        seen += 1;
    }
    (seen == cp).then_some(s.len())
}

/// The code points `start..end` of `s`, or `None` when the range is not inside `s`.
pub fn slice_chars(s: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let a = byte_offset(s, start)?;
    let b = a + byte_offset(&s[a..], end - start)?;
    Some(&s[a..b])
}

/// Converts a UTF-16 offset into `s` to a code-point offset. An offset that falls between the two
/// halves of a surrogate pair is rounded down to the character's start; one past the end gives
/// `None`.
pub fn utf16_to_cp(s: &str, utf16: usize) -> Option<usize> {
    let mut units = 0;
    for (i, c) in s.chars().enumerate() {
        if units >= utf16 {
            return Some(i);
        }
        units += c.len_utf16();
        if units > utf16 {
            return Some(i);
        }
    }
    (units == utf16).then(|| s.chars().count())
}

/// Converts a code-point offset into `s` to a UTF-16 offset, or `None` past the end.
pub fn cp_to_utf16(s: &str, cp: usize) -> Option<usize> {
    let mut units = 0;
    let mut chars = s.chars();
    for _ in 0..cp {
        units += chars.next()?.len_utf16();
    }
    Some(units)
}

/// A stable hash of a text, as lowercase hex (SHA-256).
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// True if and only if `c` is a CJK ideograph, kana or Hangul syllable: the characters written
/// without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK Compatibility Ideographs
        | 0x20000..=0x3FFFF   // Extensions B–H, compatibility supplement
    )
}

thread_local! {
    /// Seconds this thread's clock is set ahead of the system's (behind when negative).
    static CLOCK_OFFSET: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// The time every write of the core records (created, modified, trashed, a sync change's time):
/// the system's clock, moved by [`set_clock_offset`] on this thread.
pub fn now() -> std::time::SystemTime {
    let now = std::time::SystemTime::now();
    let offset = CLOCK_OFFSET.with(std::cell::Cell::get);
    let by = std::time::Duration::from_secs(offset.unsigned_abs());
    let moved = if offset >= 0 { now.checked_add(by) } else { now.checked_sub(by) };
    moved.unwrap_or(now)
}

/// Sets this thread's clock `seconds` ahead of the system's (behind when negative; 0, the default,
/// is the system's own). Only for tests of devices whose clocks disagree: several libraries in
/// one test process each take their times from the thread that writes to them.
#[doc(hidden)]
pub fn set_clock_offset(seconds: i64) {
    CLOCK_OFFSET.with(|c| c.set(seconds));
}

/// Current time as RFC 3339 UTC with seconds (`2026-11-28T23:52:11Z`).
pub fn now_rfc3339() -> String {
    let now: chrono::DateTime<chrono::Utc> = now().into();
    now.format(RFC3339_SECONDS).to_string()
}

/// Formats seconds since the Unix epoch as RFC 3339 UTC (the epoch itself for a time chrono
/// cannot represent, hundreds of thousands of years away).
pub fn rfc3339_from_unix(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format(RFC3339_SECONDS)
        .to_string()
}

const RFC3339_SECONDS: &str = "%Y-%m-%dT%H:%M:%SZ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_round_trips_cjk_emoji_and_extension_b() {
        let s = "算力a😀𠮷b";
        // code points:  算 力 a 😀 𠮷 b  -> utf16 units 1 1 1 2 2 1
        let expect = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (5, 7), (6, 8)];
        for (cp, u) in expect {
            assert_eq!(cp_to_utf16(s, cp), Some(u), "cp {cp}");
            assert_eq!(utf16_to_cp(s, u), Some(cp), "utf16 {u}");
        }
        // Inside a surrogate pair rounds down to the character's start.
        assert_eq!(utf16_to_cp(s, 4), Some(3));
        assert_eq!(utf16_to_cp(s, 6), Some(4));
        assert_eq!(utf16_to_cp(s, 9), None);
        assert_eq!(cp_to_utf16(s, 7), None);
    }

    #[test]
    fn slices_by_code_points() {
        let s = "𠮷野家的算力";
        assert_eq!(slice_chars(s, 0, 1), Some("𠮷"));
        assert_eq!(slice_chars(s, 4, 6), Some("算力"));
        assert_eq!(slice_chars(s, 6, 6), Some(""));
        assert_eq!(slice_chars(s, 5, 7), None);
        assert_eq!(slice_chars(s, 3, 2), None);
    }

    #[test]
    fn normalizes_line_endings_and_nfc() {
        assert_eq!(normalize("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalize("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_795_909_931), "2026-11-28T23:52:11Z");
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(-86_400), "1969-12-31T00:00:00Z");
        assert_eq!(now_rfc3339().len(), "2026-11-28T23:52:11Z".len());
    }
}
