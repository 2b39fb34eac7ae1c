//! What an image's bytes are: the format, sniffed from the bytes (never from a name or a header
//! a server sent), the size, read from the file's headers without decoding a pixel, and whether it
//! may be kept at all (limits against decompression bombs; SVG only without script or anything
//! that reaches outside the file).

use sha2::{Digest, Sha256};

/// An image may be at most this large (bytes): far above any picture in an article.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// … and hold at most this many pixels. A long 公众号 image 1080 px wide and 70 000 px high
/// (76 MP) still fits; a 10 000 × 10 000 bomb, which a browser would decode into 400 MB, does not.
pub const MAX_PIXELS: u64 = 80_000_000;
/// An image this narrow or this low (in pixels, on either side) is a spacer or a tracking pixel,
/// dropped. A real picture is never dropped for being small otherwise (an icon of 16 px stays).
pub const SPACER_SIDE: u32 = 2;

/// The formats kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Avif,
    Svg,
}

impl Format {
    /// The name stored and shown (`png`, `jpeg`…), also the file extension used on export.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Avif => "avif",
            Format::Svg => "svg",
        }
    }

    /// The media type to serve it as.
    pub fn mime(name: &str) -> &'static str {
        match name {
            "png" => "image/png",
            "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "avif" => "image/avif",
            "svg" => "image/svg+xml",
            _ => "application/octet-stream",
        }
    }

    /// The file extension for a stored format name (`jpeg` is written `.jpg`).
    pub fn extension(name: &str) -> &'static str {
        match name {
            "png" => "png",
            "jpeg" => "jpg",
            "gif" => "gif",
            "webp" => "webp",
            "avif" => "avif",
            "svg" => "svg",
            _ => "bin",
        }
    }
}

/// An image fit to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// SHA-256 of `data`, lowercase hex.
    pub hash: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// What checking some bytes found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    Keep(Image),
    /// A spacer or tracking pixel (see [`SPACER_SIDE`]).
    Spacer,
}

/// Checks bytes that claim to be an image: refuses what is not one of the kept formats, what is
/// over the limits and an unsafe SVG; gives the image, or says it is a spacer.
pub fn check(data: Vec<u8>) -> Result<Checked, String> {
    if data.is_empty() {
        return Err("the image is empty".into());
    }
    if data.len() > MAX_BYTES {
        return Err(format!(
            "the image is too large ({} MB; the limit is {} MB)",
            data.len() / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let (format, width, height) = match raster(&data) {
        Some(found) => found?,
        None => {
            let (w, h) = svg(&data)?;
            (Format::Svg, w, h)
        }
    };
    if width <= SPACER_SIDE || height <= SPACER_SIDE {
        return Ok(Checked::Spacer);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "the image has too many pixels ({width} × {height}; the limit is {} million)",
            MAX_PIXELS / 1_000_000
        ));
    }
    let hash = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
    Ok(Checked::Keep(Image { hash, format, width, height, data }))
}

/// The format and size of a raster image, `None` when the bytes are not one of the kept raster
/// formats, an error when they are but their headers cannot be read.
fn raster(data: &[u8]) -> Option<Result<(Format, u32, u32), String>> {
    use imagesize::{Compression, ImageType};
    let format = match imagesize::image_type(data).ok()? {
        ImageType::Png => Format::Png,
        ImageType::Jpeg => Format::Jpeg,
        ImageType::Gif => Format::Gif,
        ImageType::Webp => Format::Webp,
        ImageType::Heif(Compression::Av1) => Format::Avif,
        _ => return None,
    };
    Some(match imagesize::blob_size(data) {
        Ok(size) => {
            let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            Ok((format, side(size.width), side(size.height)))
        }
        Err(e) => Err(format!("the {} image's headers cannot be read: {e}", format.as_str())),
    })
}

/// The size of an SVG image that is safe to show; an error when the bytes are not an SVG image
/// at all (then: not a supported format) or hold anything unsafe.
///
/// Nothing is rewritten: an SVG is kept byte for byte only when it holds no script, no
/// `foreignObject` (HTML inside), no event attribute (`onload=`), no entity declaration, and no
/// reference outside itself (every `href` a `#fragment`, every `url()` too, no `@import`). The
/// reader shows it through `<img>`, where scripts never run anyway; the check keeps a file that
/// someone opens from an export just as harmless.
fn svg(data: &[u8]) -> Result<(u32, u32), String> {
    let unsupported = || "not an image in a supported format (PNG, JPEG, GIF, WebP, AVIF, SVG)";
    let text = std::str::from_utf8(data).map_err(|_| unsupported().to_owned())?;
    let text = text.trim_start_matches('\u{feff}');
    let lower = text.to_ascii_lowercase();
    let Some(root) = lower.find("<svg") else { return Err(unsupported().into()) };
    // Only a prologue (XML declaration, comments, a doctype) may come before the root.
    let prologue = lower[..root].trim();
    let prologue_ok = ["<?xml", "<!--", "<!doctype"].iter().any(|p| prologue.starts_with(p));
    if !(prologue.is_empty() || prologue_ok) {
        return Err(unsupported().into());
    }
    let refuse = |why: &str| Err(format!("the SVG image was refused: it {why}"));
    if lower.contains("<script") {
        return refuse("holds a script");
    }
    if lower.contains("foreignobject") {
        return refuse("holds HTML (foreignObject)");
    }
    if lower.contains("<!entity") {
        return refuse("declares entities");
    }
    if lower.contains("@import") || lower.contains("javascript:") {
        return refuse("refers to outside resources");
    }
    if has_event_attribute(&lower) {
        return refuse("holds an event handler attribute");
    }
    if outside_references(&lower) {
        return refuse("refers to outside resources");
    }
    Ok(svg_size(&text[root..]))
}

/// True when some tag has an `on…=` attribute.
fn has_event_attribute(lower: &str) -> bool {
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(at) = lower[i..].find("on") {
        let p = i + at;
        let before_ok = p > 0 && b[p - 1].is_ascii_whitespace();
        let mut q = p + 2;
        while q < b.len() && (b[q].is_ascii_alphabetic() || b[q] == b'-') {
            q += 1;
        }
        while q < b.len() && b[q].is_ascii_whitespace() {
            q += 1;
        }
        if before_ok && q > p + 2 && q < b.len() && b[q] == b'=' {
            return true;
        }
        i = p + 2;
    }
    false
}

/// True when an `href` or a `url(…)` points anywhere but into the file itself (`#id`).
fn outside_references(lower: &str) -> bool {
    let value_after = |s: &str| -> String {
        let s = s.trim_start();
        let s = s.strip_prefix(['"', '\'']).unwrap_or(s);
        s.trim_start().chars().take(1).collect()
    };
    for (i, _) in lower.match_indices("href") {
        let rest = lower[i + 4..].trim_start();
        if let Some(v) = rest.strip_prefix('=') {
            if value_after(v) != "#" {
                return true;
            }
        }
    }
    for (i, _) in lower.match_indices("url(") {
        if value_after(&lower[i + 4..]) != "#" {
            return true;
        }
    }
    false
}

/// The size an SVG is drawn at: its root's `width` and `height` in pixels, else its `viewBox`,
/// else the 300 × 150 a browser gives an image of no size.
fn svg_size(from_root: &str) -> (u32, u32) {
    let tag = from_root.split('>').next().unwrap_or("");
    let attr = |name: &str| -> Option<&str> {
        let mut search = 0;
        while let Some(at) = tag[search..].find(name) {
            let p = search + at;
            search = p + name.len();
            let before = tag[..p].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = tag[p + name.len()..].trim_start().strip_prefix('=')?.trim_start();
            let quote = rest.chars().next()?;
            let body = rest.get(1..)?;
            return body.split(quote).next();
        }
        None
    };
    let px = |v: &str| -> Option<f64> {
        let v = v.trim();
        let n = v.strip_suffix("px").unwrap_or(v);
        n.parse::<f64>().ok().filter(|x| x.is_finite() && *x > 0.0)
    };
    let round = |x: f64| x.round().min(f64::from(u32::MAX)) as u32;
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return (round(w), round(h));
    }
    if let Some(vb) = attr("viewBox").or_else(|| attr("viewbox")) {
        let nums: Vec<f64> = vb
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        if let [_, _, w, h] = nums[..] {
            if w > 0.0 && h > 0.0 {
                return (round(w), round(h));
            }
        }
    }
    (300, 150)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG's signature and header, enough for its size to be read.
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&width.to_be_bytes());
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn formats_are_sniffed_from_the_bytes() {
        let Checked::Keep(img) = check(png(640, 480)).unwrap() else { panic!("dropped") };
        assert_eq!((img.format, img.width, img.height), (Format::Png, 640, 480));
        assert_eq!(img.hash.len(), 64);
        let gif = b"GIF89a\x20\x00\x10\x00\x00\x00\x00".to_vec();
        let Checked::Keep(img) = check(gif).unwrap() else { panic!("dropped") };
        assert_eq!((img.format, img.width, img.height), (Format::Gif, 32, 16));
        assert!(check(
            b"<html><body>404 \xe6\x9c\xaa\xe6\x89\xbe\xe5\x88\xb0</body></html>".to_vec()
        )
        .unwrap_err()
        .contains("not an image"));
        assert!(check(Vec::new()).is_err());
    }

    #[test]
    fn spacers_are_dropped_and_small_pictures_kept() {
        assert_eq!(check(png(1, 1)).unwrap(), Checked::Spacer);
        assert_eq!(check(png(600, 2)).unwrap(), Checked::Spacer);
        assert!(matches!(check(png(3, 3)).unwrap(), Checked::Keep(_)));
        assert!(matches!(check(png(16, 16)).unwrap(), Checked::Keep(_)));
    }

    #[test]
    fn bombs_and_huge_files_are_refused_without_decoding() {
        assert!(check(png(10_000, 10_000)).unwrap_err().contains("too many pixels"));
        let mut big = png(100, 100);
        big.resize(MAX_BYTES + 1, 0);
        assert!(check(big).unwrap_err().contains("too large"));
    }

    #[test]
    fn svg_is_kept_only_when_harmless() {
        let ok = r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/><text>算力</text></svg>"##;
        let Checked::Keep(img) = check(ok.as_bytes().to_vec()).unwrap() else { panic!() };
        assert_eq!((img.format, img.width, img.height), (Format::Svg, 120, 80));
        let vb = r#"<svg viewBox="0 0 640 360"><path d="M0 0"/></svg>"#;
        let Checked::Keep(img) = check(vb.as_bytes().to_vec()).unwrap() else { panic!() };
        assert_eq!((img.width, img.height), (640, 360));
        for bad in [
            r#"<svg width="9" height="9"><script>alert(1)</script></svg>"#,
            r#"<svg width="9" height="9" onload="alert(1)"></svg>"#,
            r#"<svg width="9" height="9"><foreignObject><p>x</p></foreignObject></svg>"#,
            r#"<svg width="9" height="9"><image href="https://tracker.example/p.png"/></svg>"#,
            r#"<svg width="9" height="9"><image xlink:href = 'file:///etc/passwd'/></svg>"#,
            r#"<svg width="9" height="9"><rect style="fill:url(https://a.b/c)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg width="9" height="9"></svg>"#,
        ] {
            assert!(check(bad.as_bytes().to_vec()).unwrap_err().contains("refused"), "{bad}");
        }
        // Words that merely contain "on" are not event attributes.
        let words =
            r#"<svg width="9" height="9"><text font-family="mono" class="icon">onion</text></svg>"#;
        assert!(matches!(check(words.as_bytes().to_vec()).unwrap(), Checked::Keep(_)));
    }
}
