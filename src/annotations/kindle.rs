//! Kindle's `My Clippings.txt`: entries separated by `==========` lines, each a title line
//! (`Title (Author)`), a line saying what it is, where and when, a blank line and the text.
//!
//! ```text
//! 大模型时代 (张三)
//! - 您在第 12 页（位置 #170-172）的标注 | 添加于 2023年4月11日星期二 上午10:30:00
//!
//! 算力是新的电力。
//! ==========
//! Deep Reading (Ann Lee)
//! - Your Highlight on page 3 | Location 40-42 | Added on Tuesday, April 11, 2023 10:30:00 AM
//!
//! Attention is the scarce resource.
//! ==========
//! ```
//!
//! A note (`Your Note`, `的笔记`) is written at one location, the end of the highlight it was
//! made on: it becomes that highlight's note. Bookmarks are skipped; an entry written twice
//! (Kindles append again after a re-sync) is read once.

use super::{non_empty, Entry};
use std::collections::HashSet;

const SEPARATOR: &str = "==========";

/// True if the start of a file looks like clippings: a separator line and a Kindle entry line.
pub fn looks_like(head: &str) -> bool {
    head.lines().any(|l| l.trim() == SEPARATOR) && head.lines().any(|l| kind_of(l.trim()).is_some())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Highlight,
    Note,
    Bookmark,
}

/// What an entry's second line says it is.
fn kind_of(line: &str) -> Option<Kind> {
    let line = line.strip_prefix('-')?.trim_start();
    let lower = line.to_lowercase();
    if lower.starts_with("your highlight") || line.contains("的标注") {
        Some(Kind::Highlight)
    } else if lower.starts_with("your note") || line.contains("的笔记") {
        Some(Kind::Note)
    } else if lower.starts_with("your bookmark") || line.contains("的书签") {
        Some(Kind::Bookmark)
    } else {
        None
    }
}

/// The location range on an entry line (`Location 170-172`, `location 172`, `位置 #170-172`).
fn location(line: &str) -> Option<(u32, u32)> {
    let lower = line.to_lowercase();
    let at = lower
        .find("location")
        .map(|i| i + "location".len())
        .or_else(|| lower.find("位置").map(|i| i + "位置".len()))?;
    let rest = lower[at..].trim_start().trim_start_matches('#').trim_start();
    let digits = |s: &str| -> Option<(u32, usize)> {
        let n: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        Some((n.parse().ok()?, n.len()))
    };
    let (start, len) = digits(rest)?;
    let after = &rest[len..];
    let end = after.strip_prefix('-').and_then(digits).map_or(start, |(e, _)| e);
    Some((start, end.max(start)))
}

/// The page on an entry line (`page 12`, `第 12 页`).
fn page(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let rest = if let Some(i) = lower.find("page ") {
        &lower[i + 5..]
    } else {
        let i = lower.find('第')?;
        lower[i + '第'.len_utf8()..].trim_start()
    };
    let n: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    (!n.is_empty()).then_some(n)
}

/// The date after `Added on` / `添加于`, as RFC 3339 (the Kindle's local time taken as UTC).
fn added(line: &str) -> Option<String> {
    if let Some(i) = line.find("Added on") {
        return english_date(line[i + "Added on".len()..].trim());
    }
    let i = line.find("添加于")?;
    chinese_date(line[i + "添加于".len()..].trim())
}

/// `Tuesday, April 11, 2023 10:30:00 AM` (the weekday optional).
fn english_date(s: &str) -> Option<String> {
    let s = match s.split_once(", ") {
        Some((day, rest)) if day.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    for fmt in ["%B %d, %Y %I:%M:%S %p", "%B %d, %Y %H:%M:%S", "%d %B %Y %H:%M:%S"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }
    None
}

/// `2023年4月11日星期二 上午10:30:00`.
fn chinese_date(s: &str) -> Option<String> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    let time = rest.split_whitespace().last()?;
    let (pm, clock) = if let Some(c) = time.strip_prefix("下午") {
        (true, c)
    } else {
        (false, time.strip_prefix("上午").unwrap_or(time))
    };
    let mut parts = clock.split(':').map(|p| p.trim().parse::<u32>().ok());
    let (h, min, sec) = (parts.next()??, parts.next()??, parts.next().flatten().unwrap_or(0));
    let h = match (pm, h) {
        (true, h) if h < 12 => h + 12,
        (false, 12) => 0,
        (_, h) => h,
    };
    let date = chrono::NaiveDate::from_ymd_opt(
        y.trim().parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )?;
    let t = date.and_hms_opt(h, min, sec)?;
    Some(t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The title and author of a title line: `Title (Author)`, the last parenthesis (half- or
/// full-width) being the author.
fn title_author(line: &str) -> (Option<String>, Option<String>) {
    let line = line.trim().trim_start_matches('\u{FEFF}');
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(body) = line.strip_suffix(close) {
            if let Some(i) = body.rfind(open) {
                let author = non_empty(&body[i + open.len_utf8()..]);
                let title = non_empty(&body[..i]);
                if title.is_some() {
                    return (title, author);
                }
            }
        }
    }
    (non_empty(line), None)
}

struct Raw {
    kind: Kind,
    title: Option<String>,
    author: Option<String>,
    loc: Option<(u32, u32)>,
    page: Option<String>,
    created: Option<String>,
    text: String,
}

/// Reads the clippings of a file (its text as [`super::decode`] gives it).
pub fn parse(text: &str) -> Vec<Entry> {
    let mut raws = Vec::new();
    let mut seen = HashSet::new();
    for block in text.split(SEPARATOR) {
        let mut lines = block.lines().skip_while(|l| l.trim().is_empty());
        let (Some(title_line), Some(info)) = (lines.next(), lines.next()) else { continue };
        let Some(kind) = kind_of(info.trim()) else { continue };
        if kind == Kind::Bookmark {
            continue;
        }
        let body: Vec<&str> = lines.collect();
        let text = body.join("\n").trim().to_owned();
        // The same clipping twice (same book, place and words) counts once.
        if !seen.insert((title_line.trim().to_owned(), info.trim().to_owned(), text.clone())) {
            continue;
        }
        let (title, author) = title_author(title_line);
        raws.push(Raw {
            kind,
            title,
            author,
            loc: location(info),
            page: page(info),
            created: added(info),
            text,
        });
    }
    let mut entries: Vec<Entry> = Vec::new();
    // Each highlight's entry index, to give notes to.
    let mut highlights: Vec<(usize, &Raw)> = Vec::new();
    for raw in &raws {
        match raw.kind {
            Kind::Highlight if !raw.text.is_empty() => {
                highlights.push((entries.len(), raw));
                entries.push(Entry {
                    quote: raw.text.clone(),
                    created: raw.created.clone(),
                    location: where_(raw),
                    title: raw.title.clone(),
                    author: raw.author.clone(),
                    ..Entry::default()
                });
            }
            Kind::Note if !raw.text.is_empty() => {
                let owner = raw.loc.and_then(|(at, _)| {
                    let same_book = |h: &&(usize, &Raw)| h.1.title == raw.title;
                    let ends = highlights
                        .iter()
                        .rev()
                        .filter(same_book)
                        .find(|h| h.1.loc.is_some_and(|(_, e)| e == at));
                    ends.or_else(|| {
                        highlights
                            .iter()
                            .rev()
                            .filter(same_book)
                            .find(|h| h.1.loc.is_some_and(|(s, e)| s <= at && at <= e))
                    })
                    .map(|h| h.0)
                });
                match owner {
                    Some(i) => {
                        let e = &mut entries[i];
                        e.note = Some(match e.note.take() {
                            Some(n) => format!("{n}\n\n{}", raw.text),
                            None => raw.text.clone(),
                        });
                    }
                    // A note on no highlight: kept, with no quote.
                    None => entries.push(Entry {
                        note: Some(raw.text.clone()),
                        created: raw.created.clone(),
                        location: where_(raw),
                        title: raw.title.clone(),
                        author: raw.author.clone(),
                        ..Entry::default()
                    }),
                }
            }
            _ => {}
        }
    }
    entries
}

/// The place of a clipping in words: `page 12, location 170-172`.
fn where_(raw: &Raw) -> Option<String> {
    let loc =
        raw.loc.map(
            |(s, e)| {
                if s == e {
                    format!("location {s}")
                } else {
                    format!("location {s}-{e}")
                }
            },
        );
    match (&raw.page, loc) {
        (Some(p), Some(l)) => Some(format!("page {p}, {l}")),
        (Some(p), None) => Some(format!("page {p}")),
        (None, l) => l,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_locales() {
        assert_eq!(
            english_date("Tuesday, April 11, 2023 10:30:00 PM").as_deref(),
            Some("2023-04-11T22:30:00Z")
        );
        assert_eq!(
            chinese_date("2023年4月11日星期二 上午10:30:00").as_deref(),
            Some("2023-04-11T10:30:00Z")
        );
        assert_eq!(
            chinese_date("2023年4月11日星期二 下午3:05:09").as_deref(),
            Some("2023-04-11T15:05:09Z")
        );
    }

    #[test]
    fn locations_and_titles() {
        assert_eq!(
            location("- Your Highlight on page 3 | Location 40-42 | Added on"),
            Some((40, 42))
        );
        assert_eq!(location("- 您在第 12 页（位置 #170-172）的标注 | 添加于"), Some((170, 172)));
        assert_eq!(location("- 您在位置 #172的笔记 | 添加于"), Some((172, 172)));
        assert_eq!(
            title_author("大模型时代 (张三)"),
            (Some("大模型时代".into()), Some("张三".into()))
        );
        assert_eq!(
            title_author("\u{FEFF}算力（李四）"),
            (Some("算力".into()), Some("李四".into()))
        );
        assert_eq!(title_author("No Author"), (Some("No Author".into()), None));
    }
}
