//! The query language: words, "phrases", `-exclusions`, `OR`, and filters.
//!
//! A query is parsed into a [`Query`] that the store turns into an FTS5 MATCH expression (built
//! only from tokens that folding produced, so no user text reaches FTS5's own syntax) and SQL
//! filters. Every malformed query gets an [`ErrorKind::InvalidInput`](crate::ErrorKind) message
//! that says what to change.

use super::fold::{segments, Segment};
use crate::model::{Color, ColorLabel, Id};
use crate::{Error, Result};

/// One thing to look for: the segments of a word or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub segments: Vec<Segment>,
    /// `optim*`: the last word is a prefix.
    pub prefix: bool,
}

/// Which groups of results a query asks for (`in:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Groups {
    pub titles: bool,
    pub passages: bool,
    pub highlights: bool,
    pub notes: bool,
}

/// The filters of a query, ready for SQL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Filters {
    /// Each entry is one `tag:` filter (a normalised name); all must hold.
    pub tags: Vec<String>,
    /// Any of these colours.
    pub colors: Vec<Color>,
    /// Any of these articles.
    pub articles: Vec<Id>,
    pub has_note: bool,
    /// Only these groups, when set.
    pub groups: Option<Groups>,
    /// `YYYY-MM-DD`: strictly before this day.
    pub before: Option<String>,
    /// `YYYY-MM-DD`: on or after this day.
    pub after: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.colors.is_empty()
            && self.articles.is_empty()
            && !self.has_note
            && self.before.is_none()
            && self.after.is_none()
    }
}

/// A parsed query: all clauses must match (each clause is one term or several joined by `OR`),
/// none of the exclusions may.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Query {
    pub clauses: Vec<Vec<Term>>,
    pub exclude: Vec<Term>,
    pub filters: Filters,
}

impl Query {
    /// All positive terms, for computing where the matches are.
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.clauses.iter().flatten()
    }

    /// True if and only if the query is filters alone (`tag:topic/算力`, `has:note`): it lists
    /// what they select instead of searching text.
    pub fn filter_only(&self) -> bool {
        self.clauses.is_empty() && self.exclude.is_empty() && self.filters != Filters::default()
    }

    /// The FTS5 MATCH expression, or `None` when there is nothing to look for.
    pub fn fts(&self) -> Option<String> {
        if self.clauses.is_empty() {
            return None;
        }
        let clause = |alts: &Vec<Term>| -> String {
            let parts: Vec<String> = alts.iter().map(term_fts).collect();
            format!("({})", parts.join(" OR "))
        };
        let mut expr = self.clauses.iter().map(clause).collect::<Vec<_>>().join(" AND ");
        for t in &self.exclude {
            expr = format!("({expr}) NOT {}", term_fts(t));
        }
        Some(expr)
    }
}

/// One term as FTS5 syntax: its segments must all match.
fn term_fts(t: &Term) -> String {
    let last = t.segments.len().saturating_sub(1);
    let parts: Vec<String> = t
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| match s {
            Segment::Words(ws) => {
                let star = if t.prefix && i == last { " *" } else { "" };
                format!("t : \"{}\"{star}", ws.join(" "))
            }
            Segment::Cjk(run) if run.len() == 1 => format!("u : \"{}\"", run[0]),
            Segment::Cjk(run) => {
                let pairs: Vec<String> =
                    run.windows(2).map(|w| w.iter().collect::<String>()).collect();
                format!("t : \"{}\"", pairs.join(" "))
            }
        })
        .collect();
    format!("({})", parts.join(" AND "))
}

/// A lexical item of a query.
enum Item {
    Or,
    Term { text: String, quoted: bool, negated: bool },
    Filter { name: &'static str, value: String },
}

const FILTERS: &[&str] = &["tag", "color", "colour", "article", "has", "in", "before", "after"];

/// Parses a query. An empty query gives an empty [`Query`].
#[cfg(test)]
pub(crate) fn parse(input: &str) -> Result<Query> {
    parse_with(input, &[])
}

/// Parses a query whose `color:` filters may also name a colour by the name the user gave it
/// (`color:反驳`), from `labels`.
pub(crate) fn parse_with(input: &str, labels: &[ColorLabel]) -> Result<Query> {
    let items = lex(input)?;
    let mut q = Query::default();
    let mut pending_or = false;
    let mut last_was_term = false;
    let mut has_anything = false;
    for item in items {
        has_anything = true;
        match item {
            Item::Or => {
                if !last_was_term || pending_or {
                    return Err(Error::invalid(
                        "OR must stand between two words or phrases (as in: 芯片 OR chip)",
                    ));
                }
                pending_or = true;
            }
            Item::Term { text, quoted, negated } => {
                let (body, prefix) = match text.strip_suffix('*') {
                    Some(b) if !quoted => (b, true),
                    _ => (text.as_str(), false),
                };
                let term = Term { segments: segments(body), prefix };
                if negated {
                    if pending_or {
                        return Err(Error::invalid(
                            "an excluded word (-word) cannot be part of an OR",
                        ));
                    }
                    if !term.segments.is_empty() {
                        q.exclude.push(term);
                    }
                    last_was_term = false;
                    continue;
                }
                if pending_or {
                    if let Some(clause) = q.clauses.last_mut() {
                        if !term.segments.is_empty() {
                            clause.push(term);
                        }
                    }
                    pending_or = false;
                } else if !term.segments.is_empty() {
                    q.clauses.push(vec![term]);
                }
                last_was_term = true;
            }
            Item::Filter { name, value } => {
                if pending_or {
                    return Err(Error::invalid(format!(
                        "OR must stand between two words or phrases, not before {name}:"
                    )));
                }
                apply_filter(&mut q.filters, name, &value, labels)?;
                last_was_term = false;
            }
        }
    }
    if pending_or {
        return Err(Error::invalid("the query ends with OR: add the word it should offer"));
    }
    q.clauses.retain(|c| !c.is_empty());
    // Filters alone list what they select; exclusions alone would list almost everything.
    if q.clauses.is_empty() && has_anything && !q.exclude.is_empty() {
        return Err(Error::invalid(
            "the query has nothing to look for: add a word, a phrase or a filter (tag:, color:, has:note) besides the exclusions",
        ));
    }
    Ok(q)
}

fn lex(input: &str) -> Result<Vec<Item>> {
    let chars: Vec<char> = input.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        // Read one raw item: up to white space, but through quoted stretches.
        let mut raw = String::new();
        let mut quoted_any = false;
        while i < chars.len() && !chars[i].is_whitespace() {
            if chars[i] == '"' {
                quoted_any = true;
                raw.push('"');
                i += 1;
                let opened = i;
                while i < chars.len() && chars[i] != '"' {
                    raw.push(chars[i]);
                    i += 1;
                }
                if i == chars.len() {
                    let shown: String = chars[opened.saturating_sub(1)..].iter().take(20).collect();
                    return Err(Error::invalid(format!(
                        "a quote is not closed: {shown} (add the closing \")"
                    )));
                }
                raw.push('"');
                i += 1;
            } else {
                raw.push(chars[i]);
                i += 1;
            }
        }
        items.push(item(raw, quoted_any)?);
    }
    Ok(items)
}

fn item(raw: String, quoted: bool) -> Result<Item> {
    if raw == "OR" {
        return Ok(Item::Or);
    }
    if let Some((name, value)) = raw.split_once(':') {
        let lower = name.to_ascii_lowercase();
        if let Some(&known) = FILTERS.iter().find(|f| **f == lower) {
            let value = value.trim_matches('"').trim().to_owned();
            if value.is_empty() {
                return Err(Error::invalid(format!(
                    "{known}: needs a value (as in {})",
                    example(known)
                )));
            }
            return Ok(Item::Filter { name: known, value });
        }
    }
    let (negated, body) = match raw.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
        _ => (false, raw),
    };
    let is_phrase = quoted && body.starts_with('"') && body.ends_with('"');
    let text = if quoted { body.replace('"', " ") } else { body };
    Ok(Item::Term { text, quoted: is_phrase, negated })
}

fn example(filter: &str) -> &'static str {
    match filter {
        "tag" => "tag:topic/算力",
        "color" | "colour" => "color:yellow",
        "article" => "article:12",
        "has" => "has:note",
        "in" => "in:highlights",
        _ => "before:2025-01-31",
    }
}

fn apply_filter(f: &mut Filters, name: &str, value: &str, labels: &[ColorLabel]) -> Result<()> {
    match name {
        "tag" => f.tags.push(crate::tags::normalize_tag(value)?),
        "color" | "colour" => {
            let c = Color::parse_named(value, labels).ok_or_else(|| {
                Error::invalid(format!(
                    "color:{value} is not a colour: use yellow, green, blue, pink, purple, 1–5 or a colour's name"
                ))
            })?;
            f.colors.push(c);
        }
        "article" => {
            let id = value.parse::<Id>().ok().filter(|&id| id > 0).ok_or_else(|| {
                Error::invalid(format!(
                    "article:{value} is not an article number (as in article:12)"
                ))
            })?;
            f.articles.push(id);
        }
        "has" => match value.to_ascii_lowercase().as_str() {
            "note" | "notes" => f.has_note = true,
            _ => return Err(Error::invalid(format!("has:{value} is not known: use has:note"))),
        },
        "in" => {
            let g = f.groups.get_or_insert_with(Groups::default);
            match value.to_ascii_lowercase().as_str() {
                "highlights" | "highlight" => g.highlights = true,
                "notes" | "note" => g.notes = true,
                "articles" | "article" => {
                    g.titles = true;
                    g.passages = true;
                }
                "passages" | "passage" => g.passages = true,
                "titles" | "title" => g.titles = true,
                _ => {
                    return Err(Error::invalid(format!(
                        "in:{value} is not known: use in:highlights, in:notes or in:articles"
                    )))
                }
            }
        }
        "before" | "after" => {
            let d = parse_date(value).ok_or_else(|| {
                Error::invalid(format!("{name}:{value} is not a date: write it as YYYY-MM-DD"))
            })?;
            if name == "before" {
                f.before = Some(d);
            } else {
                f.after = Some(d);
            }
        }
        _ => return Err(Error::internal(format!("unhandled filter {name}"))),
    }
    Ok(())
}

/// Accepts `YYYY-MM-DD` (exactly that shape) naming a real day.
fn parse_date(s: &str) -> Option<String> {
    let shaped = s.len() == 10
        && s.bytes()
            .enumerate()
            .all(|(i, c)| if i == 4 || i == 7 { c == b'-' } else { c.is_ascii_digit() });
    (shaped && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_fts_for_words_cjk_or_and_not() {
        let q = parse("算力 GPT-3 OR optim* -的 钱").unwrap();
        assert_eq!(
            q.fts().unwrap(),
            "(((t : \"算力\")) AND ((t : \"gpt 3\") OR (t : \"optim\" *)) AND ((u : \"钱\"))) NOT (u : \"的\")"
        );
    }

    #[test]
    fn refuses_malformed_queries() {
        for bad in [
            "OR x",
            "x OR",
            "a OR OR b",
            "\"open",
            "-x",
            "tag:",
            "color:teal",
            "in:x",
            "before:2024-02-30",
            "before:2023-02-29",
            "after:2024-13-01",
            "after:2024-4-1",
            "before:二〇二四年",
            "article:abc",
            "has:tags",
            "-x tag:x",
            "x OR -y",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{bad}");
        }
        assert!(parse("").unwrap().fts().is_none());
        assert!(!parse("").unwrap().filter_only());
        assert!(parse("https://example.com").is_ok());
        assert!(parse("算力 before:2024-02-29 after:2000-02-29").is_ok());
    }

    #[test]
    fn filters_alone_list_what_they_select() {
        for q in ["tag:topic/算力", "has:note", "color:blue", "in:highlights after:2025-01-01"] {
            let q = parse(q).unwrap();
            assert!(q.filter_only());
            assert!(q.fts().is_none());
        }
        assert!(!parse("算力 tag:topic").unwrap().filter_only());
    }

    #[test]
    fn a_colour_is_also_found_by_its_given_name() {
        let labels = [ColorLabel { color: Color::Pink, label: "反驳".into() }];
        let q = parse_with("color:反驳", &labels).unwrap();
        assert_eq!(q.filters.colors, vec![Color::Pink]);
        assert!(parse_with("color:赞成", &labels).is_err());
        assert_eq!(parse_with("color:BLUE", &labels).unwrap().filters.colors, vec![Color::Blue]);
        // A colour named by default answers to its Chinese name too, as the interface shows it.
        let defaults: Vec<ColorLabel> = Color::ALL
            .into_iter()
            .map(|color| ColorLabel { color, label: color.default_label().into() })
            .collect();
        assert_eq!(parse_with("color:反驳", &defaults).unwrap().filters.colors, vec![Color::Pink]);
        assert_eq!(
            parse_with("color:counter-argument", &defaults).unwrap().filters.colors,
            vec![Color::Pink]
        );
    }
}
