//! Readwise's CSV export: a header row (`Highlight,Book Title,Book Author,Amazon Book ID,Note,
//! Color,Tags,Location Type,Location,Highlighted at,Document tags`), then one highlight a row.
//! Columns are found by their header's name, so an export with more or fewer columns (a `URL`
//! column, say) reads too. Fields may be quoted and hold commas and new lines.

use super::{non_empty, Entry};
use crate::{Error, Result};

/// True if the first line is a Readwise header.
pub fn looks_like(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    first.starts_with("Highlight,") && first.contains("Book Title")
}

/// Reads the highlights of a Readwise CSV file.
pub fn parse(text: &str) -> Result<Vec<Entry>> {
    let bad = |e: csv::Error| Error::invalid(format!("not a Readwise CSV export: {e}"));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(bad)?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let Some(quote_col) = column("Highlight") else {
        return Err(Error::invalid("not a Readwise CSV export: no Highlight column"));
    };
    let cols = [
        column("Book Title"),
        column("Book Author"),
        column("Note"),
        column("Color"),
        column("Tags"),
        column("Location Type"),
        column("Location"),
        column("Highlighted at"),
        column("URL").or_else(|| column("Source URL")),
    ];
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        let get = |c: Option<usize>| c.and_then(|i| record.get(i)).and_then(non_empty);
        let [title, author, note, color, tags, loc_type, loc, at, url] = cols.map(get);
        let Some(quote) = record.get(quote_col).and_then(non_empty) else { continue };
        entries.push(Entry {
            quote,
            note,
            tags: tags.map(|t| t.split(',').filter_map(non_empty).collect()).unwrap_or_default(),
            color,
            created: at.as_deref().and_then(timestamp),
            location: loc.map(|l| match loc_type {
                Some(t) => format!("{} {l}", t.to_lowercase()),
                None => l,
            }),
            title,
            author,
            url,
            ..Entry::default()
        });
    }
    Ok(entries)
}

/// Readwise's `2023-04-11 10:30:00+00:00` (or with a `T`, or no zone: UTC) as RFC 3339.
fn timestamp(s: &str) -> Option<String> {
    let s = s.trim();
    let t = s.replacen(' ', "T", 1);
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(&t) {
        return Some(d.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(&t, fmt) {
            return Some(d.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }
    None
}
