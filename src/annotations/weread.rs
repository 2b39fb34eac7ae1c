//! 微信读书's note export (the text 复制笔记 / 导出笔记 gives): the book's title (often in
//! 《》), its author, a count line, then chapter headings; each highlight a line starting with
//! `◆ `; a thought (想法) on a highlight `>> ` lines right after it; a thought written on its own a
//! `◆ 2023/04/11发表想法` line, its `>> ` lines, and the passage it was written on after `原文：`.
//!
//! ```text
//! 《大模型时代》
//! 张三
//! 3个笔记
//!
//! 第一章 算力
//!
//! ◆ 算力是新的电力。
//!
//! >> 这个比喻好。
//!
//! ◆ 2023/04/11发表想法
//!
//! >> 数据比算力更难得。
//!
//! 原文：数据是燃料。
//! ```

use super::{non_empty, Entry};

const MARK: &str = "◆";

/// True if the start of a file looks like a 微信读书 export: a `◆ ` line, and a thought (`>> `),
/// a `发表想法` line or the count line (`12个笔记`) — an article that uses ◆ as bullets has none of
/// those.
pub fn looks_like(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim);
    lines.clone().any(|l| l.starts_with(MARK))
        && lines.any(|l| l.starts_with(">>") || l.ends_with("发表想法") || is_count(l))
}

/// The date of a `◆ 2023/04/11发表想法` line, as RFC 3339 midnight UTC; `None` when the line is
/// not one.
fn thought_date(rest: &str) -> Option<Option<String>> {
    let date = rest.strip_suffix("发表想法")?.trim();
    let parsed = chrono::NaiveDate::parse_from_str(date, "%Y/%m/%d")
        .ok()
        .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")));
    Some(parsed)
}

/// Reads the highlights and thoughts of a 微信读书 export.
pub fn parse(text: &str) -> Vec<Entry> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    let title = lines
        .next_if(|l| !l.starts_with(MARK))
        .map(|t| t.trim_start_matches('《').trim_end_matches('》').to_owned());
    let author = lines.next_if(|l| !l.starts_with(MARK) && !is_count(l)).map(str::to_owned);
    let mut entries: Vec<Entry> = Vec::new();
    let mut chapter: Option<String> = None;
    // The entry `>> ` lines add to, and whether it is a standalone thought (waiting for 原文).
    let mut open: Option<(usize, bool)> = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix(MARK) {
            let rest = rest.trim();
            let base = Entry {
                title: title.clone(),
                author: author.clone(),
                location: chapter.clone(),
                ..Entry::default()
            };
            if let Some(date) = thought_date(rest) {
                open = Some((entries.len(), true));
                entries.push(Entry { created: date, ..base });
            } else if let Some(quote) = non_empty(rest) {
                open = Some((entries.len(), false));
                entries.push(Entry { quote, ..base });
            }
        } else if let Some(thought) = line.strip_prefix(">>") {
            let thought = thought.trim();
            match open {
                Some((i, _)) => {
                    let e = &mut entries[i];
                    e.note = Some(match e.note.take() {
                        Some(n) => format!("{n}\n{thought}"),
                        None => thought.to_owned(),
                    });
                }
                None => entries.push(Entry {
                    note: non_empty(thought),
                    title: title.clone(),
                    author: author.clone(),
                    location: chapter.clone(),
                    ..Entry::default()
                }),
            }
        } else if let Some(quote) =
            line.strip_prefix("原文：").or_else(|| line.strip_prefix("原文:"))
        {
            if let Some((i, true)) = open {
                entries[i].quote = quote.trim().to_owned();
            }
            open = None;
        } else if is_count(line) {
            continue;
        } else {
            chapter = Some(line.to_owned());
            open = None;
        }
    }
    entries.retain(|e| !e.quote.is_empty() || e.note.is_some());
    entries
}

/// `12个笔记`: the count line under the author.
fn is_count(line: &str) -> bool {
    line.strip_suffix("个笔记").is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_digit()))
}
