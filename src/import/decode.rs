//! From bytes to text: finding the encoding, replacing (and reporting) invalid bytes, refusing
//! binary files.
//!
//! The rule for choosing an encoding, in order:
//! 1. A byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE.
//! 2. Bytes that are valid UTF-8 are UTF-8.
//! 3. Bytes that are *mostly* valid UTF-8 stay UTF-8, with the invalid bytes replaced by U+FFFD and
//!    reported: "mostly" means at least [`UTF8_VALID_PER_ERROR`] valid multi-byte characters for each
//!    invalid sequence. A legacy encoding (GB18030, Big5, Shift_JIS) almost never forms valid
//!    multi-byte UTF-8 by accident, so its ratio is far below that; a UTF-8 file with a few damaged
//!    bytes is far above it. Guessing another encoding for such a file would garble every
//!    character in it instead of a handful.
//! 4. Otherwise chardetng guesses among the legacy encodings (it recognises GB18030 where naive
//!    sniffers see ISO-8859). A GBK guess is decoded as GB18030, its superset.
//!
//! NUL bytes (outside UTF-16) or a text that is mostly control characters mean the file is not a
//! text document at all.

use crate::{Error, Result};
use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_8};

/// Valid multi-byte UTF-8 characters needed per invalid sequence for bytes to be read as UTF-8
/// with errors rather than as another encoding (see the module documentation).
pub const UTF8_VALID_PER_ERROR: usize = 8;

/// At most this many places of invalid bytes are listed in a warning; the rest are counted.
const MAX_PLACES_LISTED: usize = 10;

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, NFC-normalised, with CRLF and lone CR turned into LF; a BOM is removed.
    pub text: String,
    /// The encoding's name as encoding_rs spells it (`UTF-8`, `GB18030`, `UTF-16LE`, `Big5`…).
    pub encoding: String,
    /// Things the user should know, such as replaced invalid bytes with their places.
    pub warnings: Vec<String>,
}

/// One run of invalid bytes that became one or more U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BadPlace {
    /// Offset of the first invalid byte in the input (BOM included).
    byte: usize,
    /// Number of invalid bytes in the run.
    bytes: usize,
    /// Number of U+FFFD the run became.
    replacements: usize,
    /// The 1-based line the run is on.
    line: usize,
}

/// Decodes `bytes` into text, choosing the encoding by the rule in the module documentation.
///
/// Fails with "not a text document" for binary data; a caller puts the file's name in front.
/// Invalid bytes never fail: they become U+FFFD and a warning says how many and where.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    let (encoding, bom_len): (&'static Encoding, usize) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => {
            if bytes.contains(&0) {
                return Err(not_text());
            }
            (choose_encoding(bytes), 0)
        }
    };
    let (raw, places) = decode_reporting(encoding, &bytes[bom_len..], bom_len);
    if looks_binary(&raw) {
        return Err(not_text());
    }
    let mut warnings = Vec::new();
    if !places.is_empty() {
        warnings.push(describe_places(&places, display_name(encoding)));
    }
    Ok(Decoded {
        text: crate::text::normalize(&raw),
        encoding: display_name(encoding).to_owned(),
        warnings,
    })
}

/// The name people know an encoding by: encoding_rs says `gb18030`, readers expect `GB18030`.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 || encoding == GBK {
        "GB18030"
    } else {
        encoding.name()
    }
}

fn not_text() -> Error {
    Error::invalid("not a text document")
}

/// Picks the encoding of bytes that carry no BOM (steps 2 to 4 of the module's rule).
fn choose_encoding(bytes: &[u8]) -> &'static Encoding {
    let (valid_multibyte, errors) = utf8_census(bytes);
    if errors == 0 || valid_multibyte >= errors.saturating_mul(UTF8_VALID_PER_ERROR) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // GBK as a guess means "Simplified Chinese"; GB18030 decodes everything GBK does and more.
    if guess == GBK {
        GB18030
    } else {
        guess
    }
}

/// Counts the valid multi-byte characters and the invalid sequences of `bytes` read as UTF-8.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let mut valid_multibyte = 0;
    let mut errors = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                return (valid_multibyte, errors);
            }
            Err(e) => {
                let good = e.valid_up_to();
                // The prefix is valid by construction; count its non-ASCII characters.
                if let Ok(s) = std::str::from_utf8(&bytes[..good]) {
                    valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                }
                errors += 1;
                let skip = e.error_len().unwrap_or(bytes.len() - good);
                bytes = &bytes[(good + skip).min(bytes.len())..];
            }
        }
    }
}

/// Decodes with `encoding`, replacing each malformed sequence with U+FFFD and remembering where it
/// was. `base` is added to byte offsets (the length of a BOM that was cut off).
fn decode_reporting(
    encoding: &'static Encoding,
    bytes: &[u8],
    base: usize,
) -> (String, Vec<BadPlace>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut pos = 0;
    // (byte offset, byte length, output byte offset) of each malformed sequence.
    let mut bad: Vec<(usize, usize, usize)> = Vec::new();
    loop {
        let need = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
            .unwrap_or(bytes.len() * 3 + 16);
        out.reserve(need.max(4));
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(len, after) => {
                let start = pos.saturating_sub(usize::from(after) + usize::from(len));
                bad.push((start, usize::from(len), out.len()));
                out.push('\u{FFFD}');
            }
        }
    }
    // Group adjacent sequences into places and find their lines in the decoded text.
    let mut places: Vec<BadPlace> = Vec::new();
    let mut line = 1;
    let mut scanned = 0;
    for (start, len, out_at) in bad {
        line += count_line_breaks(&out.as_bytes()[scanned..out_at]);
        scanned = out_at;
        match places.last_mut() {
            Some(p) if p.byte + p.bytes == start + base => {
                p.bytes += len;
                p.replacements += 1;
            }
            _ => places.push(BadPlace { byte: start + base, bytes: len, replacements: 1, line }),
        }
    }
    (out, places)
}

/// Counts line breaks as the normalised text will have them: LF, CRLF and lone CR count once each.
fn count_line_breaks(s: &[u8]) -> usize {
    let mut n = 0;
    for (i, &b) in s.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && s.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// Writes the warning for replaced bytes: how many characters, how many places, and where.
fn describe_places(places: &[BadPlace], encoding: &str) -> String {
    let chars: usize = places.iter().map(|p| p.replacements).sum();
    let bytes: usize = places.iter().map(|p| p.bytes).sum();
    let listed: Vec<String> = places
        .iter()
        .take(MAX_PLACES_LISTED)
        .map(|p| {
            let what =
                if p.bytes == 1 { "1 byte".to_owned() } else { format!("{} bytes", p.bytes) };
            format!("byte {} (line {}, {what})", p.byte, p.line)
        })
        .collect();
    let more = places.len().saturating_sub(MAX_PLACES_LISTED);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!(
        "{bytes} invalid {encoding} byte{} replaced by {chars} replacement character{} (\u{FFFD}) \
         at {} place{}: {}{more}",
        plural(bytes),
        plural(chars),
        places.len(),
        plural(places.len()),
        listed.join(", ")
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// True for decoded text that is not prose: any NUL, or more than one control character in ten.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        if c == '\0' {
            return true;
        }
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    control * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::BIG5;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("算力 compute".as_bytes()).unwrap();
        assert_eq!(d.text, "算力 compute");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.warnings.is_empty());
        let d = decode(b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!(d.text, "hello");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "大模型 LLM\r\n".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("大模型 LLM\n", "UTF-16LE"));
        let d = decode(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("大模型 LLM\n", "UTF-16BE"));
    }

    #[test]
    fn legacy_chinese_and_japanese() {
        let zh = "百模大战：大模型与小模型之争，算力成本与数据决定胜负。".repeat(3);
        let (gb, _, _) = GB18030.encode(&zh);
        let d = decode(&gb).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (zh.as_str(), "GB18030"));
        let tw = "大型語言模型的競爭：算力、資料與晶片，誰掌握人工智慧時代的作業系統。".repeat(3);
        let (b5, _, _) = BIG5.encode(&tw);
        let d = decode(&b5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (tw.as_str(), "Big5"));
        let ja = "大規模言語モデルの開発競争は、計算資源とデータの確保が鍵になっている。".repeat(3);
        let (sj, _, _) = encoding_rs::SHIFT_JIS.encode(&ja);
        let d = decode(&sj).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (ja.as_str(), "Shift_JIS"));
    }

    #[test]
    fn mostly_valid_utf8_stays_utf8_and_reports_places() {
        let mut bytes = "第一行中文内容。\n第二行".as_bytes().to_vec();
        bytes.extend([0xC0, 0xAF]);
        bytes.extend("中文内容继续写下去。\r\n第三行".as_bytes());
        bytes.push(0xFF);
        bytes.extend("结束。".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text.matches('\u{FFFD}').count(), 3);
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        let w = &d.warnings[0];
        assert!(w.contains("3 replacement characters") && w.contains("at 2 places"), "{w}");
        assert!(w.contains("byte 34 (line 2, 2 bytes)") && w.contains("line 3"), "{w}");
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(decode(b"a\r\nb\rc\n").unwrap().text, "a\nb\nc\n");
    }

    #[test]
    fn binary_is_refused() {
        let e = decode(b"PK\x03\x04\x00\x00binary").unwrap_err();
        assert_eq!(e.message(), "not a text document");
        let ctl: Vec<u8> =
            (1u8..32).filter(|b| !b"\n\r\t\x0c".contains(b)).cycle().take(200).collect();
        assert!(decode(&ctl).is_err());
        assert!(decode(b"plain\x07 text with a bell").is_ok());
    }

    #[test]
    fn latin1_is_not_forced_into_utf8() {
        let d = decode(b"caf\xE9 au lait, na\xEFve r\xE9sum\xE9").unwrap();
        assert_eq!(d.text, "café au lait, naïve résumé");
        assert!(d.warnings.is_empty());
    }
}
