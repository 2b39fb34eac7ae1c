//! Values typed on the command line, checked before they reach the library: titles are one
//! line, names and tags hold no control characters (a terminal escape in a tag would be
//! replayed by every `zhaji tags`), dates are real dates, links are http(s).

use anyhow::bail;

/// A title: one line, no control characters.
pub fn title(s: &str) -> anyhow::Result<()> {
    if s.contains(['\n', '\r']) {
        bail!("a title must be one line: {}", excerpt(s));
    }
    plain("a title", s)
}

/// An author, a site, a tag or another short name: no control characters (line breaks
/// included).
pub fn plain(what: &str, s: &str) -> anyhow::Result<()> {
    if s.chars().any(char::is_control) {
        bail!("{what} cannot hold control characters (line breaks, escapes): {}", excerpt(s));
    }
    Ok(())
}

/// A publication date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real one (no 2023-02-30), or empty
/// to clear it.
pub fn date(s: &str) -> anyhow::Result<()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(());
    }
    let full = match s.len() {
        4 => format!("{s}-01-01"),
        7 => format!("{s}-01"),
        _ => s.to_owned(),
    };
    let all_ascii = s.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if !all_ascii || chrono::NaiveDate::parse_from_str(&full, "%Y-%m-%d").is_err() {
        bail!("not a date: {} (use YYYY-MM-DD, YYYY-MM or YYYY)", excerpt(s));
    }
    Ok(())
}

/// A link: `http://` or `https://` and no spaces or control characters, or empty to clear it.
pub fn url(s: &str) -> anyhow::Result<()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(());
    }
    let lower = s.to_ascii_lowercase();
    let host = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    if host.is_none_or(str::is_empty) {
        bail!("a url must start with http:// or https://: {}", excerpt(s));
    }
    if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        bail!("a url cannot hold spaces or control characters: {}", excerpt(s));
    }
    Ok(())
}

/// `s` quoted, its control characters escaped, cut to 40 characters.
fn excerpt(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    let cut = if s.chars().count() > 40 { "…" } else { "" };
    format!("\"{}\"{cut}", short.escape_debug())
}
