//! Tests of the Markdown export: full expected files, escaping, YAML round trips, file names and
//! atomic writes.

use super::markdown::{block_quote, escape_line, note_block, obsidian_tag, tag_from_obsidian};
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
            uuid: test_uuid(id),
            meta,
            format: "text".into(),
            chars: start.saturating_sub(1),
            highlight_count: 0,
            note_count: 0,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            imported_at: "2024-03-02T08:00:00Z".into(),
            updated_at: "2024-03-02T08:00:00Z".into(),
            excerpt: String::new(),
            read_percent: 0,
            read_at: None,
        },
        text: paragraphs.join("\n"),
        passages,
        highlights: Vec::new(),
        notes: Vec::new(),
        images: Vec::new(),
    }
}

/// A fixed UUID made from a number, so that expected files can spell it.
fn test_uuid(n: Id) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
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
        uuid: test_uuid(100 + id),
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
        uuid: test_uuid(200 + id),
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
    h.note = Some(note(note_id, h.article_id, NoteTarget::Highlight { highlight_id: h.id }, body));
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
  - "行业_20_观察"
zhaji-tags:
  - "topic/算力"
  - "行业 观察"
zhaji_id: 7
zhaji_uuid: "00000000-0000-4000-8000-000000000007"
zhaji_link: "zhaji://article/00000000-0000-4000-8000-000000000007"
---

# 大模型的下半场:算力、数据与“能源”

## Article note

总体观点:**算力**是瓶颈。

## Highlights

> 算力成本决定了谁能留在牌桌上

^zh-42

**论点** · #topic/算力 · [↗ Zhaji](zhaji://highlight/00000000-0000-4000-8000-000000000242)

关键判断。

- 成本
- 规模

> 训练一次千亿参数模型要花费数千万元。
>
> \# 这不是标题

^zh-43

**证据** · #actor/百度 #figure · [↗ Zhaji](zhaji://highlight/00000000-0000-4000-8000-000000000243)

## Margin notes

> 百模大战进入下半场。

^zh-note-201

[↗ Zhaji](zhaji://note/00000000-0000-4000-8000-000000000301)

开篇点题。

## Orphaned highlights

These highlights and notes could not be found in the current text of the article. They are kept here with the text they were made on.

> 电力是新的石油

^zh-44

**counter-argument** · [↗ Zhaji](zhaji://highlight/00000000-0000-4000-8000-000000000244)

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
    let h1 =
        highlight(&a, 5, "> Not a quote, but text.\n1. Not a list either.\n---", Color::Blue, &[]);
    let h1 = with_note(
        h1,
        50,
        "My take:\n\n1. first\n2. second\n\n```python\nprint('> # not a heading')\n```",
    );
    let h2 = highlight(
        &a,
        6,
        "Costs | Benefits\n```rust",
        Color::Purple,
        &["stance/contra", "big models"],
    );
    // An unclosed fence would swallow the rest of the file: shown literally instead.
    let h2 = with_note(h2, 51, "```\nunclosed fence");
    let h3 =
        highlight(&a, 7, "Compute is *expensive* and data_sets are [scarce].", Color::Yellow, &[]);
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
zhaji_uuid: "00000000-0000-4000-8000-000000000003"
zhaji_link: "zhaji://article/00000000-0000-4000-8000-000000000003"
---

# Small models: "the" future? \#1 \*hot\* take

## Highlights

> \> Not a quote, but text.
>
> 1\. Not a list either.
>
> \---

^zh-5

**claim** · [↗ Zhaji](zhaji://highlight/00000000-0000-4000-8000-000000000205)

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

**figure** · #big_20_models #stance/contra · [↗ Zhaji](zhaji://highlight/00000000-0000-4000-8000-000000000206)

````markdown
```
unclosed fence
````

> Compute is \*expensive\* and data\_sets are \[scarce\].

^zh-7

**key point** · [↗ Zhaji](zhaji://highlight/00000000-0000-4000-8000-000000000207)
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

// ---------------------------------------------------------------------------------------------
// YAML front matter

fn front_matter_of(md: &str) -> Yaml {
    let rest = md.strip_prefix("---\n").expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter is closed");
    let docs = YamlLoader::load_from_str(&rest[..end + 1]).expect("front matter is valid YAML");
    assert_eq!(docs.len(), 1);
    docs.into_iter().next().unwrap_or(Yaml::Null)
}

const HOSTILE: &[&str] = &[
    "title: \"x\"",
    "---",
    "# not a comment",
    "a: b",
    ": leading colon",
    "trailing colon:",
    "line one\nline two\r\nline three\rend",
    "@at",
    "*star",
    "&anchor",
    "!tag",
    "%directive",
    "`backtick",
    "|literal",
    ">folded",
    "- dash",
    "? question",
    "[flow, seq]",
    "{flow: map}",
    "null",
    "~",
    "true",
    "no",
    "2023",
    "0x1F",
    "1e3",
    ".inf",
    "2024-03-01",
    "标题:副标题",
    "标题：副标题",
    "“引号”与「引号」",
    "emoji 🤖👩‍💻 and ZWJ",
    "back\\slash \\n not a newline",
    "tab\there",
    "controls \u{0}\u{1}\u{7}\u{1b}\u{7f}\u{85}\u{9f}",
    "separators \u{2028}\u{2029}",
    "bom \u{feff} and \u{fffe}\u{ffff}",
    "  leading and trailing spaces  ",
    "'single' \"double\"",
    "",
];

#[test]
fn yaml_quote_round_trips_hostile_strings() {
    for s in HOSTILE {
        let doc = format!("value: {}\n", super::yaml::quote(s));
        let parsed = YamlLoader::load_from_str(&doc)
            .unwrap_or_else(|e| panic!("{s:?} gave invalid YAML {doc:?}: {e}"));
        assert_eq!(parsed[0]["value"].as_str(), Some(*s), "{doc}");
        assert_eq!(doc.lines().count(), 1, "the scalar stays on one line: {doc:?}");
    }
}

#[test]
fn front_matter_round_trips_hostile_metadata() {
    for (i, s) in HOSTILE.iter().enumerate() {
        let meta = ArticleMeta {
            title: s.to_string(),
            author: Some(format!("{s} author")),
            site: Some(s.to_string()).filter(|s| !s.trim().is_empty()),
            source: Some("C:\\Users\\me\\文章.txt".into()),
            url: Some(format!("https://example.com/?q={s}")),
            published: Some(s.to_string()).filter(|s| !s.trim().is_empty()),
            language: Some("zh".into()),
        };
        let a = article(i as Id + 1, meta.clone(), &["topic/算力", "a b", "2023"], &["正文。"]);
        let md = article_markdown(&a, &[]);
        let y = front_matter_of(&md);
        assert_eq!(y["title"].as_str(), Some(*s));
        assert_eq!(y["author"].as_str(), meta.author.as_deref());
        assert_eq!(y["site"].as_str(), meta.site.as_deref());
        assert_eq!(y["source"].as_str(), meta.source.as_deref());
        assert_eq!(y["url"].as_str(), meta.url.as_deref());
        assert_eq!(y["published"].as_str(), meta.published.as_deref());
        assert_eq!(y["imported"].as_str(), Some("2024-03-02T08:00:00Z"));
        assert_eq!(y["zhaji_id"].as_i64(), Some(i as i64 + 1));
        let tags: Vec<&str> =
            y["tags"].as_vec().unwrap().iter().filter_map(|t| t.as_str()).collect();
        assert_eq!(tags, ["_32_023", "a_20_b", "topic/算力"]);
        let exact: Vec<&str> =
            y["zhaji-tags"].as_vec().unwrap().iter().filter_map(|t| t.as_str()).collect();
        assert_eq!(exact, ["2023", "a b", "topic/算力"]);
        // The heading holds the title on one line.
        let heading = md.lines().find(|l| l.starts_with("# ")).unwrap();
        assert!(!heading.contains('\r'));
        let events: Vec<_> = pulldown_cmark::Parser::new(&md[md.find("\n# ").unwrap()..]).collect();
        assert!(
            matches!(
                events.first(),
                Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. }))
            ),
            "{s:?}"
        );
    }
}

#[test]
fn absent_fields_are_left_out_and_no_tags_is_an_empty_list() {
    let a = article(9, ArticleMeta { title: "t".into(), ..Default::default() }, &[], &["x"]);
    let md = article_markdown(&a, &[]);
    let y = front_matter_of(&md);
    assert!(y["author"].is_badvalue());
    assert_eq!(y["tags"].as_vec().map(|v| v.len()), Some(0));
    assert_eq!(md, "---\ntitle: \"t\"\nimported: \"2024-03-02T08:00:00Z\"\ntags: []\nzhaji_id: 9\nzhaji_uuid: \"00000000-0000-4000-8000-000000000009\"\nzhaji_link: \"zhaji://article/00000000-0000-4000-8000-000000000009\"\n---\n\n# t\n");
}

// ---------------------------------------------------------------------------------------------
// Literal text in block quotes

/// Parses `md` with CommonMark plus the GitHub/Obsidian extensions pulldown-cmark knows, and
/// returns the text of each paragraph of its one block quote, or an error naming the first
/// event that is not plain text (emphasis, a list, a heading, code, a link, HTML, a table…).
fn quoted_paragraphs(md: &str) -> Result<Vec<String>, String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut options = Options::all();
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    let mut paragraphs = Vec::new();
    let mut depth = 0;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::BlockQuote(_)) if depth == 0 => depth = 1,
            Event::End(TagEnd::BlockQuote(_)) if depth == 1 => depth = 0,
            Event::Start(Tag::Paragraph) if depth == 1 => {
                paragraphs.push(String::new());
                depth = 2;
            }
            Event::End(TagEnd::Paragraph) if depth == 2 => depth = 1,
            Event::Text(t) if depth == 2 => paragraphs.last_mut().unwrap().push_str(&t),
            Event::SoftBreak if depth == 2 => paragraphs.last_mut().unwrap().push('\n'),
            other => return Err(format!("{other:?} in {md:?}")),
        }
    }
    Ok(paragraphs)
}

/// What a quote of `text` should show: its non-blank lines, trailing white space dropped,
/// leading white space as no-break spaces.
fn expected_paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(|l| {
            let l: String = l.chars().filter(|c| !c.is_control() || *c == '\t').collect();
            let l = l.trim_end();
            let body = l.trim_start_matches([' ', '\t']);
            let indent: String = l[..l.len() - body.len()]
                .chars()
                .map(|c| if c == '\t' { "\u{a0}".repeat(4) } else { "\u{a0}".into() })
                .collect();
            let body: String = body.chars().filter(|c| !c.is_control() || *c == '\t').collect();
            format!("{indent}{body}")
        })
        .filter(|l| !l.trim().is_empty())
        .collect()
}

const TRICKY_LINES: &[&str] = &[
    "# heading?",
    "###### six",
    "#AI is not a tag",
    "- list",
    "+ list",
    "* list",
    "1. ordered",
    "2) ordered",
    "123456789. long",
    "> nested quote",
    ">> deeper",
    "| a | b |",
    "---",
    "***",
    "___",
    "===",
    "=",
    "```",
    "```rust",
    "~~~",
    "    four spaces of code",
    "\tcode with a tab",
    "<div>html</div>",
    "<!-- comment -->",
    "<https://autolink.example>",
    "[link](https://x.y) and ![img](a.png)",
    "[[wiki link]] and ![[embed]]",
    "[^1]: footnote",
    "*emph* **strong** _under_ __dunder__",
    "~~strike~~ ==mark== %%comment%% $x^2$ $$",
    "`code` and ``more``",
    "&amp; &#123; &copy; AT&T",
    "back\\slash\\",
    "trailing spaces  ",
    "ends with ^block-id",
    "- [ ] task",
    "Chinese：冒号，“引号”，《书名》— 破折号……",
    "算力*成本*与#标签",
    "emoji 🤖👩‍💻",
    "\u{0}nul and \u{7}bell",
];

#[test]
fn block_quote_renders_every_tricky_line_literally() {
    for line in TRICKY_LINES {
        let md = block_quote(line);
        assert!(md.lines().all(|l| l == ">" || l.starts_with("> ")), "{md:?}");
        let got = quoted_paragraphs(&md).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        assert_eq!(got, expected_paragraphs(line), "{line:?} as {md:?}");
    }
}

#[test]
fn block_quote_keeps_paragraphs_of_a_multi_paragraph_highlight() {
    let text = TRICKY_LINES.join("\n");
    let md = block_quote(&text);
    assert!(md.lines().all(|l| l == ">" || l.starts_with("> ")), "{md}");
    let got = quoted_paragraphs(&md).unwrap();
    assert_eq!(got, expected_paragraphs(&text));
    // Blank lines collapse and never leave two `>` lines in a row.
    let md = block_quote("a\n\n\n\nb\r\nc\n");
    assert_eq!(md, "> a\n>\n> b\n>\n> c\n");
    assert_eq!(block_quote(""), ">\n");
    assert_eq!(block_quote("\n \n"), ">\n");
}

#[test]
fn escape_line_examples() {
    assert_eq!(escape_line("# 标题"), "\\# 标题");
    assert_eq!(escape_line("- item"), "\\- item");
    assert_eq!(escape_line("2023. 年"), "2023\\. 年");
    assert_eq!(escape_line("2023年"), "2023年");
    assert_eq!(escape_line("a = b == c"), "a = b \\=\\= c");
    assert_eq!(escape_line("AT&T &amp;"), "AT&T \\&amp;");
    assert_eq!(escape_line("  x  "), "\u{a0}\u{a0}x");
    assert_eq!(escape_line("算力：成本"), "算力：成本");
}

// ---------------------------------------------------------------------------------------------
// Notes and tags

#[test]
fn notes_stay_markdown_when_self_contained() {
    let body = "- a\n- b\n\n```\ncode\n```\n\n> quoted\n\n| x | y |\n|---|---|\n| 1 | 2 |";
    assert_eq!(note_block(body).as_deref(), Some(format!("{body}\n").as_str()));
    assert_eq!(note_block("\n\n  text  \r\n\n").as_deref(), Some("  text\n"));
    assert_eq!(note_block("line  \nnext").as_deref(), Some("line  \nnext\n"));
    assert_eq!(note_block(" \n\t\n"), None);
}

#[test]
fn notes_that_would_swallow_the_file_are_shown_literally() {
    for body in [
        "```\nunclosed",
        "~~~\nunclosed",
        "<pre>\nunclosed",
        "<!-- unclosed comment",
        "<script>\nx",
        "%% unclosed Obsidian comment",
        "$$\nunclosed math",
    ] {
        let block = note_block(body).unwrap();
        assert!(block.starts_with("```"), "{body:?} gave {block:?}");
        // The block is closed: a paragraph after it is a paragraph.
        let doc = format!("{block}\nafter\n");
        let last = pulldown_cmark::Parser::new(&doc).last();
        assert!(matches!(
            last,
            Some(pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph))
        ));
    }
    let block = note_block("````\n```").unwrap();
    assert!(block.starts_with("`````markdown\n"), "{block}");
}

#[test]
fn tags_follow_obsidian_rules() {
    assert_eq!(obsidian_tag("topic/算力").as_deref(), Some("topic/算力"));
    assert_eq!(obsidian_tag("观点/争议-中美").as_deref(), Some("观点/争议-中美"));
    assert_eq!(obsidian_tag("big models").as_deref(), Some("big_20_models"));
    assert_eq!(obsidian_tag("AI & chips").as_deref(), Some("AI_20__26__20_chips"));
    assert_eq!(obsidian_tag("观点，争议").as_deref(), Some("观点_ff0c_争议"));
    assert_eq!(obsidian_tag("snake_case").as_deref(), Some("snake__case"));
    assert_eq!(obsidian_tag("C++").as_deref(), Some("C_2b__2b_"));
    assert_eq!(obsidian_tag("a//b/").as_deref(), Some("a_2f__2f_b_2f_"));
    assert_eq!(obsidian_tag("2023").as_deref(), Some("_32_023"));
    assert_eq!(obsidian_tag("🤖").as_deref(), Some("🤖"));
    assert_eq!(obsidian_tag(""), None);
}

/// The collisions of the old escaping (`x,y`, `x]y`, `x#y`, `x^y` all `x-y`; `a: b` and `a b`
/// both `a-b`) are gone, on Chinese names too, and every tag gives its name back.
#[test]
fn distinct_tags_stay_distinct() {
    let names = [
        "x,y",
        "x]y",
        "x#y",
        "x^y",
        "x-y",
        "x_y",
        "x y",
        "a: b",
        "a b",
        "a-b",
        "算力,芯片",
        "算力]芯片",
        "算力#芯片",
        "算力 芯片",
        "算力-芯片",
        "算力/芯片",
        "算力//芯片",
        "_32_",
    ];
    let tags: Vec<String> = names.iter().map(|n| obsidian_tag(n).unwrap()).collect();
    let mut unique = tags.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{tags:?}");
    for (n, t) in names.iter().zip(&tags) {
        assert_eq!(tag_from_obsidian(t).as_deref(), Some(*n));
        assert!(
            t.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/')),
            "{t} is not an Obsidian tag"
        );
    }
}

/// A note can neither forge nor duplicate a block id, in a line of its own or at a line's
/// end; inside code it is left as written.
#[test]
fn notes_cannot_make_block_ids() {
    let a = chinese_article();
    let mut h = highlight(&a, 1, "算力", Color::Yellow, &[]);
    h = with_note(h, 5, "^zh-1\n这里有一个想法 ^zh-note-3\n\n```\n^zh-9\n```\n不是 a^b");
    let mut a2 = a.clone();
    a2.highlights = vec![h];
    a2.notes.clear();
    let md = article_markdown(&a2, &labels());
    let ids: Vec<&str> = md
        .lines()
        .filter(|l| !l.starts_with('\\'))
        .filter_map(|l| l.split_whitespace().last())
        .filter(|w| w.starts_with('^'))
        .collect();
    // The one block id of the file (`^zh-1`), and the one inside the code block.
    assert_eq!(ids, ["^zh-1", "^zh-9"], "{md}");
    assert!(md.contains("\\^zh-1\n这里有一个想法 \\^zh-note-3\n"), "{md}");
    assert!(md.contains("不是 a^b"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// File names

#[test]
fn file_stem_cases() {
    assert_eq!(file_stem("大模型的下半场：算力之争"), "大模型的下半场：算力之争");
    assert_eq!(file_stem("标题:副标题"), "标题-副标题");
    assert_eq!(file_stem("a/b:c*?"), "a-b-c");
    assert_eq!(file_stem("OpenAI: the next step"), "OpenAI the next step");
    assert_eq!(file_stem("<>:\"/\\|?*"), "untitled");
    assert_eq!(file_stem("line one\nline\ttwo\r\n"), "line one line two");
    assert_eq!(file_stem("CON"), "_CON");
    assert_eq!(file_stem("nul"), "_nul");
    assert_eq!(file_stem("com1.txt"), "_com1.txt");
    assert_eq!(file_stem("LPT9 "), "_LPT9");
    assert_eq!(file_stem("CONSOLE"), "CONSOLE");
    assert_eq!(file_stem(""), "untitled");
    assert_eq!(file_stem("   "), "untitled");
    assert_eq!(file_stem("..."), "untitled");
    assert_eq!(file_stem(". . ."), "untitled");
    assert_eq!(file_stem(".hidden"), "hidden");
    assert_eq!(file_stem("trailing dots..."), "trailing dots");
    assert_eq!(file_stem("C# and [wiki] ^id"), "C and wiki id");
    assert_eq!(file_stem("e\u{301}"), "é", "NFC");
}

#[test]
fn file_stem_caps_length_at_a_character_boundary() {
    let long = "a".repeat(300);
    assert_eq!(file_stem(&long).chars().count(), names::MAX_STEM_CHARS);
    // Chinese: 3 bytes each, so the byte cap applies first.
    let chinese = "算".repeat(300);
    let stem = file_stem(&chinese);
    assert!(stem.len() <= names::MAX_STEM_BYTES, "{}", stem.len());
    assert_eq!(stem, "算".repeat(names::MAX_STEM_BYTES / 3));
    // A combining mark is never cut off its letter; a ZWJ sequence is never left dangling.
    let combining = format!("{}e\u{301}\u{302}tail", "a".repeat(99));
    assert_eq!(file_stem(&combining), "a".repeat(99));
    let family = format!("{}👩\u{200d}💻", "a".repeat(98));
    assert_eq!(file_stem(&family), "a".repeat(98));
    // Cutting never leaves a trailing space or dot.
    let spaced = format!("{} .b", "a".repeat(98));
    assert_eq!(file_stem(&spaced), "a".repeat(98));
}

#[test]
fn plan_file_names_disambiguates_collisions() {
    let planned = plan_file_names(&[
        (5, "算力".into()),
        (2, "算力".into()),
        (9, "OpenAI".into()),
        (3, "openai".into()),
        (4, "Other".into()),
        (7, "".into()),
        (8, "…".into()),
    ]);
    assert_eq!(
        planned,
        vec![
            (5, "算力 (5).md".to_string()),
            (2, "算力.md".to_string()),
            (9, "OpenAI (9).md".to_string()),
            (3, "openai.md".to_string()),
            (4, "Other.md".to_string()),
            (7, "untitled.md".to_string()),
            (8, "….md".to_string()),
        ]
    );
}

#[test]
fn plan_file_names_is_stable_and_unique() {
    let input: Vec<(Id, String)> = vec![
        (1, "A".into()),
        (5, "a".into()),
        (3, "A (5)".into()),
        (6, "A/".into()),
        (6, "A".into()),
    ];
    let planned = plan_file_names(&input);
    let mut folded: Vec<String> = planned.iter().map(|(_, n)| n.to_lowercase()).collect();
    folded.sort();
    folded.dedup();
    assert_eq!(folded.len(), input.len(), "{planned:?}");
    assert_eq!(planned[0].1, "A.md");
    assert_eq!(planned[2].1, "A (5).md", "a title is never renamed for an id suffix");
    assert_eq!(planned[1].1, "a (5-2).md");
    // The input's order does not change any name.
    let mut reversed = input.clone();
    reversed.reverse();
    let mut again = plan_file_names(&reversed);
    again.reverse();
    assert_eq!(again, planned);
    // A newer article with the same title leaves the older one's name alone.
    let mut more = input.clone();
    more.push((10, "A".into()));
    assert_eq!(&plan_file_names(&more)[..input.len()], &planned[..]);
}

// ---------------------------------------------------------------------------------------------
// Atomic writes

fn folder_entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn write_atomically_writes_replaces_and_skips_identical_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("札记.md");
    assert_eq!(write_atomically(&path, "第一版\n"), Ok(true));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "第一版\n");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(write_atomically(&path, "第一版\n"), Ok(false));
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert_eq!(write_atomically(&path, "第二版\n"), Ok(true));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "第二版\n");
    // Same length, different bytes.
    assert_eq!(write_atomically(&path, "第三版\n"), Ok(true));
    assert_eq!(write_atomically(&path, ""), Ok(true));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    assert_eq!(folder_entries(dir.path()), ["札记.md"], "no temporary file left behind");
}

#[cfg(unix)]
#[test]
fn write_atomically_keeps_an_existing_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(write_atomically(&path, "new"), Ok(true));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    let fresh = dir.path().join("b.md");
    assert_eq!(write_atomically(&fresh, "new"), Ok(true));
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o600, 0o600, "a new file is not private to the temp file's 0600: {mode:o}");
}

#[test]
fn write_atomically_names_the_file_when_the_folder_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("笔记.md");
    let err = write_atomically(&path, "x").unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Io);
    assert!(err.message().contains(&path.display().to_string()), "{}", err.message());
    assert_eq!(folder_entries(dir.path()), Vec::<String>::new());
}

#[test]
fn write_atomically_fails_cleanly_on_a_folder_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.md");
    std::fs::create_dir(&path).unwrap();
    let err = write_atomically(&path, "x").unwrap_err();
    assert!(err.message().contains("taken.md"), "{}", err.message());
    assert_eq!(folder_entries(dir.path()), ["taken.md"], "no temporary file left behind");
}

// ---------------------------------------------------------------------------------------------
// Any input

mod any_input {
    use super::*;
    use proptest::prelude::*;

    /// Strings made mostly of the characters that matter to Markdown, YAML and file systems.
    fn hostile() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(vec![
                    "#", "-", "+", "*", "_", "`", "~", ">", "<", "|", "=", "%", "$", "^", "[", "]",
                    "!", "&", ";", ":", "\\", "/", "\"", "'", ".", "1", "a", "Z", "算", "：", "🤖",
                    "\u{200d}", "\u{301}", " ", "  ", "\t", "\n", "\r", "\u{0}", "\u{85}",
                    "\u{2028}", "\u{feff}", "---", "```", "CON", "&amp;",
                ])
                .prop_map(str::to_string),
                1 => any::<char>().prop_map(|c| c.to_string()),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn block_quotes_render_literally(text in hostile()) {
            let md = block_quote(&text);
            prop_assert!(md.lines().all(|l| l == ">" || l.starts_with("> ")), "{:?}", md);
            let got = quoted_paragraphs(&md).map_err(TestCaseError::fail)?;
            prop_assert_eq!(got, expected_paragraphs(&text));
        }

        #[test]
        fn yaml_scalars_round_trip(s in hostile()) {
            let doc = format!("v: {}\n", super::super::yaml::quote(&s));
            let parsed = YamlLoader::load_from_str(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed[0]["v"].as_str(), Some(s.as_str()));
        }

        #[test]
        fn file_stems_are_legal(title in hostile()) {
            let stem = file_stem(&title);
            prop_assert!(!stem.is_empty());
            prop_assert!(stem.chars().count() <= names::MAX_STEM_CHARS);
            prop_assert!(stem.len() <= names::MAX_STEM_BYTES);
            prop_assert!(!stem.chars().any(|c| "<>:\"/\\|?*#^[]".contains(c) || c.is_control()));
            prop_assert!(!stem.starts_with('.') && !stem.ends_with('.'));
            prop_assert!(stem.trim() == stem);
            prop_assert_eq!(file_stem(&stem), stem.clone(), "a stem is its own stem");
        }

        #[test]
        fn any_article_exports_without_panicking(
            title in hostile(),
            body in hostile(),
            quote in hostile(),
            note_body in hostile(),
            tag in hostile(),
            start in 0u32..100,
            len in 0u32..100,
            orphan in any::<bool>(),
        ) {
            let meta = ArticleMeta { title: title.clone(), author: Some(tag.clone()), ..Default::default() };
            let mut a = article(1, meta, &[tag.as_str()], &[body.as_str()]);
            let status = if orphan { AnchorStatus::Orphaned } else { AnchorStatus::Anchored };
            let anchor = Anchor {
                start,
                end: start.saturating_add(len),
                exact: quote,
                prefix: String::new(),
                suffix: String::new(),
                status,
            };
            a.highlights.push(Highlight {
                id: 1,
                uuid: test_uuid(201),
                article_id: 1,
                anchor: anchor.clone(),
                color: Color::Pink,
                tags: vec![tag.clone()],
                note: Some(note(2, 1, NoteTarget::Highlight { highlight_id: 1 }, &note_body)),
                created_at: String::new(),
                updated_at: String::new(),
            });
            a.notes.push(note(3, 1, NoteTarget::Passage { anchor }, &note_body));
            a.notes.push(note(4, 1, NoteTarget::Article, &note_body));
            let md = article_markdown(&a, &[ColorLabel { color: Color::Pink, label: tag }]);
            prop_assert_eq!(&md, &article_markdown(&a, &[ColorLabel { color: Color::Pink, label: a.summary.tags[0].clone() }]));
            let y = front_matter_of(&md);
            prop_assert_eq!(y["title"].as_str(), Some(title.as_str()));
        }
    }
}

#[test]
fn colour_labels_render_as_bold_text() {
    use pulldown_cmark::{Event, Parser, Tag};
    for label in ["*", "_x_", "a**b", "- dash", " 2023. ", "# 论点", "`code`", "x\ny"] {
        let mut a =
            article(1, ArticleMeta { title: "t".into(), ..Default::default() }, &[], &["abc"]);
        a.highlights.push(highlight(&a, 1, "abc", Color::Green, &["t"]));
        let labels = [ColorLabel { color: Color::Green, label: label.into() }];
        let md = article_markdown(&a, &labels);
        let line = md.lines().find(|l| l.starts_with("**")).unwrap();
        let events: Vec<Event> = Parser::new(line).collect();
        assert!(matches!(events.get(1), Some(Event::Start(Tag::Strong))), "{label:?}: {line}");
        let text: String = events
            .iter()
            .skip(2)
            .take_while(|e| !matches!(e, Event::End(_)))
            .map(|e| match e {
                Event::Text(t) => t.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(text, label.split_whitespace().collect::<Vec<_>>().join(" "), "{line}");
    }
}

#[test]
fn images_are_linked_into_the_attachments_folder_with_their_captions() {
    let meta = ArticleMeta { title: "算力".into(), ..ArticleMeta::default() };
    let mut a = article(3, meta, &[], &["第一段。", "第二段。"]);
    let kept = ArticleImage {
        ordinal: 0,
        position: 1,
        hash: Some("ab12".into()),
        format: Some("jpeg".into()),
        bytes: 10,
        width: 4,
        height: 3,
        alt: "训练[成本]曲线".into(),
        caption: "图1：*示意*".into(),
        src: "https://mmbiz.qpic.cn/a.jpg".into(),
        error: None,
    };
    let lost = ArticleImage {
        ordinal: 1,
        hash: None,
        format: None,
        alt: String::new(),
        caption: String::new(),
        src: "https://img.example/b.png".into(),
        error: Some("HTTP 404".into()),
        ..kept.clone()
    };
    a.images = vec![kept, lost];
    let md = article_markdown(&a, &[]);
    let tail = md.split("\n## Images\n").nth(1).unwrap();
    assert_eq!(
        tail,
        "\n![训练成本曲线](attachments/ab12.jpg)\n\n*图1：\\*示意\\**\n\n*Image not kept (HTTP 404): https://img.example/b.png*\n"
    );
}
