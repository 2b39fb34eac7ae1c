//! W3C Web Annotation Data Model JSON-LD, out and in.
//!
//! Out: one file per article, an `AnnotationCollection` labelled with the article's title whose
//! `first` is an embedded `AnnotationPage` holding an `Annotation` for each live highlight. Each
//! annotation carries its own `@context` (so it stands alone), is identified by the highlight's
//! `urn:uuid:`, and targets the article (its URL, else `urn:uuid:` of the article) through a
//! `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (code points of the
//! article's text). The motivation is `commenting` when it has a note (a `TextualBody`),
//! `tagging` when it has tags only, `highlighting` otherwise; each tag is a `TextualBody` with
//! purpose `tagging`. The colour is the target's `styleClass` (`yellow`…), defined by the
//! annotation's `CssStylesheet`. A margin note (a note on a passage with no highlight) is an
//! annotation of its own, `commenting`, with the note as its `TextualBody` and no style. The
//! article's own note (on no passage) is a `commenting` annotation whose target is the
//! article's source itself, with no selector.
//!
//! In: a collection (with embedded pages), a page, an annotation, or an array of annotations.
//! An annotation that comments on words and gives them no style is read as a margin note; one
//! that comments on a source with no selector, as the article's note.

use super::{non_empty, Entry};
use crate::model::{Anchor, ArticleSummary, Color, Highlight, Note};
use crate::{Error, Result};
use serde_json::{json, Value};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The CSS colour each highlight colour is painted with in the exported stylesheet.
fn css(color: Color) -> &'static str {
    match color {
        Color::Yellow => "#fde68a",
        Color::Green => "#bbf7d0",
        Color::Blue => "#bfdbfe",
        Color::Pink => "#fbcfe8",
        Color::Purple => "#ddd6fe",
    }
}

/// The `source` an article's annotations target: its URL, else its `urn:uuid:`.
pub fn source_of(article: &ArticleSummary) -> String {
    match article.meta.url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => url.to_owned(),
        None => format!("urn:uuid:{}", article.uuid),
    }
}

/// One highlight (with its note and tags) as an annotation on `source`.
pub fn annotation(source: &str, h: &Highlight) -> Value {
    let note = h.note.as_ref().map(|n| n.body.trim()).filter(|b| !b.is_empty());
    let mut bodies = Vec::new();
    if let Some(body) = note {
        bodies.push(json!({
            "type": "TextualBody",
            "value": body,
            "format": "text/plain",
            "purpose": "commenting",
        }));
    }
    for tag in &h.tags {
        bodies.push(json!({ "type": "TextualBody", "value": tag, "purpose": "tagging" }));
    }
    let motivation = match (note.is_some(), h.tags.is_empty()) {
        (true, _) => "commenting",
        (false, false) => "tagging",
        (false, true) => "highlighting",
    };
    let class = h.color.as_str();
    let mut a = json!({
        "@context": CONTEXT,
        "id": format!("urn:uuid:{}", h.uuid),
        "type": "Annotation",
        "motivation": motivation,
        "created": h.created_at,
        "modified": h.updated_at,
        "stylesheet": {
            "type": "CssStylesheet",
            "value": format!(".{class} {{ background-color: {} }}", css(h.color)),
        },
        "target": {
            "source": source,
            "styleClass": class,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": h.anchor.exact,
                    "prefix": h.anchor.prefix,
                    "suffix": h.anchor.suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": h.anchor.start,
                    "end": h.anchor.end,
                },
            ],
        },
    });
    if !bodies.is_empty() {
        a["body"] = Value::Array(bodies);
    }
    a
}

/// A margin note (a note on a passage, with no highlight) as an annotation on `source`: it
/// comments on the words and gives them no style, which is how it is told from a highlight
/// when it is read back.
pub fn note_annotation(source: &str, note: &Note, anchor: &Anchor) -> Value {
    json!({
        "@context": CONTEXT,
        "id": format!("urn:uuid:{}", note.uuid),
        "type": "Annotation",
        "motivation": "commenting",
        "created": note.created_at,
        "modified": note.updated_at,
        "body": [{
            "type": "TextualBody",
            "value": note.body.trim(),
            "format": "text/plain",
            "purpose": "commenting",
        }],
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": anchor.exact,
                    "prefix": anchor.prefix,
                    "suffix": anchor.suffix,
                },
                { "type": "TextPositionSelector", "start": anchor.start, "end": anchor.end },
            ],
        },
    })
}

/// The article's own note as an annotation on `source`: it comments on the whole article, so
/// its target is the source with no selector.
pub fn article_note_annotation(source: &str, note: &Note) -> Value {
    json!({
        "@context": CONTEXT,
        "id": format!("urn:uuid:{}", note.uuid),
        "type": "Annotation",
        "motivation": "commenting",
        "created": note.created_at,
        "modified": note.updated_at,
        "body": [{
            "type": "TextualBody",
            "value": note.body.trim(),
            "format": "text/plain",
            "purpose": "commenting",
        }],
        "target": source,
    })
}

/// The collection of one article's highlights, margin notes and article notes (see the
/// module's header).
pub fn collection(
    article: &ArticleSummary,
    highlights: &[Highlight],
    margin_notes: &[(Note, Anchor)],
    article_notes: &[Note],
) -> Value {
    let source = source_of(article);
    let items: Vec<Value> = article_notes
        .iter()
        .map(|n| article_note_annotation(&source, n))
        .chain(highlights.iter().map(|h| annotation(&source, h)))
        .chain(margin_notes.iter().map(|(n, a)| note_annotation(&source, n, a)))
        .collect();
    json!({
        "@context": CONTEXT,
        "id": format!("urn:uuid:{}", article.uuid),
        "type": "AnnotationCollection",
        "label": article.meta.title,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

/// Reads the annotations of a Web Annotation JSON-LD file.
pub fn parse(text: &str) -> Result<Vec<Entry>> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("not Web Annotation JSON-LD: {e}")))?;
    let mut out = Vec::new();
    collect(&v, None, &mut out);
    Ok(out)
}

/// Walks collections, pages and arrays down to annotations; `label` is the nearest collection's
/// label (Zhaji writes the article's title there).
fn collect(v: &Value, label: Option<&str>, out: &mut Vec<Entry>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect(i, label, out)),
        Value::Object(o) => match o.get("type").and_then(Value::as_str) {
            Some("AnnotationCollection") => {
                let label = o.get("label").and_then(Value::as_str).or(label);
                if let Some(first) = o.get("first") {
                    collect(first, label, out);
                }
            }
            Some("AnnotationPage") => {
                if let Some(items) = o.get("items") {
                    collect(items, label, out);
                }
                if let Some(next) = o.get("next").filter(|n| n.is_object()) {
                    collect(next, label, out);
                }
            }
            Some("Annotation") => out.extend(annotation_entry(v, label)),
            _ => {}
        },
        _ => {}
    }
}

fn one_or_many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

fn annotation_entry(a: &Value, label: Option<&str>) -> Option<Entry> {
    let s = |v: &Value| v.as_str().and_then(non_empty);
    let mut e = Entry {
        created: a.get("created").and_then(s),
        modified: a.get("modified").and_then(s),
        title: label.and_then(non_empty),
        ..Entry::default()
    };
    let mut notes = Vec::new();
    if let Some(v) = a.get("bodyValue").and_then(s) {
        notes.push(v);
    }
    for body in one_or_many(a.get("body")) {
        let Some(value) = body.get("value").and_then(s) else { continue };
        let purposes = one_or_many(body.get("purpose"));
        if purposes.iter().any(|p| p.as_str() == Some("tagging")) {
            e.tags.push(value);
        } else {
            notes.push(value);
        }
    }
    if !notes.is_empty() {
        e.note = Some(notes.join("\n\n"));
    }
    let target = one_or_many(a.get("target")).into_iter().next()?;
    let source = match target {
        Value::String(iri) => Some(iri.as_str()),
        t => t.get("source").and_then(Value::as_str),
    };
    match source {
        Some(urn) if urn.starts_with("urn:uuid:") => {
            e.article_uuid = non_empty(&urn["urn:uuid:".len()..]);
        }
        Some(url) => e.url = non_empty(url),
        None => {}
    }
    e.color = target.get("styleClass").and_then(s);
    let comments =
        one_or_many(a.get("motivation")).iter().any(|m| m.as_str() == Some("commenting"));
    e.margin_note = comments && e.color.is_none() && a.get("stylesheet").is_none();
    for sel in one_or_many(target.get("selector")) {
        match sel.get("type").and_then(Value::as_str) {
            Some("TextQuoteSelector") => {
                e.quote = sel.get("exact").and_then(Value::as_str).unwrap_or("").to_owned();
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
    e.margin_note &= !e.quote.trim().is_empty() && e.note.is_some();
    e.article_note = comments
        && e.note.is_some()
        && e.quote.trim().is_empty()
        && target.get("selector").is_none();
    (!e.quote.trim().is_empty() || e.note.is_some()).then_some(e)
}
