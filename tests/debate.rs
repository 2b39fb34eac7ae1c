//! Following the debate: the taxonomy and its updates, tag suggestions, the who & what of the
//! seed article with its figures, claims with evidence, and briefs.

use crate::corpus_or_skip;
use zhaji::import::{Block, Document};
use zhaji::*;

const SEED: &str = "seed/000_4b857f83adbe41b1.txt";

fn doc(title: &str, meta: (&str, &str, &str), paras: &[&str]) -> Document {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Document {
        meta: ArticleMeta {
            title: title.into(),
            site: opt(meta.0),
            author: opt(meta.1),
            published: opt(meta.2),
            ..Default::default()
        },
        blocks: paras
            .iter()
            .map(|p| Block {
                kind: PassageKind::Paragraph,
                level: 0,
                text: p.to_string(),
                links: vec![],
            })
            .collect(),
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    }
}

/// Highlights the first occurrence of `q` (by offsets found here, so that the test does not
/// depend on quote search).
fn quote(lib: &mut Library, article_id: Id, q: &str, tags: &[&str]) -> Highlight {
    let text = lib.article(article_id).unwrap().text;
    let range = find(&text, q);
    lib.create_highlight(&HighlightSpec {
        article_id,
        range: Some(range),
        quote: None,
        occurrence: None,
        color: Color::Blue,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        note: None,
    })
    .unwrap()
}

/// The code-point range of `q` in `text` (its first occurrence).
fn find(text: &str, q: &str) -> (u32, u32) {
    let b = text.find(q).unwrap_or_else(|| panic!("not in the text: {q}"));
    let s = text[..b].chars().count() as u32;
    (s, s + q.chars().count() as u32)
}

fn tags(list: &[TagSuggestion]) -> Vec<&str> {
    list.iter().map(|s| s.tag.as_str()).collect()
}

/// Occurrences of an ASCII name in lowercased text, on word boundaries and not before a
/// decimal part: counted here independently of the matcher.
fn count_latin(text: &str, name: &str) -> usize {
    let lower = text.to_lowercase();
    let name = name.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let n: Vec<char> = name.chars().collect();
    (0..chars.len().saturating_sub(n.len() - 1))
        .filter(|&i| chars[i..i + n.len()] == n[..])
        .filter(|&i| i == 0 || !chars[i - 1].is_ascii_alphabetic())
        .filter(|&i| {
            let next = chars.get(i + n.len());
            let after = chars.get(i + n.len() + 1);
            let glued = next.is_some_and(|c| c.is_ascii_alphanumeric());
            let decimal = next == Some(&'.') && after.is_some_and(|c| c.is_ascii_digit());
            !glued && !decimal
        })
        .count()
}

#[test]
fn the_seed_articles_who_and_what_with_counts_checked_against_the_text() {
    let path = corpus_or_skip!(SEED);
    let mut lib = Library::open_in_memory().unwrap();
    let id = lib.import_file(&path).unwrap().article.id;
    let text = lib.article(id).unwrap().text;
    let w = lib.who_and_what(id).unwrap();
    let count = |tag: &str| w.entities.iter().find(|e| e.tag == tag).map_or(0, |e| e.count);
    // Names that no longer name contains, counted with str::matches.
    for (tag, names) in [
        ("person/张勇", &["张勇"][..]),
        ("person/李涛", &["李涛"]),
        ("person/周靖人", &["周靖人"]),
        ("person/周鸿祎", &["周鸿祎"]),
        ("person/李开复", &["李开复"]),
        ("model/通义千问", &["通义千问"]),
        ("model/盘古", &["盘古"]),
        ("model/混元", &["混元"]),
        ("model/360智脑", &["360智脑"]),
        ("actor/阿里云", &["阿里云"]),
        ("actor/英伟达", &["英伟达"]),
        ("actor/腾讯", &["腾讯"]),
    ] {
        let expected: usize = names.iter().map(|n| text.matches(n).count()).sum();
        assert!(expected > 0, "{tag} is in the seed");
        assert_eq!(count(tag) as usize, expected, "{tag}");
    }
    // Latin names, counted case-insensitively on word boundaries (`openAI` counts).
    assert_eq!(count("actor/OpenAI") as usize, count_latin(&text, "openai"));
    assert_eq!(count("actor/OpenAI"), 7);
    assert_eq!(
        count("model/GPT-3") as usize,
        count_latin(&text, "gpt-3") + count_latin(&text, "gpt3")
    );
    assert_eq!(count("model/PaLM") as usize, count_latin(&text, "palm"));
    assert_eq!(count("model/BERT") as usize, count_latin(&text, "bert"));
    // 阿里 outside 阿里云 and 阿里达摩院 is Alibaba (阿里巴巴 counts once, as itself).
    let ali = text.matches("阿里").count()
        - text.matches("阿里云").count()
        - text.matches("阿里达摩院").count();
    assert_eq!(count("actor/阿里巴巴") as usize, ali);
    for t in ["topic/算力", "topic/数据", "topic/芯片", "topic/能耗", "topic/商业化", "topic/蒸馏"]
    {
        assert!(count(t) > 0, "{t}");
    }
    assert!(count("topic/算力") as usize >= text.matches("算力").count());
    // Every mention points at one of the entry's names, so a UI can step through them.
    let tax = lib.taxonomy().unwrap();
    for e in &w.entities {
        let entry = tax.iter().find(|t| t.key == e.key).unwrap();
        let names: Vec<String> = [&entry.zh, &entry.en]
            .into_iter()
            .chain(entry.aliases.iter())
            .map(|n| n.to_lowercase())
            .collect();
        assert_eq!(e.count as usize, e.mentions.len());
        for m in &e.mentions {
            let s = text::slice_chars(&text, m.start as usize, m.end as usize).unwrap();
            assert!(names.contains(&s.to_lowercase()), "{} at {m:?} is {s:?}", e.tag);
        }
    }
}

#[test]
fn the_seed_articles_figures_each_with_its_sentence() {
    let path = corpus_or_skip!(SEED);
    let mut lib = Library::open_in_memory().unwrap();
    let id = lib.import_file(&path).unwrap().article.id;
    let text = lib.article(id).unwrap().text;
    let figures = lib.who_and_what(id).unwrap().figures;
    let expected = [
        "1750亿",
        "1亿到上千亿",
        "十万亿参数",
        "100亿美元",
        "10倍",
        "3.43个月",
        "30万倍",
        "100余倍",
        "上万亿",
        "355个GPU/年",
        "4260个AI加速卡",
        "十万",
        "5400亿",
        "上千万美元",
        "3.4千兆瓦时",
        "300个",
        "89%",
        "14nm",
        "1万美元到2万美元",
        "数十亿美元",
    ];
    // Each expected figure as often as the text has it outside a longer expected figure.
    for f in expected {
        let inside_longer: usize = expected
            .iter()
            .filter(|g| **g != f && g.contains(f))
            .map(|g| text.matches(g).count() * g.matches(f).count())
            .sum();
        let want = text.matches(f).count() - inside_longer;
        let got = figures.iter().filter(|x| x.text == f).count();
        assert_eq!(got, want, "{f}");
    }
    assert_eq!(figures.len(), 21, "{:?}", figures.iter().map(|f| &f.text).collect::<Vec<_>>());
    for f in &figures {
        assert_eq!(
            text::slice_chars(&text, f.start as usize, f.end as usize),
            Some(f.text.as_str())
        );
        assert_eq!(
            text::slice_chars(&text, f.sentence_start as usize, f.sentence_end as usize),
            Some(f.sentence.as_str())
        );
        assert!(f.sentence.contains(&f.text));
        assert!(!f.text.contains('年') || f.text.contains("GPU/年"), "no dates: {}", f.text);
    }
    let gpu = figures.iter().find(|f| f.text == "1万美元到2万美元").unwrap();
    assert_eq!((gpu.kind, gpu.value, gpu.value_to), (FigureKind::Money, Some(1e4), Some(2e4)));
    assert!(gpu.sentence.starts_with("大模型算力需求的英伟达GPU芯片"));
    let energy = figures.iter().find(|f| f.text == "3.4千兆瓦时").unwrap();
    assert_eq!((energy.unit.as_str(), energy.value), ("千兆瓦时", Some(3.4)));
}

#[test]
fn suggestions_for_chosen_passages_of_the_seed() {
    let path = corpus_or_skip!(SEED);
    let mut lib = Library::open_in_memory().unwrap();
    let id = lib.import_file(&path).unwrap().article.id;
    let text = lib.article(id).unwrap().text;

    let (s, e) = find(&text, "公开信息显示,GPT-3大模型需要训练355个GPU/年,假设企业以一个月为期限训练自己的大模型,将需要4260个AI加速卡方可让产品面世。");
    let got = lib.suggest_tags(id, s, e).unwrap();
    for t in ["model/GPT-3", "actor/OpenAI", "topic/算力", "topic/芯片", "topic/大模型"] {
        assert!(tags(&got).contains(&t), "{t} in {:?}", tags(&got));
    }
    let openai = got.iter().find(|x| x.tag == "actor/OpenAI").unwrap();
    assert_eq!(openai.implied_by.as_deref(), Some("model/GPT-3"));
    assert_eq!(openai.count, 0);
    assert_eq!(got[0].tag, "model/GPT-3", "named entries first, in reading order");

    // Accepting them is adding the tags; the highlight's suggestions then say so.
    let h = quote(&mut lib, id, "GPT-3大模型需要训练355个GPU/年", &[]);
    for t in &got {
        lib.add_tag(ItemRef { kind: ItemKind::Highlight, id: h.id }, &t.tag).unwrap();
    }
    let again = lib.suggest_tags_for_highlight(h.id).unwrap();
    assert!(again.iter().filter(|s| s.tag != "topic/算力").all(|s| s.applied), "{again:?}");

    let (s, e) = find(&text, "以谷歌与柏林大学合作研发,用来和GPT3打对台的PaLM为例");
    let (_, e2) = find(&text, "这相当于大约300个美国家庭一年的能源消耗。");
    let got = lib.suggest_tags(id, s, e2.max(e)).unwrap();
    for t in ["actor/谷歌", "model/GPT-3", "model/PaLM", "topic/能耗"] {
        assert!(tags(&got).contains(&t), "{t} in {:?}", tags(&got));
    }
    let gpt = got.iter().find(|x| x.tag == "model/GPT-3").unwrap();
    assert_eq!(gpt.matched, vec!["GPT3"]);

    let (s, e) = find(&text, "阿里云智能首席技术官周靖人正式宣布推出大语言模型“通义千问”");
    let got = lib.suggest_tags(id, s, e).unwrap();
    assert_eq!(
        tags(&got)[..4],
        ["actor/阿里云", "person/周靖人", "topic/大模型", "model/通义千问"],
        "{:?}",
        tags(&got)
    );
    assert!(!tags(&got).contains(&"actor/阿里巴巴") || got.iter().any(|s| s.implied_by.is_some()));

    // Bad ranges are errors, not panics.
    assert!(lib.suggest_tags(id, 10, 5).is_err());
    assert!(lib.suggest_tags(id, 0, 10_000_000).is_err());
}

#[test]
fn suggestions_are_case_and_width_insensitive_and_respect_latin_word_boundaries() {
    let lib = Library::open_in_memory().unwrap();
    let got = lib
        .suggest_tags_for_text("META and metadata; ｏｐｅｎａｉ's gpt-4 beat GPT-4o? 阿里云")
        .unwrap();
    let t = tags(&got);
    assert!(t.contains(&"actor/Meta"));
    assert_eq!(got.iter().find(|s| s.tag == "actor/Meta").unwrap().count, 1);
    assert!(t.contains(&"actor/OpenAI"));
    assert_eq!(got.iter().find(|s| s.tag == "model/GPT-4").unwrap().count, 1);
    assert!(t.contains(&"actor/阿里云"));
    assert!(
        !got.iter().any(|s| s.tag == "actor/阿里巴巴" && s.count > 0),
        "阿里云 is not 阿里 + 云"
    );
    assert!(lib.suggest_tags_for_text("").unwrap().is_empty());
}

const V1: &str = r#"{"format": 1, "version": "1", "entries": [
  {"kind": "actor", "id": "baidu", "zh": "百度", "en": "Baidu", "aliases": ["百度公司"]},
  {"kind": "actor", "id": "tencent", "zh": "腾讯", "en": "Tencent"},
  {"kind": "model", "id": "ernie-bot", "zh": "文心一言", "en": "ERNIE Bot", "related": ["actor/baidu"]},
  {"kind": "topic", "id": "compute", "zh": "算力", "en": "compute"}
]}"#;

const V2: &str = r#"{"format": 1, "version": "2", "entries": [
  {"kind": "actor", "id": "baidu", "zh": "百度", "en": "Baidu Inc.", "aliases": ["百度公司", "Baidu"]},
  {"kind": "actor", "id": "tencent", "zh": "腾讯", "en": "Tencent", "aliases": ["腾讯云"]},
  {"kind": "model", "id": "ernie-bot", "zh": "文心一言", "en": "ERNIE Bot", "aliases": ["文心"], "related": ["actor/baidu"]},
  {"kind": "topic", "id": "compute", "zh": "算力", "en": "compute", "aliases": ["计算量"]},
  {"kind": "topic", "id": "energy", "zh": "能耗", "en": "energy"}
]}"#;

#[test]
fn a_newer_bundled_taxonomy_keeps_the_users_edits_removals_and_additions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    {
        let mut lib = Library::open(&path).unwrap();
        lib.set_bundled_taxonomy(V1).unwrap();
        let id =
            lib.import_document(doc("t", ("", "", ""), &["百度发布文心一言。"]), None).unwrap();
        quote(&mut lib, id.article.id, "百度", &["actor/百度"]);
        // Rename: the tag follows, on existing highlights too.
        let e = lib
            .edit_taxonomy_entry(
                "actor/baidu",
                &EntryPatch { zh: Some("百度集团".into()), ..Default::default() },
            )
            .unwrap();
        assert_eq!((e.tag.as_str(), e.origin), ("actor/百度集团", EntryOrigin::Edited));
        assert!(lib.tags().unwrap().iter().any(|t| t.name == "actor/百度集团"));
        assert!(!lib.tags().unwrap().iter().any(|t| t.name == "actor/百度"));
        lib.remove_taxonomy_entry("actor/tencent").unwrap();
        let mine = lib
            .add_taxonomy_entry(
                EntryKind::Actor,
                &EntryPatch {
                    zh: Some("零一万物".into()),
                    en: Some("01.AI".into()),
                    aliases: Some(vec!["Yi".into()]),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!((mine.key.as_str(), mine.origin), ("actor/u-01-ai", EntryOrigin::User));
        // A clash with an existing tag is refused.
        assert!(lib
            .add_taxonomy_entry(
                EntryKind::Topic,
                &EntryPatch { zh: Some("算力".into()), ..Default::default() }
            )
            .is_err());
    }
    // Reopened, with version 2 of the bundled file.
    let mut lib = Library::open(&path).unwrap();
    lib.set_bundled_taxonomy(V2).unwrap();
    let tax = lib.taxonomy().unwrap();
    let get = |k: &str| tax.iter().find(|e| e.key == k).cloned();
    let baidu = get("actor/baidu").unwrap();
    assert_eq!(baidu.zh, "百度集团", "the user's name wins");
    assert_eq!(baidu.en, "Baidu Inc.", "fields the user did not touch follow the bundle");
    assert_eq!(baidu.aliases, vec!["百度公司", "Baidu"]);
    assert!(get("actor/tencent").is_none(), "a removal stays removed");
    assert_eq!(get("model/ernie-bot").unwrap().aliases, vec!["文心"]);
    assert_eq!(get("topic/compute").unwrap().aliases, vec!["计算量"]);
    assert_eq!(get("topic/energy").unwrap().origin, EntryOrigin::Bundled, "new entries appear");
    assert_eq!(get("actor/u-01-ai").unwrap().zh, "零一万物");
    // The matcher follows the merged taxonomy.
    let t = lib.suggest_tags_for_text("Yi和腾讯云谈能耗与计算量,文心").unwrap();
    assert_eq!(
        tags(&t),
        vec!["actor/零一万物", "topic/能耗", "topic/算力", "model/文心一言", "actor/百度集团"]
    );
    // Reset brings back the bundled entry.
    let back = lib.reset_taxonomy_entry("actor/tencent").unwrap();
    assert_eq!((back.tag.as_str(), back.origin), ("actor/腾讯", EntryOrigin::Bundled));
    assert!(lib.reset_taxonomy_entry("actor/u-01-ai").is_err());
    lib.remove_taxonomy_entry("actor/u-01-ai").unwrap();
    assert!(lib.taxonomy_entry("actor/u-01-ai").is_err());
    // Setting a field back to the bundled value makes it follow the bundle again.
    let e = lib
        .edit_taxonomy_entry(
            "actor/baidu",
            &EntryPatch { zh: Some("百度".into()), ..Default::default() },
        )
        .unwrap();
    assert_eq!(e.origin, EntryOrigin::Edited);
    assert!(lib.set_bundled_taxonomy("not json").is_err());
}

/// Two articles, a claim, evidence for and against and around it.
fn claim_fixture(lib: &mut Library) -> (Id, Highlight, Highlight, Highlight) {
    let a = lib
        .import_document(
            doc(
                "泛滥的大模型",
                ("光子星球", "吴坤谚", "2023-04-12"),
                &["其次,大模型并非通往强人工智能的唯一道路。", "GPT-3大模型需要训练355个GPU/年。"],
            ),
            None,
        )
        .unwrap()
        .article
        .id;
    let b = lib
        .import_document(
            doc(
                "In AI, is bigger always better?",
                ("Nature", "", "2023-03-08"),
                &["More is different: *scaling* keeps paying off."],
            ),
            None,
        )
        .unwrap()
        .article
        .id;
    let against = quote(lib, a, "大模型并非通往强人工智能的唯一道路", &["topic/大模型"]);
    let context = quote(lib, a, "GPT-3大模型需要训练355个GPU/年", &["topic/算力"]);
    let pro = quote(lib, b, "scaling* keeps paying off", &["stance/规模派"]);
    let claim = lib.create_claim("  大模型是唯一的正确道路吗 ").unwrap();
    lib.link_evidence(claim.id, pro.id, EvidenceRole::Supports, Some("Nature 报道的一方观点"))
        .unwrap();
    lib.link_evidence(claim.id, against.id, EvidenceRole::Opposes, None).unwrap();
    lib.link_evidence(claim.id, context.id, EvidenceRole::Context, Some("训练成本的量级")).unwrap();
    (claim.id, pro, against, context)
}

#[test]
fn a_claim_shows_its_evidence_side_by_side_with_sources() {
    let mut lib = Library::open_in_memory().unwrap();
    let (id, pro, against, context) = claim_fixture(&mut lib);
    let v = lib.claim(id).unwrap();
    assert_eq!(v.claim.text, "大模型是唯一的正确道路吗");
    assert_eq!((v.claim.supporting, v.claim.opposing, v.claim.context), (1, 1, 1));
    assert_eq!(v.supporting[0].highlight.id, pro.id);
    assert_eq!(v.supporting[0].source.title, "In AI, is bigger always better?");
    assert_eq!(v.supporting[0].source.site.as_deref(), Some("Nature"));
    assert_eq!(v.opposing[0].highlight.id, against.id);
    assert_eq!(v.opposing[0].source.author.as_deref(), Some("吴坤谚"));
    assert_eq!(v.opposing[0].source.published.as_deref(), Some("2023-04-12"));
    assert_eq!(v.context[0].note.as_deref(), Some("训练成本的量级"));
    assert!(lib.create_claim("大模型是唯一的正确道路吗").is_err(), "no duplicates");
    assert!(lib.create_claim("   ").is_err());

    // Relinking changes the role; unlinking removes it.
    lib.link_evidence(id, context.id, EvidenceRole::Opposes, Some("成本太高")).unwrap();
    let v = lib.claim(id).unwrap();
    assert_eq!((v.opposing.len(), v.context.len()), (2, 0));
    lib.unlink_evidence(id, context.id).unwrap();
    assert!(lib.unlink_evidence(id, context.id).is_err());

    // Trashed evidence is not counted; restored, it is back.
    lib.delete(ItemRef { kind: ItemKind::Highlight, id: pro.id }).unwrap();
    assert_eq!(lib.claims().unwrap()[0].supporting, 0);
    lib.restore(ItemRef { kind: ItemKind::Highlight, id: pro.id }).unwrap();
    assert_eq!(lib.claims().unwrap()[0].supporting, 1);

    let renamed = lib.rename_claim(id, "大模型是通往强人工智能的唯一道路").unwrap();
    assert_eq!(renamed.opposing, 1);
    let other = lib.create_claim("开源模型会追上闭源模型").unwrap();
    let list = lib.claims().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, other.id, "most recently changed first");

    // A claim goes to the trash and comes back with its links.
    lib.delete_claim(id).unwrap();
    assert!(lib.claim(id).is_err());
    assert!(lib.link_evidence(id, pro.id, EvidenceRole::Supports, None).is_err());
    let trash = lib.trash().unwrap();
    assert!(trash.iter().any(|t| t.item == ItemRef { kind: ItemKind::Claim, id }));
    lib.restore(ItemRef { kind: ItemKind::Claim, id }).unwrap();
    assert_eq!(lib.claim(id).unwrap().supporting.len(), 1);
    lib.delete_claim(id).unwrap();
    lib.empty_trash().unwrap();
    assert!(lib.claim(id).is_err());
    assert!(lib.highlight(pro.id).is_ok(), "deleting a claim keeps its highlights");
}

const BRIEF: &str = r#"---
title: "大模型是唯一的正确道路吗"
type: "claim-brief"
supporting: 1
opposing: 1
context: 1
zhaji_claim_id: 1
---

# 大模型是唯一的正确道路吗

## Evidence for (1)

> scaling\* keeps paying off

— *In AI, is bigger always better?* · Nature · 2023-03-08 · [[In AI, is bigger always better#^zh-3|↗ note]] · [↗ Zhaji](zhaji://article/2#20-45)

Nature 报道的一方观点

## Evidence against (1)

> 大模型并非通往强人工智能的唯一道路

— *泛滥的大模型* · 光子星球 · 吴坤谚 · 2023-04-12 · [[泛滥的大模型#^zh-1|↗ note]] · [↗ Zhaji](zhaji://article/1#3-20)

## Context (1)

> GPT-3大模型需要训练355个GPU/年

— *泛滥的大模型* · 光子星球 · 吴坤谚 · 2023-04-12 · [[泛滥的大模型#^zh-2|↗ note]] · [↗ Zhaji](zhaji://article/1#22-43)

训练成本的量级
"#;

#[test]
fn a_claim_brief_snapshot() {
    let mut lib = Library::open_in_memory().unwrap();
    let (id, ..) = claim_fixture(&mut lib);
    let md = lib.claim_brief(id).unwrap();
    assert_eq!(md, BRIEF, "\n{md}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.md");
    assert!(lib.export_claim_brief(id, &path).unwrap().written);
    assert!(!lib.export_claim_brief(id, &path).unwrap().written, "unchanged: left alone");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BRIEF);
}

#[test]
fn a_tag_brief_groups_highlights_with_the_tag_or_its_children_by_article_oldest_first() {
    let mut lib = Library::open_in_memory().unwrap();
    let new = lib
        .import_document(doc("新文", ("", "", "2024-01-01"), &["算力是基础,芯片是瓶颈。"]), None)
        .unwrap()
        .article
        .id;
    let old = lib
        .import_document(doc("旧文", ("", "", "2023-01-01"), &["算力不够。数据也不够。"]), None)
        .unwrap()
        .article
        .id;
    quote(&mut lib, new, "芯片是瓶颈", &["topic/算力/芯片"]);
    quote(&mut lib, new, "算力是基础", &["topic/算力"]);
    quote(&mut lib, old, "算力不够", &["topic/算力"]);
    quote(&mut lib, old, "数据也不够", &["topic/数据"]);
    let md = lib.tag_brief("#topic/算力").unwrap();
    let old_at = md.find("## 旧文").unwrap();
    let new_at = md.find("## 新文").unwrap();
    assert!(old_at < new_at, "{md}");
    assert!(md.find("> 算力是基础").unwrap() < md.find("> 芯片是瓶颈").unwrap(), "reading order");
    assert!(!md.contains("数据也不够"));
    assert!(md.contains("highlights: 3\n"));
    assert!(md.contains("#topic/算力/芯片"));
    let empty = lib.tag_brief("topic/无").unwrap();
    assert!(empty.contains("_No highlights carry this tag yet._"));
}

#[test]
fn done_when_a_new_user_follows_the_debate_on_the_seed() {
    let path = corpus_or_skip!(SEED);
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let seed = lib.import_file(&path).unwrap().article.id;
    let text = lib.article(seed).unwrap().text;
    let q = "GPT-3大模型需要训练355个GPU/年";
    let (s, e) = find(&text, q);
    let suggested = lib.suggest_tags(seed, s, e).unwrap();
    let h = lib
        .create_highlight(&HighlightSpec {
            article_id: seed,
            range: Some((s, e)),
            quote: None,
            occurrence: None,
            color: Color::Purple,
            tags: suggested.iter().map(|t| t.tag.clone()).collect(),
            note: None,
        })
        .unwrap();
    assert!(h.tags.contains(&"model/GPT-3".to_string()));
    let against = quote(&mut lib, seed, "大模型并非通往强人工智能的唯一道路", &[]);
    let other = lib
        .import_document(
            doc("Scaling", ("Blog", "", ""), &["Bigger models keep getting better."]),
            None,
        )
        .unwrap()
        .article
        .id;
    let pro = quote(&mut lib, other, "Bigger models keep getting better", &[]);
    let c = lib.create_claim("大模型是唯一的正确道路吗").unwrap();
    lib.link_evidence(c.id, pro.id, EvidenceRole::Supports, None).unwrap();
    lib.link_evidence(c.id, against.id, EvidenceRole::Opposes, Some("原文的反方")).unwrap();
    let v = lib.claim(c.id).unwrap();
    assert_ne!(v.supporting[0].source.article_id, v.opposing[0].source.article_id);
    let out = dir.path().join("brief.md");
    lib.export_claim_brief(c.id, &out).unwrap();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("> 大模型并非通往强人工智能的唯一道路"));
    assert!(md.contains(&format!("zhaji://article/{seed}#")));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any text: suggestions and figures never panic, and every span is inside the text.
    #[test]
    fn arbitrary_text_never_panics(s in "[a-zA-Z0-9０-９ .,$%-]{0,20}[\\p{Han}亿万十百千个到美元%.]{0,30}\\PC{0,40}") {
        let lib = Library::open_in_memory().unwrap();
        let n = s.chars().count() as u32;
        let norm = text::normalize(&s);
        let _ = lib.suggest_tags_for_text(&s).unwrap();
        for f in debate::figures::find_figures(&norm) {
            proptest::prop_assert!(f.start < f.end && f.end as usize <= norm.chars().count());
            proptest::prop_assert!(f.sentence_start <= f.start && f.end <= f.sentence_end);
        }
        let _ = n;
    }
}

#[test]
fn an_article_export_names_the_claims_each_highlight_bears_on() {
    let mut lib = Library::open_in_memory().unwrap();
    let (_, pro, against, _) = claim_fixture(&mut lib);
    let dir = tempfile::tempdir().unwrap();
    let zh = ExportOptions { lang: zhaji::export::ExportLang::Zh, ..Default::default() };
    let report = lib.export_markdown(dir.path(), &zh).unwrap();
    let text = |article: Id| {
        let f = report.files.iter().find(|f| f.article_id == article).unwrap();
        std::fs::read_to_string(&f.path).unwrap()
    };
    let a = text(lib.highlight(against.id).unwrap().article_id);
    let b = text(lib.highlight(pro.id).unwrap().article_id);
    assert!(a.contains("反对: *大模型是唯一的正确道路吗*"), "{a}");
    assert!(a.contains("背景: *大模型是唯一的正确道路吗*"), "{a}");
    assert!(b.contains("支持: *大模型是唯一的正确道路吗*"), "{b}");
    // The line follows its highlight's entry, before the next highlight.
    let at = a.find(&format!("^zh-{}\n", against.id)).unwrap();
    let rest = &a[at + 3..];
    let next = rest.find("^zh-").unwrap_or(rest.len());
    assert!(rest[..next].contains("反对:"), "{a}");
}
