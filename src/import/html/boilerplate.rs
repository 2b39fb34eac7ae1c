//! The last pass over an extracted article's blocks: lines that only a page's furniture writes
//! and that class names did not give away — photo credits, "Tags: …" lines, comment notices,
//! and a "Related articles" heading with the links under it.
//!
//! Each rule looks at a whole, short block: a sentence of the article that merely mentions
//! comments or photos is longer than any of these and is never touched.

use crate::import::Block;
use crate::model::PassageKind;

/// Longest block (characters) a credit, tag line or comment notice can be.
const MAX_NOTICE_CHARS: usize = 120;

/// Labels that open a photo credit (compared lowercase, before `:`, `：`, `/` or `=`).
const CREDIT_LABELS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "picture",
    "credit",
    "credits",
    "photo credit",
    "image credit",
    "illustration",
    "foto",
    "图",
    "图片",
    "图片来源",
    "图源",
    "摄影",
    "摄",
    "写真",
    "撮影",
    "画像",
    "사진",
];

/// Endings of a credit line: the agency a photo came from.
const CREDIT_ENDINGS: &[&str] = &[
    "getty images",
    "/ap",
    "/ ap",
    "ap photo",
    "/reuters",
    "/ reuters",
    "/afp",
    "/ afp",
    "shutterstock",
];

/// Labels of a tag line ("Tags: a, b").
const TAG_LABELS: &[&str] = &[
    "tags",
    "tagged",
    "tagged with",
    "filed under",
    "topics",
    "标签",
    "关键词",
    "关键字",
    "タグ",
    "キーワード",
    "태그",
    "키워드",
];

/// Whole blocks that are comment notices (compared lowercase, without punctuation or digits).
const COMMENT_NOTICES: &[&str] = &[
    "comments are closed",
    "comments closed",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "add comment",
    "no comments",
    "no comments yet",
    "comments",
    "be the first to comment",
    "join the conversation",
    "show comments",
    "view comments",
    "评论",
    "条评论",
    "发表评论",
    "暂无评论",
    "评论已关闭",
    "查看评论",
    "写评论",
    "コメント",
    "件のコメント",
    "コメントする",
    "コメントを書く",
    "コメントはまだありません",
    "댓글",
    "개의 댓글",
    "댓글 쓰기",
    "댓글을 남겨주세요",
];

/// Headings that introduce links to other posts.
const TEASER_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related posts",
    "related stories",
    "read more",
    "read next",
    "more from",
    "more stories",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "popular posts",
    "most read",
    "相关阅读",
    "相关文章",
    "相关新闻",
    "推荐阅读",
    "延伸阅读",
    "猜你喜欢",
    "热门文章",
    "更多文章",
    "往期回顾",
    "関連記事",
    "あわせて読みたい",
    "おすすめ記事",
    "人気記事",
    "関連ニュース",
    "관련기사",
    "관련 기사",
    "많이 본 뉴스",
    "추천 기사",
];

/// Removes the furniture lines described in the module documentation.
pub fn drop_furniture(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // A teaser heading waits for the block after it: dropped with the links under it, kept
    // when prose follows.
    let mut pending: Option<Block> = None;
    let mut in_teasers = false;
    for b in blocks {
        if in_teasers && mostly_links(&b) {
            continue;
        }
        in_teasers = false;
        let short = b.text.chars().count() <= MAX_NOTICE_CHARS;
        let prose = b.kind != PassageKind::Code && b.kind != PassageKind::TableRow;
        let credit = b.kind != PassageKind::Caption && is_credit(&b.text);
        if prose && short && (credit || is_tag_line(&b) || is_comment_notice(&b.text)) {
            continue;
        }
        if b.kind == PassageKind::Heading
            && b.text.chars().count() <= 40
            && TEASER_HEADINGS.contains(&label_key(&b.text).as_str())
        {
            out.extend(pending.replace(b));
            continue;
        }
        if let Some(h) = pending.take() {
            if mostly_links(&b) {
                in_teasers = true;
                continue;
            }
            out.push(h);
        }
        out.push(b);
    }
    // A teaser heading that ends the article had only links under it.
    drop(pending);
    out
}

/// Lowercase, without punctuation, digits or symbols, white space collapsed.
fn label_key(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphabetic() || c.is_whitespace() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The label before the first `:`, `：`, `/`, `|` or `=` of a line, lowercase, and the rest.
fn split_label(text: &str) -> Option<(String, &str)> {
    let at = text.find([':', '：', '/', '|', '=', '｜'])?;
    let label = text[..at].trim().to_lowercase();
    let sep_len = text[at..].chars().next().map_or(1, char::len_utf8);
    (label.chars().count() <= 16).then(|| (label, text[at + sep_len..].trim()))
}

fn is_credit(text: &str) -> bool {
    let t = text.trim();
    if t.starts_with('©') || t.to_lowercase().starts_with("(c)") && t.chars().count() < 60 {
        return true;
    }
    if let Some((label, rest)) = split_label(t) {
        // "图：…" is how a Chinese caption opens; only "图/…" names who took the picture.
        let after = t.chars().skip_while(|c| c.is_whitespace()).nth(label.chars().count());
        let caption = label == "图" && !matches!(after, Some('/' | '／'));
        if CREDIT_LABELS.contains(&label.as_str())
            && !caption
            && !rest.is_empty()
            && rest.chars().count() < 60
        {
            return true;
        }
    }
    let lower = t.to_lowercase();
    let lower = lower.trim_end_matches(['.', ')', ']']);
    (lower.starts_with("photo by ")
        || lower.starts_with("photo courtesy")
        || lower.starts_with("image courtesy")
        || lower.starts_with("photograph by "))
        && t.chars().count() < 60
        || CREDIT_ENDINGS.iter().any(|e| lower.ends_with(e)) && t.chars().count() < 50
}

fn is_tag_line(b: &Block) -> bool {
    let Some((label, rest)) = split_label(&b.text) else { return false };
    if !TAG_LABELS.contains(&label.as_str()) || rest.is_empty() {
        return false;
    }
    // Short lists of words, or a line of links.
    let listed = rest.contains([',', '，', '、', '·', '|', '/'])
        && !rest.ends_with(['.', '。', '!', '?', '！', '？']);
    mostly_links(b) || listed
}

fn is_comment_notice(text: &str) -> bool {
    let key = label_key(text);
    !key.is_empty() && COMMENT_NOTICES.contains(&key.as_str())
}

/// True when links cover most of a block's text.
fn mostly_links(b: &Block) -> bool {
    let chars = b.text.chars().filter(|c| !c.is_whitespace()).count();
    let linked: u32 = b.links.iter().map(|l| l.end.saturating_sub(l.start)).sum();
    chars > 0 && linked as usize * 10 >= chars * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Block {
        Block { kind: PassageKind::Paragraph, level: 0, text: t.into(), links: Vec::new() }
    }

    #[test]
    fn notices_and_credits_are_recognised_only_as_whole_lines() {
        assert!(is_comment_notice("Comments are closed."));
        assert!(is_comment_notice("3 条评论"));
        assert!(is_comment_notice("コメントする"));
        assert!(!is_comment_notice("读者的评论很多，但大多数支持这个决定。"));
        assert!(is_credit("Photo: Kim Minji / Yonhap"));
        assert!(is_credit("图片来源：新华社"));
        assert!(is_credit("图/视觉中国"));
        assert!(!is_credit("图：主流接口每百万词元价格走势"));
        assert!(is_credit("写真：筆者撮影"));
        assert!(!is_credit("The photo shows the harbour at dawn, before the fishing boats leave."));
        assert!(is_credit("Lee Jin-man / AP"));
        assert!(!is_credit("The figures were first reported by Reuters."));
        assert!(is_tag_line(&para("标签：人工智能，芯片，算力")));
        assert!(!is_tag_line(&para("Tags: are small labels readers attach to articles.")));
    }
}
