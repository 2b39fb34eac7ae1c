//! Tests of the Markdown export: full expected files, escaping, YAML round trips, file names and
//! atomic writes.

use super::markdown::{block_quote, escape_line, note_block, obsidian_tag};
use super::*;
use crate::model::*;
use yaml_rust2::{Yaml, YamlLoader};

// ---------------------------------------------------------------------------------------------
// Builders

fn article(id: Id, meta: ArticleMeta, tags: &[&str], paragraphs: &[&str]) -> Article {
    let mut passages = Vec::new();
    let mut start = 0u32;
    for (i, p) in paragraphs.iter().enumerate() {
        let len = p.chars().count() as u32;
        passages.push(Passage {
            ordinal: i as u32,
            kind: PassageKind::Paragraph,
            level: 0,
            start,
            end: start + len,
            text: p.to_string(),
            links: Vec::new(),
        });
        start += len + 1;
    }
    Article {
        summary: ArticleSummary {
            id,
            meta,
            format: "text".into(),
            chars: start.saturating_sub(1),
            highlight_count: 0,
            note_count: 0,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            imported_at: "2024-03-02T08:00:00Z".into(),
            updated_at: "2024-03-02T08:00:00Z".into(),
        },
        text: paragraphs.join("\n"),
        passages,
        highlights: Vec::new(),
        notes: Vec::new(),
    }
}

/// An anchor on the `occurrence`-th (from 0) occurrence of `exact` in the article's text.
fn anchor(a: &Article, exact: &str, status: AnchorStatus) -> Anchor {
    let byte = a.text.find(exact).unwrap_or_else(|| panic!("{exact:?} not in the text"));
    let start = a.text[..byte].chars().count() as u32;
    Anchor {
        start,
        end: start + exact.chars().count() as u32,
        exact: exact.into(),
        prefix: String::new(),
        suffix: String::new(),
        status,
    }
}

fn note(id: Id, article_id: Id, target: NoteTarget, body: &str) -> Note {
    Note {
        id,
        article_id,
        target,
        body: body.into(),
        created_at: "2024-03-03T00:00:00Z".into(),
        updated_at: "2024-03-03T00:00:00Z".into(),
    }
}

fn highlight(a: &Article, id: Id, exact: &str, color: Color, tags: &[&str]) -> Highlight {
    Highlight {
        id,
        article_id: a.summary.id,
        anchor: anchor(a, exact, AnchorStatus::Anchored),
        color,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: None,
        created_at: "2024-03-03T00:00:00Z".into(),
        updated_at: "2024-03-03T00:00:00Z".into(),
    }
}

fn with_note(mut h: Highlight, note_id: Id, body: &str) -> Highlight {
    h.note = Some(note(
        note_id,
        h.article_id,
        NoteTarget::Highlight { highlight_id: h.id },
        body,
    ));
    h
}

fn labels() -> Vec<ColorLabel> {
    vec![
        ColorLabel { color: Color::Yellow, label: "论点".into() },
        ColorLabel { color: Color::Green, label: "证据".into() },
        // Blank: falls back to the default label.
        ColorLabel { color: Color::Blue, label: "  ".into() },
    ]
}

fn chinese_article() -> Article {
    let meta = ArticleMeta {
        title: "大模型的下半场:算力、数据与“能源”".into(),
        author: Some("张三".into()),
        site: Some("光子星球".into()),
        source: Some("pasted".into()),
        url: Some("https://example.com/a?x=1&y=2".into()),
        published: Some("2024-03-01".into()),
        language: Some("zh".into()),
    };
    let mut a = article(
        7,
        meta,
        &["topic/算力", "行业 观察"],
        &[
            "百模大战进入下半场。",
            "算力成本决定了谁能留在牌桌上:训练一次千亿参数模型要花费数千万元。",
            "# 这不是标题,而是正文里的井号。",
            "数据与能源同样关键。",
        ],
    );
    let h1 = highlight(&a, 42, "算力成本决定了谁能留在牌桌上", Color::Yellow, &["topic/算力"]);
    let h1 = with_note(h1, 100, "关键判断。\n\n- 成本\n- 规模");
    // Overlaps h1 and spans two passages.
    let h2 = highlight(
        &a,
        43,
        "训练一次千亿参数模型要花费数千万元。\n# 这不是标题",
        Color::Green,
        &["actor/百度", "figure"],
    );
    let mut orphan = highlight(&a, 44, "数据与能源", Color::Pink, &[]);
    orphan.anchor.exact = "电力是新的石油".into();
    orphan.anchor.status = AnchorStatus::Orphaned;
    let orphan = with_note(orphan, 101, "原文被修改了。");
    a.highlights = vec![h2, h1, orphan];
    let passage = anchor(&a, "百模大战进入下半场。", AnchorStatus::Anchored);
    a.notes = vec![
        note(200, 7, NoteTarget::Article, "总体观点:**算力**是瓶颈。"),
        note(201, 7, NoteTarget::Passage { anchor: passage }, "开篇点题。"),
    ];
    a
}

const CHINESE_EXPECTED: &str = r#"---
title: "大模型的下半场:算力、数据与“能源”"
author: "张三"
site: "光子星球"
source: "pasted"
url: "https://example.com/a?x=1&y=2"
published: "2024-03-01"
language: "zh"
imported: "2024-03-02T08:00:00Z"
tags:
  - "topic/算力"
  - "行业-观察"
zhaji_id: 7
---

# 大模型的下半场:算力、数据与“能源”

## Article note

总体观点:**算力**是瓶颈。

## Highlights

> 算力成本决定了谁能留在牌桌上

^zh-42

**论点** · #topic/算力 · [↗ Zhaji](zhaji://article/7#11-25)

关键判断。

- 成本
- 规模

> 训练一次千亿参数模型要花费数千万元。
>
> \# 这不是标题

^zh-43

**证据** · #actor/百度 #figure · [↗ Zhaji](zhaji://article/7#26-52)

## Margin notes

> 百模大战进入下半场。

^zh-note-201

[↗ Zhaji](zhaji://article/7#0-10)

开篇点题。

## Orphaned highlights

These highlights and notes could not be found in the current text of the article. They are kept here with the text they were made on.

> 电力是新的石油

^zh-44

**counter-argument**

原文被修改了。
"#;

#[test]
fn chinese_article_full_file() {
    let a = chinese_article();
    let md = article_markdown(&a, &labels());
    assert_eq!(md, CHINESE_EXPECTED, "\n--- got ---\n{md}");
}

fn english_article() -> Article {
    let meta = ArticleMeta {
        title: "Small models: \"the\" future?\n#1 *hot* take".into(),
        author: None,
        site: Some("The Verge".into()),
        source: None,
        url: None,
        published: Some("2023".into()),
        language: None,
    };
    let mut a = article(
        3,
        meta,
        &[],
        &[
            "> Not a quote, but text.",
            "1. Not a list either.",
            "---",
            "Costs | Benefits",
            "```rust",
            "Compute is *expensive* and data_sets are [scarce].",
        ],
    );
    let h1 = highlight(&a, 5, "> Not a quote, but text.\n1. Not a list either.\n---", Color::Blue, &[]);
    let h1 = with_note(
        h1,
        50,
        "My take:\n\n1. first\n2. second\n\n```python\nprint('> # not a heading')\n```",
    );
    let h2 = highlight(&a, 6, "Costs | Benefits\n```rust", Color::Purple, &["stance/contra", "big models"]);
    // An unclosed fence would swallow the rest of the file: shown literally instead.
    let h2 = with_note(h2, 51, "```\nunclosed fence");
    let h3 = highlight(&a, 7, "Compute is *expensive* and data_sets are [scarce].", Color::Yellow, &[]);
    a.highlights = vec![h3, h2, h1];
    a
}

const ENGLISH_EXPECTED: &str = r#"---
title: "Small models: \"the\" future?\n#1 *hot* take"
site: "The Verge"
published: "2023"
imported: "2024-03-02T08:00:00Z"
tags: []
zhaji_id: 3
---

# Small models: "the" future? \#1 \*hot\* take

## Highlights

> \> Not a quote, but text.
>
> 1\. Not a list either.
>
> \---

^zh-5

**claim** · [↗ Zhaji](zhaji://article/3#0-50)

My take:

1. first
2. second

```python
print('> # not a heading')
```

> Costs \| Benefits
>
> \`\`\`rust

^zh-6

**figure** · #big-models #stance/contra · [↗ Zhaji](zhaji://article/3#51-75)

````markdown
```
unclosed fence
````

> Compute is \*expensive\* and data\_sets are \[scarce\].

^zh-7

**key point** · [↗ Zhaji](zhaji://article/3#76-126)
"#;

#[test]
fn english_article_full_file() {
    let a = english_article();
    // No labels named: every colour uses its default label.
    let md = article_markdown(&a, &[]);
    assert_eq!(md, ENGLISH_EXPECTED, "\n--- got ---\n{md}");
}

#[test]
fn output_is_deterministic() {
    for a in [chinese_article(), english_article()] {
        let first = article_markdown(&a, &labels());
        let second = article_markdown(&a.clone(), &labels());
        assert_eq!(first.as_bytes(), second.as_bytes());
        // The order highlights and notes arrive in does not matter.
        let mut shuffled = a.clone();
        shuffled.highlights.reverse();
        shuffled.notes.reverse();
        assert_eq!(article_markdown(&shuffled, &labels()), first);
    }
}

#[test]
fn file_has_no_trailing_white_space_and_one_final_newline() {
    for a in [chinese_article(), english_article()] {
        let md = article_markdown(&a, &labels());
        assert!(md.ends_with('\n') && !md.ends_with("\n\n"));
        for line in md.lines() {
            assert_eq!(line, line.trim_end(), "trailing white space in {line:?}");
        }
        assert!(!md.contains("\n\n\n"), "two blank lines in a row");
    }
}
