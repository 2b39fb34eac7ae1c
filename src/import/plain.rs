//! Plain text: paragraphs, a byline, a title line.
//!
//! Paragraph rule: when the text has blank lines, they separate paragraphs and the lines inside a
//! paragraph are hard line breaks that are joined (nothing between two CJK characters, a space
//! elsewhere). When it has no blank line at all (the way Chinese web articles are usually saved,
//! like the seed article), every line is a paragraph. Either way, a byline or a title line at the
//! start is split into a block of its own, and all of a line's characters are kept.

use super::blocks::{join_lines, make_block};
use super::meta::{looks_like_title, parse_byline};
use super::Block;
use crate::model::{ArticleMeta, PassageKind};

/// How many of the first blocks are looked at for a byline.
const BYLINE_SEARCH: usize = 3;

/// Splits normalised text into blocks and fills the title, author and site it names.
pub fn parse_plain(text: &str, meta: &mut ArticleMeta) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    let has_blank_separator = {
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let last = lines.iter().rposition(|l| !l.trim().is_empty());
        match (first, last) {
            (Some(a), Some(b)) => lines[a..=b].iter().any(|l| l.trim().is_empty()),
            _ => false,
        }
    };
    // Each group is the lines of one paragraph.
    let mut groups: Vec<Vec<&str>> = Vec::new();
    if has_blank_separator {
        let mut current: Vec<&str> = Vec::new();
        for line in &lines {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            groups.push(current);
        }
    } else {
        groups = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| vec![*l]).collect();
    }

    // A title or byline on the first lines of the first paragraph stands alone.
    if let Some(first) = groups.first_mut() {
        let mut lead: Vec<Vec<&str>> = Vec::new();
        while first.len() > 1
            && lead.len() < 2
            && (parse_byline(first[0]).is_some() || (lead.is_empty() && looks_like_title(first[0])))
        {
            lead.push(vec![first.remove(0)]);
        }
        if !lead.is_empty() {
            lead.append(&mut groups);
            groups = lead;
        }
    }

    let mut blocks: Vec<Block> = groups
        .iter()
        .filter_map(|g| make_block(PassageKind::Paragraph, 0, &join_lines(g.iter().copied())))
        .collect();

    // Title: a short first line that is not a sentence, followed by more text.
    if blocks.len() > 1 && looks_like_title(&blocks[0].text) {
        meta.title = blocks[0].text.clone();
        blocks[0].kind = PassageKind::Heading;
        blocks[0].level = 1;
    }
    mark_bylines(&mut blocks, meta);
    blocks
}

/// Turns the first byline among the first blocks into a `Byline` block and takes its author and
/// site (metadata already set, by front matter say, is kept).
pub fn mark_bylines(blocks: &mut [Block], meta: &mut ArticleMeta) {
    for block in blocks.iter_mut().take(BYLINE_SEARCH) {
        if !matches!(block.kind, PassageKind::Paragraph) {
            continue;
        }
        if let Some(b) = parse_byline(&block.text) {
            block.kind = PassageKind::Byline;
            block.level = 0;
            if meta.author.is_none() {
                meta.author = b.author;
            }
            if meta.site.is_none() {
                meta.site = b.site;
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn one_block_per_line_without_blank_lines() {
        let mut meta = ArticleMeta::default();
        let blocks = parse_plain("来源:光子星球 作者:吴坤谚\n第一段。\n  第二段。  \n", &mut meta);
        assert_eq!(texts(&blocks), ["来源:光子星球 作者:吴坤谚", "第一段。", "第二段。"]);
        assert_eq!(blocks[0].kind, PassageKind::Byline);
        assert_eq!(meta.author.as_deref(), Some("吴坤谚"));
        assert_eq!(meta.site.as_deref(), Some("光子星球"));
        assert!(meta.title.is_empty());
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_hard_breaks_are_joined() {
        let mut meta = ArticleMeta::default();
        let text = "大模型的竞争\n\n算力是\n关键。\n\nCompute is\nthe key.\n";
        let blocks = parse_plain(text, &mut meta);
        assert_eq!(texts(&blocks), ["大模型的竞争", "算力是关键。", "Compute is the key."]);
        assert_eq!(meta.title, "大模型的竞争");
        assert_eq!((blocks[0].kind, blocks[0].level), (PassageKind::Heading, 1));
    }

    #[test]
    fn title_and_byline_split_from_first_paragraph() {
        let mut meta = ArticleMeta::default();
        let text =
            "The Small-Model Bet\nBy Jane Doe\nSmall models are\ncheaper to run.\n\nMore text.";
        let blocks = parse_plain(text, &mut meta);
        assert_eq!(
            texts(&blocks),
            [
                "The Small-Model Bet",
                "By Jane Doe",
                "Small models are cheaper to run.",
                "More text."
            ]
        );
        assert_eq!(meta.title, "The Small-Model Bet");
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(blocks[1].kind, PassageKind::Byline);
    }

    #[test]
    fn a_sentence_is_not_a_title() {
        let mut meta = ArticleMeta::default();
        let blocks = parse_plain("这是一句话。\n这是另一句话。", &mut meta);
        assert!(meta.title.is_empty());
        assert!(blocks.iter().all(|b| b.kind == PassageKind::Paragraph));
    }
}
