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
    // The shape first (chrono would take `2023-4-1`), then chrono for the calendar.
    let full = match s.len() {
        4 => Some(format!("{s}-01-01")),
        7 => Some(format!("{s}-01")),
        10 => Some(s.to_owned()),
        _ => None,
    };
    let shaped = full.filter(|f| {
        f.bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
    });
    if shaped.is_none_or(|f| chrono::NaiveDate::parse_from_str(&f, "%Y-%m-%d").is_err()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_dates() {
        for good in ["2024-02-29", "2023-04-11", "2023-04", "2023", "", "  "] {
            assert!(date(good).is_ok(), "{good:?}");
        }
        for bad in ["2023-02-29", "2023-13-01", "2023-4-1", "2023年4月11日", "11/04/2023", "x"] {
            assert!(date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn urls_are_http_or_https() {
        for good in ["https://example.com/文章", "HTTP://a.b", ""] {
            assert!(url(good).is_ok(), "{good:?}");
        }
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "https://", "https://a b", "例子"]
        {
            assert!(url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn titles_are_one_line_and_names_plain() {
        assert!(title("大模型 · 算力").is_ok());
        assert!(title("两\n行").is_err());
        assert!(title("回车\r").is_err());
        assert!(plain("a tag", "topic/算力").is_ok());
        let e = plain("a tag", "红\u{1b}[31m").unwrap_err().to_string();
        assert!(e.contains("\\u{1b}") && !e.contains('\u{1b}'), "{e}");
    }
}
