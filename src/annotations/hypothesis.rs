//! Hypothesis's JSON: the rows its API's search answers with (`{"total": n, "rows": [...]}`), or
//! a plain array of them. Each row has `uri`, `text` (the note, Markdown), `tags`, `created`,
//! `updated`, `document.title` (an array) and `target[].selector[]`, where a
//! `TextQuoteSelector` holds the quote and its context and a `TextPositionSelector` its offsets.
//! A row with neither a quote nor a note (a bare page bookmark) is skipped.

use super::{non_empty, Entry};
use crate::{Error, Result};
use serde_json::Value;

/// Reads the annotations of a Hypothesis JSON file.
pub fn parse(text: &str) -> Result<Vec<Entry>> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("not Hypothesis JSON: {e}")))?;
    let rows = match &v {
        Value::Array(rows) => rows.as_slice(),
        Value::Object(o) => match o.get("rows") {
            Some(Value::Array(rows)) => rows.as_slice(),
            _ => std::slice::from_ref(&v),
        },
        _ => return Err(Error::invalid("not Hypothesis JSON: neither rows nor an array")),
    };
    Ok(rows.iter().filter_map(row).collect())
}

fn row(r: &Value) -> Option<Entry> {
    let s = |v: &Value| v.as_str().and_then(non_empty);
    let mut e = Entry {
        note: r.get("text").and_then(s),
        tags: r
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(s).collect())
            .unwrap_or_default(),
        created: r.get("created").and_then(s),
        modified: r.get("updated").and_then(s),
        url: r.get("uri").and_then(s),
        title: r.pointer("/document/title").and_then(|t| match t {
            Value::Array(a) => a.first().and_then(s),
            other => s(other),
        }),
        ..Entry::default()
    };
    let selectors = r
        .get("target")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(|t| t.get("selector"))
        .and_then(Value::as_array);
    for sel in selectors.into_iter().flatten() {
        match sel.get("type").and_then(Value::as_str) {
            Some("TextQuoteSelector") => {
                e.quote = sel.get("exact").and_then(Value::as_str).unwrap_or("").trim().to_owned();
                e.prefix = sel.get("prefix").and_then(Value::as_str).map(str::to_owned);
                e.suffix = sel.get("suffix").and_then(Value::as_str).map(str::to_owned);
            }
            Some("TextPositionSelector") => {
                let n = |k: &str| {
                    sel.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
                };
                if let (Some(a), Some(b)) = (n("start"), n("end")) {
                    e.position = Some((a, b));
                }
            }
            _ => {}
        }
    }
    (!e.quote.is_empty() || e.note.is_some()).then_some(e)
}
