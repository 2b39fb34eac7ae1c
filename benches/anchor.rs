//! Re-anchoring benchmarks: 200 highlights in a 50,000-character mixed Chinese/English article
//! after an edit, and single fuzzy searches over the whole article.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use zhaji::anchor::{AnchorText, Found, Quote};

/// A small deterministic generator, so the article is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const ZH_WORDS: &[&str] = &[
    "大模型",
    "算力",
    "芯片",
    "数据中心",
    "推理",
    "训练",
    "开源",
    "参数",
    "英伟达",
    "融资",
    "估值",
    "监管",
    "智能体",
    "多模态",
    "向量数据库",
    "中文",
    "语料",
    "成本",
    "效率",
    "发布",
    "合作",
    "创业公司",
    "云厂商",
    "用户",
    "应用",
    "市场",
    "增长",
    "下降",
    "𠮷",
    "😀",
    "第",
    "的",
    "了",
    "在",
];
const EN_WORDS: &[&str] = &[
    "model",
    "inference",
    "GPU",
    "training",
    "open-weight",
    "benchmark",
    "token",
    "latency",
    "startup",
    "funding",
    "regulation",
    "agent",
    "context",
    "window",
    "cost",
    "the",
    "of",
    "and",
    "OpenAI",
    "DeepSeek",
    "Anthropic",
    "cluster",
    "🚀",
];

/// About `n` characters of sentences mixing Chinese and English words, with numbers that make
/// most longer stretches unique, as real articles are.
fn article(rng: &mut Lcg, n: usize) -> Vec<char> {
    let mut s = String::new();
    let mut i = 0;
    while s.chars().count() < n {
        for _ in 0..(6 + rng.next(10)) {
            if rng.next(3) == 0 {
                s.push(' ');
                s.push_str(EN_WORDS[rng.next(EN_WORDS.len())]);
                s.push(' ');
            } else {
                s.push_str(ZH_WORDS[rng.next(ZH_WORDS.len())]);
            }
        }
        i += 1;
        s.push_str(&format!("{}。", i * 7 + rng.next(1000)));
        if rng.next(6) == 0 {
            s.push('\n');
        }
    }
    s.chars().take(n).collect()
}

struct Case {
    new_text: String,
    quotes: Vec<(Quote, (usize, usize))>,
}

/// 200 highlights, then a paragraph inserted a third of the way in and eight one-character typos.
fn case() -> Case {
    let mut rng = Lcg(42);
    let mut text = article(&mut rng, 50_000);
    let old = AnchorText::new(&text.iter().collect::<String>());
    let quotes: Vec<_> = (0..200)
        .map(|h| {
            let start = h * 245 + rng.next(100);
            let end = start + 5 + rng.next(75);
            (old.describe(start, end).expect("in range"), (start, end))
        })
        .collect();
    for _ in 0..8 {
        let at = rng.next(text.len());
        text[at] = '错';
    }
    let paragraph = article(&mut Lcg(7), 800);
    let at = text.len() / 3;
    text.splice(at..at, paragraph);
    Case { new_text: text.into_iter().collect(), quotes }
}

fn bench(c: &mut Criterion) {
    let case = case();
    let text = AnchorText::new(&case.new_text);
    let mut tally = [0usize; 4];
    for (q, hint) in &case.quotes {
        let i = match text.locate(q, *hint).map(|l| l.how) {
            Some(Found::Position) => 0,
            Some(Found::Exact) => 1,
            Some(Found::Fuzzy) => 2,
            None => 3,
        };
        tally[i] += 1;
    }
    eprintln!(
        "200 highlights: {} by position, {} exact, {} fuzzy, {} orphaned",
        tally[0], tally[1], tally[2], tally[3]
    );

    c.bench_function("reanchor_200_in_50k_after_edit", |b| {
        b.iter(|| {
            let text = AnchorText::new(black_box(&case.new_text));
            case.quotes.iter().filter(|(q, hint)| text.locate(q, *hint).is_some()).count()
        })
    });

    // One fuzzy search over the whole text (symbols already built): a 60-character and a
    // 300-character quote with typos, placed far from their hints.
    let chars: Vec<char> = case.new_text.chars().collect();
    for len in [60usize, 300] {
        let start = 40_000;
        let mut exact: Vec<char> = chars[start..start + len].to_vec();
        exact[len / 2] = '误';
        exact[len / 3] = '差';
        let quote = Quote {
            exact: exact.iter().collect(),
            prefix: chars[start - 32..start].iter().collect(),
            suffix: chars[start + len..start + len + 32].iter().collect(),
        };
        assert!(text.locate(&quote, (0, len)).is_some_and(|l| l.how == Found::Fuzzy));
        c.bench_function(&format!("fuzzy_{len}_chars_in_50k"), |b| {
            b.iter(|| text.locate(black_box(&quote), (0, len)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
