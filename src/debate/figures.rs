//! Finding the figures an article cites: numbers with a unit, a currency or a magnitude, in
//! Chinese and English (`1750亿`, `3.4千兆瓦时`, `1万到2万美元`, `30万倍`, `355 GPU-years`,
//! `$4.6 million`, `89%`), each with the sentence around it.
//!
//! What counts as a figure, and why:
//! - A number needs a unit, a currency, a percent sign or a magnitude (`万`, `亿`, `million`).
//!   A bare number (`2023阿里云峰会`, `AI 2.0`) is too often a name or a version to be worth
//!   listing.
//! - Years and dates are not figures: `年` and `月`/`日` are not units, so `2023年` and
//!   `4月11日` are never listed. They are context, not claims; a reader looking for the
//!   numbers of an argument does not want every date. Durations with a counter are figures
//!   (`3.43个月`), bare ones are not (`两年`).
//! - A number glued to a Latin name is part of the name: `GPT-3`, `M6`, `DeepSeek-V3`,
//!   `ChatGPT3.5` give no figure.
//! - Chinese numerals count when they carry a magnitude (`十万亿参数`, `数十亿美元`,
//!   `上千万美元`) and begin like a number (`十…`, `一…`) or after `数`/`上`/`近`/`几`/`超`;
//!   so `千行百业` and `千万` ("by all means") are not figures.
//! - A range is one figure (`1万美元到2万美元`, `1万到2万美元`, `1亿到上千亿`): its first value
//!   is `value`, its second `value_to`.
//!
//! The scanner is a hand-written single pass over the characters (no regular expressions); only
//! characters that can start a figure are looked at closely.

use super::types::{Figure, FigureKind};

/// Units written after a Chinese or English number, lowercase (the text is folded before
/// matching); where several match, the longest wins.
const MONEY_UNITS: &[&str] = &[
    "美元",
    "美金",
    "人民币",
    "元",
    "港元",
    "港币",
    "欧元",
    "英镑",
    "日元",
    "dollars",
    "dollar",
    "yuan",
    "usd",
    "rmb",
    "euros",
];
const PERCENT_UNITS: &[&str] =
    &["%", "％", "个百分点", "百分点", "percent", "per cent", "percentage points", "‰"];
const MULTIPLE_UNITS: &[&str] = &["倍", "times", "x", "×"];
const QUANTITY_UNITS: &[&str] = &[
    "千兆瓦时",
    "兆瓦时",
    "千瓦时",
    "太瓦时",
    "吉瓦时",
    "瓦时",
    "度电",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "纳米",
    "参数",
    "块",
    "张",
    "台",
    "家",
    "颗",
    "枚",
    "位",
    "名",
    "人",
    "次",
    "小时",
    "天",
    "周",
    "tokens",
    "token",
    "词元",
    "gpu-years",
    "gpu years",
    "gpu-hours",
    "gpu hours",
    "gpu/年",
    "gpu年",
    "gpus",
    "gpu",
    "parameters",
    "params",
    "users",
    "chips",
    "hours",
    "days",
    "gwh",
    "mwh",
    "kwh",
    "twh",
    "gw",
    "mw",
    "kw",
    "nm",
    "tb",
    "pb",
    "gb",
    "flops",
    "flop",
    "petaflop/s-days",
    "h100s",
    "h100",
    "a100s",
    "a100",
];
/// What may follow the measure word `个` to make a longer unit (`4260个AI加速卡`).
const AFTER_GE: &[&str] = &[
    "月",
    "小时",
    "百分点",
    "gpu/年",
    "gpu年",
    "gpu",
    "ai加速卡",
    "加速卡",
    "芯片",
    "参数",
    "家庭",
    "用户",
    "模型",
    "国家",
    "行业",
];
/// Chinese magnitudes after an Arabic number (`1750亿`, `30万`).
const CJK_MAGNITUDES: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("十亿", 1e9),
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("亿", 1e8),
    ("万", 1e4),
];
const EN_MAGNITUDES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("mn", 1e6),
];
/// Short magnitudes, only right after a currency figure (`$4.6M`, `$100B`).
const SHORT_MAGNITUDES: &[(&str, f64)] = &[("k", 1e3), ("m", 1e6), ("b", 1e9), ("t", 1e12)];
const CURRENCY_PREFIXES: &[&str] = &["us$", "$", "¥", "￥", "€", "£", "rmb", "usd"];
const RANGE_JOINERS: &[&str] = &["到", "至", "~", "～", "〜", "-", "–", "—", " to ", " - "];
const CN_DIGITS: &str = "〇零一二两三四五六七八九";
const CN_SMALL: &str = "十百千";
const CN_BIG: &str = "万亿";
const CN_APPROX_PREFIX: &str = "数上近几超逾";

/// One side of a figure, as parsed.
#[derive(Clone, Copy)]
struct Part {
    end: usize,
    value: Option<f64>,
    /// Where the unit is written, as a range of code points.
    unit: Option<(usize, usize)>,
    kind: FigureKind,
    /// A unit, magnitude, currency or percent was found: it is a figure, not a bare number.
    marked: bool,
}

/// Every figure in `text`, in reading order, with code-point offsets.
pub fn find_figures(text: &str) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| fold(*c)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Most characters cannot start a figure; only those that can are looked at closely.
        if !may_start(lower[i]) {
            i += 1;
            continue;
        }
        match figure_at(&lower, i) {
            Some((start, end, first, second)) => {
                // A range's unit may be written only once, after its second number.
                let (unit, kind) = match &second {
                    Some(s) if first.unit.is_none() => (s.unit, s.kind),
                    _ => (first.unit, first.kind),
                };
                let (ss, se) = sentence_around(&chars, start, end);
                out.push(Figure {
                    text: chars[start..end].iter().collect(),
                    start: start as u32,
                    end: end as u32,
                    kind,
                    value: first.value,
                    value_to: second.and_then(|s| s.value),
                    unit: unit.map(|(a, b)| chars[a..b].iter().collect()).unwrap_or_default(),
                    sentence: chars[ss..se].iter().collect(),
                    sentence_start: ss as u32,
                    sentence_end: se as u32,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a figure can begin with `c`: a digit, a currency sign or code, or a Chinese
/// numeral or approximate prefix.
fn may_start(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, '$' | '¥' | '￥' | '€' | '£' | 'u' | 'r')
        || CN_DIGITS.contains(c)
        || c == '十'
        || CN_APPROX_PREFIX.contains(c)
}

/// Lowercases ASCII and maps full-width digits, letters and signs to ASCII, one for one, so that
/// offsets stay those of the text.
fn fold(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' | '＄' | '％' => {
            let a = char::from_u32(c as u32 - 0xfee0).unwrap_or(c);
            a.to_ascii_lowercase()
        }
        c => c.to_ascii_lowercase(),
    }
}

fn starts_with_at(s: &[char], i: usize, pat: &str) -> bool {
    let mut rest = s.get(i..).unwrap_or(&[]).iter();
    pat.chars().all(|p| rest.next() == Some(&p))
}

/// The longest of `list` at `i`; Latin entries must not be followed by another Latin letter.
fn longest_at<'a>(s: &[char], i: usize, list: &[&'a str]) -> Option<&'a str> {
    list.iter()
        .filter(|p| starts_with_at(s, i, p))
        .filter(|p| {
            let last = p.chars().last().unwrap_or(' ');
            let next = s.get(i + p.chars().count()).copied().unwrap_or(' ');
            !(last.is_ascii_alphabetic() && next.is_ascii_alphabetic())
        })
        .max_by_key(|p| p.chars().count())
        .copied()
}

fn figure_at(s: &[char], i: usize) -> Option<(usize, usize, Part, Option<Part>)> {
    if i > 0 && !left_boundary_ok(s, i) {
        return None;
    }
    let first = part_at(s, i, true)?;
    // A range: `A到B`, where B is a number with or without its own unit.
    let mut second = None;
    if let Some(j) = longest_at(s, first.end, RANGE_JOINERS) {
        let k = first.end + j.chars().count();
        if let Some(p) = part_at(s, k, true) {
            let compatible = first.unit.is_none() || p.unit.is_none() || p.kind == first.kind;
            // `3-5` alone is not a range worth listing; `3-5倍` is.
            if compatible && (p.marked || first.marked) {
                second = Some(p);
            }
        }
    }
    let marked = first.marked || second.as_ref().is_some_and(|p| p.marked);
    if !marked {
        return None;
    }
    let end = second.as_ref().map_or(first.end, |p| p.end);
    Some((i, end, first, second))
}

/// A number may not continue a Latin word or a version (`GPT-3`, `V3`, `v1.5`, `3600`).
fn left_boundary_ok(s: &[char], i: usize) -> bool {
    let prev = s[i - 1];
    if prev.is_ascii_alphanumeric() {
        // `$`-prefixed figures start at the sign; a number right after a letter is a name.
        return false;
    }
    if matches!(prev, '-' | '.' | '/' | '_') && i >= 2 && s[i - 2].is_ascii_alphanumeric() {
        return false;
    }
    true
}

/// A number with what follows it (magnitude, unit), starting exactly at `i`.
fn part_at(s: &[char], i: usize, allow_currency: bool) -> Option<Part> {
    let mut j = i;
    let mut currency = None;
    if allow_currency {
        if let Some(c) = longest_at(s, i, CURRENCY_PREFIXES) {
            let k = i + c.chars().count();
            let k = if s.get(k) == Some(&' ') { k + 1 } else { k };
            if s.get(k).is_some_and(|c| c.is_ascii_digit()) {
                currency = Some(c);
                j = k;
            }
        }
    }
    let (mut j, mut value, cn) = if let Some((end, v)) = arabic_at(s, j) {
        (end, Some(v), false)
    } else if currency.is_none() {
        let (end, v) = chinese_at(s, j)?;
        (end, v, true)
    } else {
        return None;
    };
    let mut marked = currency.is_some() || cn;
    // An approximate `余`/`多`/`来` between the number and its unit (`100余倍`).
    if !cn && matches!(s.get(j), Some('余' | '多')) {
        j += 1;
    }
    // Units first: `千兆瓦时` is a unit, even though `千` could start a magnitude.
    let mut unit = unit_at(s, j, !cn);
    if unit.is_none() && !cn {
        if let Some(m) = CJK_MAGNITUDES
            .iter()
            .filter(|(m, _)| starts_with_at(s, j, m))
            .max_by_key(|(m, _)| m.chars().count())
        {
            value = value.map(|v| v * m.1);
            j += m.0.chars().count();
            marked = true;
        } else {
            let k = if s.get(j) == Some(&' ') { j + 1 } else { j };
            let en = magnitude_at(s, k, EN_MAGNITUDES);
            let short = if currency.is_some() && k == j {
                magnitude_at(s, j, SHORT_MAGNITUDES)
            } else {
                None
            };
            if let Some(m) = en.or(short) {
                let at = if en.is_some() { k } else { j };
                value = value.map(|v| v * m.1);
                j = at + m.0.chars().count();
                marked = true;
            }
        }
        if matches!(s.get(j), Some('多' | '余')) && matches!(s.get(j + 1), Some(c) if !c.is_ascii())
        {
            j += 1;
        }
        unit = unit_at(s, j, true);
    }
    let (unit_range, kind) = match unit {
        Some((kind, a, b)) => {
            j = b;
            marked = true;
            (Some((a, b)), kind)
        }
        None => (None, FigureKind::Quantity),
    };
    let kind = if currency.is_some() { FigureKind::Money } else { kind };
    if cn && unit_range.is_none() && !matches!(s.get(j - 1), Some('万' | '亿')) {
        return None;
    }
    Some(Part { end: j, value, unit: unit_range, kind, marked })
}

/// A Latin magnitude word at `j`, not followed by another letter (`million`, not `millions`
/// of something else glued on).
fn magnitude_at(
    s: &[char],
    j: usize,
    list: &'static [(&'static str, f64)],
) -> Option<&'static (&'static str, f64)> {
    list.iter()
        .filter(|(m, _)| starts_with_at(s, j, m))
        .filter(|(m, _)| !s.get(j + m.chars().count()).is_some_and(|c| c.is_ascii_alphabetic()))
        .max_by_key(|(m, _)| m.chars().count())
}

/// Every unit by its first character, so that a position is checked only against the units
/// that could start there.
fn unit_index() -> &'static std::collections::HashMap<char, Vec<(&'static str, FigureKind)>> {
    static INDEX: std::sync::OnceLock<
        std::collections::HashMap<char, Vec<(&'static str, FigureKind)>>,
    > = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: std::collections::HashMap<char, Vec<(&'static str, FigureKind)>> =
            std::collections::HashMap::new();
        let groups: [(&'static [&'static str], FigureKind); 4] = [
            (MONEY_UNITS, FigureKind::Money),
            (PERCENT_UNITS, FigureKind::Percent),
            (MULTIPLE_UNITS, FigureKind::Multiple),
            (QUANTITY_UNITS, FigureKind::Quantity),
        ];
        for (list, kind) in groups {
            for u in list {
                if let Some(c) = u.chars().next() {
                    map.entry(c).or_default().push((u, kind));
                }
            }
        }
        map
    })
}

/// A unit at `j` (after an optional space for Latin units): its kind and where it is written.
fn unit_at(s: &[char], j: usize, allow_space: bool) -> Option<(FigureKind, usize, usize)> {
    for start in [j, j + 1] {
        if start == j + 1 && !(allow_space && s.get(j) == Some(&' ')) {
            break;
        }
        let Some(candidates) = s.get(start).and_then(|c| unit_index().get(c)) else {
            continue;
        };
        let mut best: Option<(&str, FigureKind)> = None;
        for &(u, kind) in candidates {
            if !starts_with_at(s, start, u) {
                continue;
            }
            let n = u.chars().count();
            let latin = u.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if latin && s.get(start + n).is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            // Glued Latin units only for the short technical ones; after a space, any Latin
            // unit, but `x` only glued (`10x`).
            if start > j && (!latin || u == "x") {
                continue;
            }
            if best.is_none_or(|(b, _)| n > b.chars().count()) {
                best = Some((u, kind));
            }
        }
        if let Some((u, kind)) = best {
            return Some((kind, start, start + u.chars().count()));
        }
    }
    // The measure word `个`, with what it counts when that is a known unit.
    if s.get(j) == Some(&'个') {
        if let Some(u) = longest_at(s, j + 1, AFTER_GE) {
            let kind = if u == "百分点" { FigureKind::Percent } else { FigureKind::Quantity };
            return Some((kind, j, j + 1 + u.chars().count()));
        }
        return Some((FigureKind::Quantity, j, j + 1));
    }
    None
}

/// An Arabic number at `i` (`1750`, `3.43`, `1,750.5`), with its end and value.
fn arabic_at(s: &[char], i: usize) -> Option<(usize, f64)> {
    let mut j = i;
    let mut digits = String::new();
    while j < s.len() && s[j].is_ascii_digit() {
        digits.push(s[j]);
        j += 1;
        // Thousands groups: a comma followed by exactly three digits.
        if s.get(j) == Some(&',')
            && (1..=3).all(|k| s.get(j + k).is_some_and(|c| c.is_ascii_digit()))
            && !s.get(j + 4).is_some_and(|c| c.is_ascii_digit())
        {
            j += 1;
        }
    }
    if digits.is_empty() {
        return None;
    }
    if s.get(j) == Some(&'.') && s.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        digits.push('.');
        j += 1;
        while j < s.len() && s[j].is_ascii_digit() {
            digits.push(s[j]);
            j += 1;
        }
    }
    let v: f64 = digits.parse().ok()?;
    Some((j, v))
}

/// A Chinese numeral with a magnitude at `i` (`十万亿`, `上千万`, `数十亿`): its end and, when
/// it is exact, its value.
fn chinese_at(s: &[char], i: usize) -> Option<(usize, Option<f64>)> {
    let approx = s.get(i).is_some_and(|c| CN_APPROX_PREFIX.contains(*c));
    let start = if approx { i + 1 } else { i };
    let first = *s.get(start)?;
    let begins_like_a_number = CN_DIGITS.contains(first) || first == '十';
    if !(begins_like_a_number || approx && (CN_SMALL.contains(first) || CN_BIG.contains(first))) {
        return None;
    }
    let mut j = start;
    while j < s.len()
        && (CN_DIGITS.contains(s[j]) || CN_SMALL.contains(s[j]) || CN_BIG.contains(s[j]))
    {
        j += 1;
    }
    let run = &s[start..j];
    if !run.iter().any(|c| CN_SMALL.contains(*c) || CN_BIG.contains(*c)) {
        return None;
    }
    let value = if approx { None } else { chinese_value(run) };
    Some((j, value))
}

/// The value of a Chinese numeral (`十万亿` → 1e13, `一亿五千万` → 1.5e8).
fn chinese_value(run: &[char]) -> Option<f64> {
    let (mut total, mut section, mut num) = (0.0f64, 0.0f64, 0.0f64);
    for &c in run {
        if let Some(d) = CN_DIGITS.chars().position(|x| x == c) {
            // 〇零一二两三四五六七八九: 〇 and 零 are both 0, 两 is 2.
            num = match d {
                0 | 1 => 0.0,
                2 => 1.0,
                3 | 4 => 2.0,
                n => (n - 2) as f64,
            };
        } else if let Some(p) = CN_SMALL.chars().position(|x| x == c) {
            let unit = 10f64.powi(p as i32 + 1);
            section += if num == 0.0 { 1.0 } else { num } * unit;
            num = 0.0;
        } else if c == '万' {
            let s = section + num;
            section = if s == 0.0 { 1.0 } else { s } * 1e4;
            num = 0.0;
        } else if c == '亿' {
            let s = section + num;
            total = (total + if s == 0.0 && total == 0.0 { 1.0 } else { s }) * 1e8;
            section = 0.0;
            num = 0.0;
        } else {
            return None;
        }
    }
    Some(total + section + num)
}

/// The sentence around `start..end`: from after the previous sentence end to the next one,
/// its closing quotes included, white space trimmed.
fn sentence_around(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let is_end = |i: usize| -> bool {
        match chars[i] {
            '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' => true,
            '.' => chars.get(i + 1).is_none_or(|c| c.is_whitespace()),
            _ => false,
        }
    };
    let mut s = start;
    while s > 0 && !is_end(s - 1) {
        s -= 1;
    }
    let mut e = end;
    while e < chars.len() && !is_end(e) {
        e += 1;
    }
    if e < chars.len() && chars[e] != '\n' {
        e += 1;
        while e < chars.len() && matches!(chars[e], '”' | '’' | '」' | '』' | ')' | '）' | '"')
        {
            e += 1;
        }
    }
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        find_figures(t).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn chinese_figures_with_units_magnitudes_and_ranges() {
        assert_eq!(texts("参数达到1750亿,用了两年"), vec!["1750亿"]);
        assert_eq!(texts("耗电3.4千兆瓦时,"), vec!["3.4千兆瓦时"]);
        assert_eq!(texts("单块1万美元到2万美元的售价"), vec!["1万美元到2万美元"]);
        assert_eq!(texts("单块1万到2万美元"), vec!["1万到2万美元"]);
        assert_eq!(texts("计算量已扩大30万倍"), vec!["30万倍"]);
        assert_eq!(texts("发布十万亿参数的模型"), vec!["十万亿参数"]);
        assert_eq!(texts("便是数十亿美元。成本上千万美元"), vec!["数十亿美元", "上千万美元"]);
        assert_eq!(
            texts("需要训练355个GPU/年,4260个AI加速卡"),
            vec!["355个GPU/年", "4260个AI加速卡"]
        );
        assert_eq!(
            texts("有89%为清洁能源,14nm芯片,GPT-2的100余倍"),
            vec!["89%", "14nm", "100余倍"]
        );
        let f = &find_figures("参数达到1750亿")[0];
        assert_eq!(f.value, Some(1.75e11));
        assert_eq!(find_figures("十万亿参数")[0].value, Some(1e13));
        let r = &find_figures("1万美元到2万美元")[0];
        assert_eq!((r.value, r.value_to, r.kind), (Some(1e4), Some(2e4), FigureKind::Money));
        assert_eq!(r.unit, "美元");
    }

    #[test]
    fn dates_versions_names_and_bare_numbers_are_not_figures() {
        for t in [
            "4月11日的2023阿里云峰会上",
            "2020年,OpenAI推出GPT-3",
            "ERNIE 3.0 Titan和M6,DeepSeek-V3与ChatGPT3.5",
            "AI 2.0时代,千行百业,千万不要,两个月",
            "数以万计",
        ] {
            assert!(texts(t).is_empty(), "{t}: {:?}", texts(t));
        }
    }

    #[test]
    fn english_figures() {
        assert_eq!(
            texts("GPT-3 took 355 GPU-years and $4.6 million; 10% of 175 billion parameters, 10x."),
            vec!["355 GPU-years", "$4.6 million", "10%", "175 billion parameters", "10x"]
        );
        let f = &find_figures("cost $4.6 million.")[0];
        assert_eq!((f.value, f.kind), (Some(4.6e6), FigureKind::Money));
        assert_eq!(find_figures("355 GPU-Years")[0].unit, "GPU-Years");
    }

    #[test]
    fn each_figure_has_its_sentence() {
        let t = "第一句。谷歌耗电3.4千兆瓦时,这相当于一年的能源消耗。第三句";
        let f = &find_figures(t)[0];
        assert_eq!(f.sentence, "谷歌耗电3.4千兆瓦时,这相当于一年的能源消耗。");
        let cs: Vec<char> = t.chars().collect();
        let s: String = cs[f.sentence_start as usize..f.sentence_end as usize].iter().collect();
        assert_eq!(s, f.sentence);
    }

    #[test]
    fn chinese_numerals_read_right() {
        let v = |s: &str| chinese_value(&s.chars().collect::<Vec<_>>());
        assert_eq!(v("十万亿"), Some(1e13));
        assert_eq!(v("一亿五千万"), Some(1.5e8));
        assert_eq!(v("三千"), Some(3000.0));
        assert_eq!(v("十"), Some(10.0));
        assert_eq!(v("两万"), Some(2e4));
    }
}
