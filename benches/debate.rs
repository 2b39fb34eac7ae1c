//! Benchmarks of the debate features against the goals.
//!
//! `cargo bench --bench debate` generates a taxonomy of 5,000 entries (the bundled one plus
//! generated companies, models, people and topics, each with Chinese and English names and two
//! aliases, about 20,000 names in all) and measures:
//! - building the matcher (once per taxonomy change);
//! - tag suggestions for a 200-character passage (goal: < 1 ms);
//! - the who & what panel of a 50,000-character mixed Chinese/English article, through the
//!   façade, text loading from SQLite included (goal: < 20 ms);
//! - the figures scanner alone on the same article.
//!
//! Medians and 99th percentiles are printed.

mod common;

use common::Rng;
use std::time::{Duration, Instant};
use zhaji::import::{Block, Document};
use zhaji::*;

const SYLLABLES: &[&str] = &[
    "华", "智", "云", "星", "海", "天", "远", "新", "科", "源", "数", "联", "达", "通", "明", "宇",
    "恒", "腾", "盛", "极",
];
const LATIN: &[&str] =
    &["neo", "quant", "astra", "lumen", "vect", "orion", "nova", "tera", "flux", "sigma"];

/// A taxonomy file: the bundled entries plus generated ones up to `n`.
fn taxonomy_json(n: usize) -> String {
    let bundled: serde_json::Value =
        serde_json::from_str(include_str!("../data/taxonomy.json")).unwrap();
    let mut entries = bundled["entries"].as_array().unwrap().clone();
    let mut rng = Rng(0x5eed);
    let kinds = ["actor", "model", "person", "topic"];
    let mut i = 0;
    while entries.len() < n {
        let zh: String =
            (0..2 + rng.below(3)).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
        let en = format!("{}{}", LATIN[rng.below(LATIN.len())], i);
        entries.push(serde_json::json!({
            "kind": kinds[i % 4],
            "id": format!("gen-{i}"),
            "zh": format!("{zh}{i}号"),
            "en": en,
            "aliases": [format!("{en} AI"), format!("{zh}{i}")],
        }));
        i += 1;
    }
    serde_json::json!({"format": 1, "version": "bench", "entries": entries}).to_string()
}

const ZH: &[&str] = &[
    "大模型",
    "算力",
    "芯片",
    "数据",
    "训练",
    "推理",
    "参数",
    "成本",
    "商业化",
    "开源",
    "生态",
    "百度",
    "阿里云",
    "腾讯",
    "华为",
    "的",
    "了",
    "在",
    "是",
    "需要",
    "GPU",
    "OpenAI",
    "GPT-4",
    "文心一言",
    "通义千问",
    "李彦宏",
    "1750亿",
    "3.4千兆瓦时",
    "1万美元到2万美元",
    "30万倍",
    "2023年",
    "4月11日",
    "蒸馏",
    "能耗",
    "，",
    "。",
];
const EN: &[&str] = &[
    "the",
    "model",
    "compute",
    "scaling",
    "Meta",
    "metadata",
    "Google",
    "NVIDIA",
    "chips",
    "$4.6 million",
    "355 GPU-years",
    "10%",
    "parameters",
    "open source",
    "is",
    "of",
    ".",
];

fn article_text(rng: &mut Rng, chars: usize) -> Vec<String> {
    let mut paras = Vec::new();
    let mut total = 0;
    while total < chars {
        let mut p = String::new();
        while p.chars().count() < 300 {
            if rng.below(5) == 0 {
                p.push(' ');
                p.push_str(EN[rng.below(EN.len())]);
                p.push(' ');
            } else {
                p.push_str(ZH[rng.below(ZH.len())]);
            }
        }
        total += p.chars().count() + 1;
        paras.push(p);
    }
    paras
}

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 99 / 100).min(v.len() - 1)])
}

fn main() {
    let entries = 5_000;
    let json = taxonomy_json(entries);
    let mut lib = Library::open_in_memory().unwrap();
    lib.set_bundled_taxonomy(&json).unwrap();

    let t = Instant::now();
    let tax = lib.taxonomy().unwrap();
    let build = t.elapsed();
    let names: usize = tax.iter().map(|e| 2 + e.aliases.len()).sum();
    println!("taxonomy: {} entries, {names} names; matcher built in {build:.2?}", tax.len());

    let mut rng = Rng(42);
    let paras = article_text(&mut rng, 50_000);
    let doc = Document {
        meta: ArticleMeta { title: "bench".into(), ..Default::default() },
        blocks: paras
            .iter()
            .map(|p| Block {
                kind: PassageKind::Paragraph,
                level: 0,
                text: p.clone(),
                links: vec![],
            })
            .collect(),
        format: "text".into(),
        encoding: "UTF-8".into(),
        ..Default::default()
    };
    let id = lib.import_document(doc, None).unwrap().article.id;
    let text = lib.article(id).unwrap().text;
    let len = text.chars().count() as u32;
    println!("article: {len} characters");

    // Suggestions for 200-character passages at varied places.
    let mut times = Vec::new();
    let mut found = 0;
    for k in 0..2_000u32 {
        let start = (k * 7919) % (len - 200);
        let t = Instant::now();
        let s = lib.suggest_tags(id, start, start + 200).unwrap();
        times.push(t.elapsed());
        found += s.len();
    }
    let (med, p99) = stats(times);
    println!(
        "suggest_tags (200 chars, via the façade, passages loaded from SQLite): median {med:.2?}, p99 {p99:.2?} ({} suggestions on average)",
        found / 2_000
    );
    let passage: String = text.chars().take(200).collect();
    let mut times = Vec::new();
    for _ in 0..5_000 {
        let t = Instant::now();
        let _ = lib.suggest_tags_for_text(&passage).unwrap();
        times.push(t.elapsed());
    }
    let (med, p99) = stats(times);
    println!("suggest_tags_for_text (200 chars): median {med:.2?}, p99 {p99:.2?} (goal < 1 ms)");

    let mut times = Vec::new();
    let mut w = None;
    for _ in 0..50 {
        let t = Instant::now();
        w = Some(lib.who_and_what(id).unwrap());
        times.push(t.elapsed());
    }
    let (med, p99) = stats(times);
    let w = w.unwrap();
    let mentions: u32 = w.entities.iter().map(|e| e.count).sum();
    println!(
        "who_and_what (50,000 chars): median {med:.2?}, p99 {p99:.2?} (goal < 20 ms); {} entities, {mentions} mentions, {} figures",
        w.entities.len(),
        w.figures.len()
    );

    let mut times = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let _ = debate::figures::find_figures(&text);
        times.push(t.elapsed());
    }
    let (med, p99) = stats(times);
    println!("figures alone (50,000 chars): median {med:.2?}, p99 {p99:.2?}");
}
