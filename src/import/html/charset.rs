//! The encoding of a saved web page, found from its bytes.
//!
//! Order: a byte-order mark; then the charset the page declares (`<meta charset>`,
//! `<meta http-equiv=Content-Type>`, `<?xml encoding>`) in its first 4 KiB; then the project's
//! general detector ([`crate::import::decode`]). A declaration is checked before it is trusted:
//! pages are often re-saved as UTF-8 while keeping `charset=gbk` or `iso-8859-1`, and decoding
//! such a page as declared would garble every non-ASCII character. So when the bytes are valid
//! UTF-8 with non-ASCII content, UTF-8 wins over any other declaration; when the declared
//! encoding finds malformed bytes, detection decides instead.

use crate::import::{decode, Decoded};
use crate::Result;
use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// How far into the page a charset declaration is looked for.
const PRESCAN_BYTES: usize = 4096;

/// Decodes a page's bytes to text; see the module documentation for the rule.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded> {
    if Encoding::for_bom(bytes).is_some() {
        return decode(bytes);
    }
    let Some(declared) = declared_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]) else {
        return decode(bytes);
    };
    let declared = if declared == GBK { GB18030 } else { declared };
    // A page cannot really be UTF-16 without a BOM if its declaration was readable as ASCII.
    let declared = if declared == UTF_16LE || declared == UTF_16BE { UTF_8 } else { declared };
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let has_non_ascii = !bytes.is_ascii();
    if declared == UTF_8 || (utf8_ok && has_non_ascii) {
        let mut d = decode(bytes)?;
        if declared != UTF_8 {
            d.warnings.push(format!(
                "the page says it is {} but its bytes are UTF-8; read as UTF-8",
                declared.name()
            ));
        }
        return Ok(d);
    }
    let (text, had_errors) = declared.decode_without_bom_handling(bytes);
    if had_errors {
        // The declaration is wrong in a way that loses text: let detection choose.
        let mut d = decode(bytes)?;
        if d.encoding != declared.name() {
            d.warnings.push(format!(
                "the page says it is {} but its bytes are not; read as {}",
                declared.name(),
                d.encoding
            ));
        }
        return Ok(d);
    }
    if text.contains('\0') {
        return decode(bytes);
    }
    let name = if declared == GB18030 { "GB18030" } else { declared.name() };
    Ok(Decoded {
        text: crate::text::normalize(&text),
        encoding: name.to_owned(),
        warnings: Vec::new(),
    })
}

/// The encoding named by the first charset declaration in `head`, if it is a known label.
pub fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while i < lower.len() && (lower[i] == b' ' || lower[i] == b'\t') {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len() && (lower[i].is_ascii_alphanumeric() || b"-_:.".contains(&lower[i])) {
            i += 1;
        }
        if let Some(enc) = Encoding::for_label(&lower[start..i]) {
            return Some(enc);
        }
    }
    // `<?xml version="1.0" encoding="…"?>` (XHTML).
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>").unwrap_or(lower.len());
        if let Some(p) = find(&lower[..end], b"encoding=") {
            let rest = &lower[p + 9..end];
            let rest: Vec<u8> =
                rest.iter().copied().skip_while(|b| *b == b'"' || *b == b'\'').collect();
            let label: Vec<u8> = rest
                .iter()
                .copied()
                .take_while(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b))
                .collect();
            return Encoding::for_label(&label);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets() {
        assert_eq!(declared_charset(b"<meta charset=\"GBK\">"), Some(GBK));
        assert_eq!(
            declared_charset(b"<meta http-equiv=Content-Type content='text/html; charset=big5'>"),
            Some(encoding_rs::BIG5)
        );
        assert_eq!(declared_charset(b"<?xml version='1.0' encoding='utf-8'?>"), Some(UTF_8));
        assert_eq!(declared_charset(b"<p>no charset here</p>"), None);
    }

    #[test]
    fn wrong_declaration_still_reads() {
        let page = "<meta charset=\"iso-8859-1\"><p>大模型的算力之争</p>";
        let d = decode_html(page.as_bytes()).unwrap();
        assert!(d.text.contains("大模型的算力之争"));
        assert_eq!(d.encoding, "UTF-8");
        let (gb, _, _) =
            GB18030.encode("<meta charset=\"utf-8\"><p>大模型的算力之争，还有更多的文字。</p>");
        let d = decode_html(&gb).unwrap();
        assert!(d.text.contains("大模型的算力之争"), "{}", d.text);
        let (gb, _, _) = GB18030.encode("<meta charset=\"gb2312\"><p>大模型的算力之争</p>");
        let d = decode_html(&gb).unwrap();
        assert!(d.text.contains("大模型的算力之争"));
        assert_eq!(d.encoding, "GB18030");
    }
}
