//! The sample article a new library starts with, written by the Zhaji team, with a few
//! highlights, tags and notes that show what the app is for.

use crate::import;
use crate::model::*;
use crate::{Error, Library, Result};

const SAMPLE: &str = include_str!("../data/sample.md");

/// A highlight of the sample: a quote, its colour, tags and note.
struct SampleHighlight {
    quote: &'static str,
    color: Color,
    tags: &'static [&'static str],
    note: Option<&'static str>,
}

const HIGHLIGHTS: &[SampleHighlight] = &[
    SampleHighlight {
        quote: "参数规模每翻一番，训练所需的算力往往要翻上好几番",
        color: Color::Blue,
        tags: &["topic/算力", "stance/规模派"],
        note: Some("规模派的核心论据：能力随规模涌现。但成本曲线同样陡峭——见下文的**电费**一段。"),
    },
    SampleHighlight {
        quote: "一张高端训练卡的价格在1万到2万美元之间",
        color: Color::Purple,
        tags: &["topic/芯片", "topic/成本"],
        note: None,
    },
    SampleHighlight {
        quote: "Smaller models, distilled from larger ones, already handle most everyday tasks",
        color: Color::Pink,
        tags: &["stance/小模型派", "topic/蒸馏"],
        note: Some("The counter-argument in English sources. Worth comparing with 周鸿祎's remarks on 垂直模型."),
    },
    SampleHighlight {
        quote: "谁掌握了数据，谁就掌握了下一代操作系统的入口",
        color: Color::Green,
        tags: &["topic/数据"],
        note: None,
    },
];

const ARTICLE_NOTE: &str = "这篇示例文章由札记团队撰写，用来展示札记的用法：\n\n\
- 选中一段文字，按 `1`–`5` 选颜色，或按 `h` 用默认颜色高亮；\n\
- 给高亮加标签（如 `topic/算力`），写批注；\n\
- 用 Markdown 导出到 Obsidian。\n\n\
This sample was written by the Zhaji team. Delete it whenever you like: it goes to the trash.";

/// Imports the sample into `lib` with its highlights and notes; returns the article's id.
pub(crate) fn add(lib: &mut Library) -> Result<Id> {
    let mut doc = import::parse_document("sample.md", SAMPLE.as_bytes())?;
    doc.meta.source = Some("zhaji:sample".into());
    let outcome = lib.import_document(doc, None)?;
    let id = outcome.article.id;
    if outcome.status != ImportStatus::Imported {
        return Ok(id);
    }
    for h in HIGHLIGHTS {
        lib.create_highlight(&crate::HighlightSpec {
            article_id: id,
            range: None,
            quote: Some(h.quote.into()),
            occurrence: None,
            color: h.color,
            tags: h.tags.iter().map(|t| t.to_string()).collect(),
            note: h.note.map(str::to_owned),
        })
        .map_err(|e| Error::internal(format!("the sample's highlight {:?}: {e}", h.quote)))?;
    }
    lib.set_article_note(id, ARTICLE_NOTE)?;
    lib.add_tag(ItemRef { kind: ItemKind::Article, id }, "sample")?;
    Ok(id)
}
