//! Tests of `locate` and `find_exact`: one per step with Chinese and English text, edge cases,
//! and property tests of edits away from, inside and over a highlight.

use super::*;
use proptest::prelude::*;

fn range_of(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("needle in test text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Describes `needle` (its first occurrence) in `old`, then locates it in `new`.
fn relocate(old: &str, needle: &str, new: &str) -> (Option<Located>, (usize, usize)) {
    let hint = range_of(old, needle);
    let quote = AnchorText::new(old).describe(hint.0, hint.1).expect("non-empty range");
    (AnchorText::new(new).locate(&quote, hint), hint)
}

fn slice(text: &str, l: Located) -> String {
    text.chars().skip(l.start).take(l.end - l.start).collect()
}

const ZH: &str = "二〇二五年，大模型的竞争从参数规模转向推理效率。多家公司发布了新的推理芯片，\
                  算力成本下降了一半以上。与此同时，开源社区的模型在中文理解上迎头赶上，𠮷野家的广告也用上了生成式图像😀。";
const EN: &str = "In 2025 the race among large language models shifted from parameter counts to \
                  inference efficiency. Several companies shipped new inference chips 🚀, and the \
                  cost of compute fell by more than half.";

#[test]
fn position_is_used_when_the_text_there_is_unchanged() {
    let (found, hint) = relocate(ZH, "算力成本下降了一半以上", ZH);
    assert_eq!(found, Some(Located { start: hint.0, end: hint.1, how: Found::Position }));
}

#[test]
fn position_with_emoji_and_extension_b_counts_code_points() {
    let (found, hint) = relocate(ZH, "𠮷野家的广告也用上了生成式图像😀", ZH);
    let found = found.expect("found");
    assert_eq!((found.start, found.end, found.how), (hint.0, hint.1, Found::Position));
    assert_eq!(slice(ZH, found), "𠮷野家的广告也用上了生成式图像😀");
}

#[test]
fn exact_after_a_paragraph_is_inserted_before() {
    let new = format!("编者按：本文有更新。\n\n{ZH}");
    let (found, _) = relocate(ZH, "推理芯片", &new);
    let found = found.expect("found");
    assert_eq!(found.how, Found::Exact);
    assert_eq!(slice(&new, found), "推理芯片");
    assert_eq!(found.start, range_of(&new, "推理芯片").0);
}

#[test]
fn exact_picks_the_occurrence_whose_context_agrees() {
    // "推理" occurs four times; the highlight is the one in 推理效率.
    let old = ZH;
    let hint = range_of(old, "推理效率");
    let hint = (hint.0, hint.0 + 2);
    let quote = AnchorText::new(old).describe(hint.0, hint.1).unwrap();
    let new = format!("推理很重要。推理也很贵。{old}");
    let text = AnchorText::new(&new);
    assert!(text.find_exact("推理").len() >= 4);
    let found = text.locate(&quote, hint).expect("found");
    assert_eq!(found.how, Found::Exact);
    assert_eq!(found.start, range_of(&new, "推理效率").0);
}

#[test]
fn exact_prefers_context_over_closeness_in_english() {
    let old = "the model is open. We tested the model on Chinese text. Later the model was closed.";
    let hint = range_of(old, "the model on");
    let hint = (hint.0, hint.0 + "the model".len());
    let quote = AnchorText::new(old).describe(hint.0, hint.1).unwrap();
    // The old position now holds another "the model", but with the wrong context.
    let new = "We tested the model on Chinese text. the model is open. Later the model was closed.";
    let found = AnchorText::new(new).locate(&quote, hint).expect("found");
    assert_eq!(found.how, Found::Exact);
    assert_eq!(found.start, range_of(new, "the model on").0);
}

#[test]
fn a_short_quote_found_only_in_unrelated_context_is_an_orphan() {
    let old = "OpenAI said the chips arrive in May. Analysts doubt it.";
    let (found, _) = relocate(old, "chips", "Nvidia sells chips to everyone, reports say.");
    assert_eq!(found, None);
}

#[test]
fn a_long_sole_occurrence_is_trusted_without_context() {
    let needle = "开源社区的模型在中文理解上迎头赶上";
    let (found, _) = relocate(ZH, needle, &format!("全新的开头。{needle}，全新的结尾。"));
    assert_eq!(found.map(|l| (l.start, l.how)), Some((6, Found::Exact)));
}

#[test]
fn fuzzy_after_typos_in_english() {
    let new = EN.replace("inference efficiency", "inferense eficiency");
    let (found, _) = relocate(EN, "from parameter counts to inference efficiency", &new);
    let found = found.expect("found");
    assert_eq!(found.how, Found::Fuzzy);
    assert_eq!(slice(&new, found), "from parameter counts to inferense eficiency");
}

#[test]
fn fuzzy_after_typos_in_chinese() {
    let new = ZH.replace("算力成本下降了一半以上", "算力成本降低了一半以上");
    let (found, _) = relocate(ZH, "算力成本下降了一半以上", &new);
    let found = found.expect("found");
    assert_eq!(found.how, Found::Fuzzy);
    assert_eq!(slice(&new, found), "算力成本降低了一半以上");
}

#[test]
fn fuzzy_with_an_emoji_replaced() {
    let new = ZH.replace("图像😀", "图片🎨");
    let (found, _) = relocate(ZH, "𠮷野家的广告也用上了生成式图像😀", &new);
    let found = found.expect("found");
    assert_eq!(found.how, Found::Fuzzy);
    assert_eq!(slice(&new, found), "𠮷野家的广告也用上了生成式图片🎨");
}

#[test]
fn deleted_passage_is_an_orphan() {
    let needle = "多家公司发布了新的推理芯片，";
    let (found, _) = relocate(ZH, needle, &ZH.replace(needle, ""));
    assert_eq!(found, None);
    let needle = "Several companies shipped new inference chips 🚀, and ";
    let (found, _) = relocate(EN, needle, &EN.replace(needle, ""));
    assert_eq!(found, None);
}

#[test]
fn rewritten_passage_is_an_orphan() {
    let old =
        "The board met on Friday. The CEO was fired without warning. Staff learned of it online.";
    let new =
        "The board met on Friday. Revenue grew faster than expected. Staff learned of it online.";
    let (found, _) = relocate(old, "The CEO was fired without warning.", new);
    assert_eq!(found, None);
}

#[test]
fn a_short_quote_whose_marks_switched_width_is_found_in_place() {
    // Two marks of a five-character quote and one of its context switch width.
    let old = "在这个时代,所有的模型都要算力;而算力(尤其是推理芯片)越来越贵。";
    let new = "在这个时代，所有的模型都要算力；而算力（尤其是推理芯片）越来越贵。";
    let (found, hint) = relocate(old, "时代,所有", new);
    let found = found.expect("found");
    assert_eq!((found.start, found.end), hint);
    assert_eq!(slice(new, found), "时代，所有");
    // Moved as well: a sentence was added before it.
    let moved = format!("新增的一句。{new}");
    let (found, _) = relocate(old, "算力(尤其", &moved);
    assert_eq!(found.map(|l| slice(&moved, l)), Some("算力（尤其".to_owned()));
}

#[test]
fn full_width_letters_and_digits_match_their_ascii_forms() {
    let old = "ＧＰＴ－４发布后，ＡＰＩ价格下降。";
    let new = "GPT-4发布后，API价格下降。";
    let (found, _) = relocate(old, "ＡＰＩ价格", new);
    assert_eq!(found.map(|l| slice(new, l)), Some("API价格".to_owned()));
}

#[test]
fn a_repeated_phrase_whose_own_copy_was_deleted_is_an_orphan() {
    // 大模型 is highlighted in the first paragraph, then deleted there. The copy in the last
    // paragraph agrees with nine characters of its context (段里的 …的推理成本很), which was
    // enough to re-attach it there; it is not the same passage, nor near.
    let middle = "中间这一段很长，讲的是数据中心的电力、冷却、网络与存储，和前后两段都没有关系，只为把它们隔开足够远的距离。";
    let old =
        format!("第一段里的大模型的推理成本很高。\n{middle}\n第五段里的大模型的推理成本很低。");
    let hint = range_of(&old, "大模型");
    let hint = (hint.0, hint.0 + 3);
    let quote = AnchorText::new(&old).describe(hint.0, hint.1).unwrap();
    let new = format!("第一段里的推理成本很高。\n{middle}\n第五段里的大模型的推理成本很低。");
    assert_eq!(AnchorText::new(&new).locate(&quote, hint), None);
}

#[test]
fn a_short_quote_in_a_moved_paragraph_follows_it() {
    let old = "第一段讲背景。\n第二段说明大模型的推理成本。\n第三段是结论，提到大模型的未来。";
    let hint = range_of(old, "大模型的推理");
    let hint = (hint.0, hint.0 + 3);
    let quote = AnchorText::new(old).describe(hint.0, hint.1).unwrap();
    let new = "第一段讲背景。\n第三段是结论，提到大模型的未来。\n第二段说明大模型的推理成本。";
    let found = AnchorText::new(new).locate(&quote, hint).expect("found");
    assert_eq!(found.start, range_of(new, "大模型的推理").0);
}

#[test]
fn folding_is_nfkc_outside_the_typesetting_extras() {
    // The fast paths of `fold_char` must agree with NFKC everywhere they apply.
    let extras = ['。', '｡', '“', '”', '‘', '’'];
    for c in (0u32..0x3_0000).filter_map(char::from_u32) {
        if !extras.contains(&c) {
            assert_eq!(fold_char(c), nfkc_char(c), "U+{:04X}", c as u32);
        }
    }
    assert_eq!(
        fold("，：；！？（）。　ＡＰＩ“”"),
        "，".chars().map(|_| ',').chain(":;!?(). API\"\"".chars()).collect::<Vec<_>>()
    );
}

#[test]
fn quotes_at_the_very_start_and_end() {
    let new = format!("{ZH}（完）");
    let (found, _) = relocate(ZH, "二〇二五年", &new);
    assert_eq!(found.map(|l| (l.start, l.end, l.how)), Some((0, 5, Found::Position)));
    let n = ZH.chars().count();
    let (found, hint) = relocate(ZH, "生成式图像😀。", &format!("更新：{ZH}"));
    assert_eq!(hint.1, n);
    assert_eq!(found.map(|l| (l.start, l.end, l.how)), Some((hint.0 + 3, n + 3, Found::Exact)));
    // A typo in a quote at the very end, with no suffix stored.
    let new = ZH.replace("图像😀。", "图象😀。");
    let (found, _) = relocate(ZH, "用上了生成式图像😀。", &new);
    assert_eq!(found.map(|l| (l.end, l.how)), Some((n, Found::Fuzzy)));
}

#[test]
fn degenerate_inputs_do_not_panic() {
    let text = AnchorText::new("短文😀");
    let empty = Quote { exact: String::new(), prefix: String::new(), suffix: String::new() };
    assert_eq!(text.locate(&empty, (0, 0)), None);
    let long = Quote {
        exact: "这段引文比全文还要长得多得多".into(),
        prefix: "x".into(),
        suffix: "y".into(),
    };
    assert_eq!(text.locate(&long, (0, 100)), None);
    let q = Quote { exact: "短文".into(), prefix: String::new(), suffix: "😀".into() };
    assert_eq!(text.locate(&q, (5, 2)).map(|l| l.how), Some(Found::Exact));
    assert_eq!(text.locate(&q, (usize::MAX - 1, usize::MAX)).map(|l| l.start), Some(0));
    assert_eq!(AnchorText::new("").locate(&q, (0, 2)), None);
    assert!(AnchorText::new("").is_empty());
    assert_eq!(text.len(), 3);
    assert_eq!(text.describe(2, 2), None);
    assert_eq!(text.describe(0, 4), None);
}

#[test]
fn find_exact_reports_overlapping_code_point_offsets() {
    let text = AnchorText::new("😀啊啊啊𠮷啊啊");
    assert_eq!(text.find_exact("啊啊"), vec![1, 2, 5]);
    assert_eq!(text.find_exact("𠮷"), vec![4]);
    assert_eq!(text.find_exact(""), Vec::<usize>::new());
    assert_eq!(text.find_exact("没有"), Vec::<usize>::new());
}

// ---- Property tests ----

/// Characters for random texts: mostly CJK, with ASCII, emoji and Extension B mixed in. The CJK
/// range is large, so random texts do not repeat stretches of more than a character or two.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => (0x4E00u32..0x9FFF).prop_map(|c| char::from_u32(c).unwrap_or('中')),
        2 => (0x20u32..0x7F).prop_map(|c| char::from_u32(c).unwrap_or('a')),
        1 => (0x1F600u32..0x1F64F).prop_map(|c| char::from_u32(c).unwrap_or('😀')),
        1 => (0x20000u32..0x2A6DF).prop_map(|c| char::from_u32(c).unwrap_or('𠮷')),
    ]
}

/// An edit: replace `len` characters at `at` with `with`.
#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    len: usize,
    with: Vec<char>,
}

fn edit(max_len: usize) -> impl Strategy<Value = Edit> {
    (any::<prop::sample::Index>(), 0..=max_len, prop::collection::vec(text_char(), 0..=max_len))
        .prop_map(|(i, len, with)| Edit { at: i.index(usize::MAX / 2), len, with })
}

/// Where an edit goes relative to the highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Before,
    Inside,
    After,
}

/// Applies `e` in the part of `text` given by `place` relative to the highlight `range`, and
/// returns where the highlight is afterwards. An insertion at the highlight's edge counts as
/// outside it for `Before` and `After`, as inside it for `Inside`.
fn apply(text: &mut Vec<char>, e: &Edit, place: Place, range: (usize, usize)) -> (usize, usize) {
    let (lo, hi) = match place {
        Place::Before => (0, range.0),
        Place::Inside => range,
        Place::After => (range.1, text.len()),
    };
    let at = lo + e.at % (hi - lo + 1);
    let len = e.len.min(hi - at);
    text.splice(at..at + len, e.with.iter().copied());
    let delta = |p: usize| p + e.with.len() - len;
    match place {
        Place::Before => (delta(range.0), delta(range.1)),
        Place::Inside => (range.0, delta(range.1)),
        Place::After => range,
    }
}

fn case() -> impl Strategy<Value = (Vec<char>, usize, usize)> {
    prop::collection::vec(text_char(), 60..400).prop_flat_map(|text| {
        let n = text.len();
        (Just(text), 0..n - 4).prop_flat_map(move |(text, start)| {
            let max = (n - start).min(60);
            (Just(text), Just(start), 4..=max).prop_map(|(t, s, len)| (t, s, s + len))
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// (b) Edits away from the highlight (before it and after it, possibly touching it) never
    /// lose it or move it: it is found exactly at its new place.
    #[test]
    fn edits_elsewhere_keep_the_exact_place(
        (mut text, start, end) in case(),
        edits in prop::collection::vec((any::<bool>(), edit(8)), 1..4),
    ) {
        let quote = AnchorText::new(&text.iter().collect::<String>()).describe(start, end).unwrap();
        let mut range = (start, end);
        for (before, e) in &edits {
            let place = if *before { Place::Before } else { Place::After };
            range = apply(&mut text, e, place, range);
        }
        let new: String = text.iter().collect();
        let found = AnchorText::new(&new).locate(&quote, (start, end));
        prop_assert_eq!(found.map(|l| (l.start, l.end)), Some(range));
    }

    /// (c) A small edit inside the highlight leaves it found overlapping its new place, or
    /// orphaned; never elsewhere.
    #[test]
    fn edits_inside_never_move_it_elsewhere(
        (mut text, start, end) in case(),
        e in edit(2),
    ) {
        let quote = AnchorText::new(&text.iter().collect::<String>()).describe(start, end).unwrap();
        let range = apply(&mut text, &e, Place::Inside, (start, end));
        let new: String = text.iter().collect();
        if let Some(l) = AnchorText::new(&new).locate(&quote, (start, end)) {
            prop_assert!(l.start < range.1.max(range.0 + 1) && range.0 < l.end,
                "found {:?}, expected overlap with {:?}", l, range);
        }
    }

    /// (d) Deleting the highlighted passage entirely orphans it.
    #[test]
    fn deleted_highlight_is_an_orphan((mut text, start, end) in case()) {
        let quote = AnchorText::new(&text.iter().collect::<String>()).describe(start, end).unwrap();
        text.drain(start..end);
        let new: String = text.iter().collect();
        prop_assert_eq!(AnchorText::new(&new).locate(&quote, (start, end)), None);
    }
}

/// Re-anchoring on generated edits of the corpus's Chinese articles (see `edit_cases`): at most
/// 0.3% misplaced and 0.3% lost. `ZHAJI_ANCHOR_CASES` sets the cases per kind (300 by default,
/// ten kinds); the figures and the failing cases are printed.
#[test]
fn corpus_edits_are_rarely_lost_and_never_often_misplaced() {
    let Some(articles) = super::edit_cases::articles() else { return };
    let per_kind =
        std::env::var("ZHAJI_ANCHOR_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let (total, misplaced, lost, notes) = super::edit_cases::run(per_kind, &articles);
    let pct = |n: usize| n as f64 * 100.0 / total as f64;
    eprintln!(
        "re-anchoring on {total} generated edits: {misplaced} misplaced ({:.2}%), {lost} lost ({:.2}%)",
        pct(misplaced),
        pct(lost)
    );
    for n in notes.iter().take(60) {
        eprintln!("  {n}");
    }
    assert!(pct(misplaced) <= 0.3, "{:.2}% misplaced", pct(misplaced));
    assert!(pct(lost) <= 0.3, "{:.2}% lost", pct(lost));
}
