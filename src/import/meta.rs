//! Metadata found in a document's own text: bylines, titles, language, and YAML front matter.

use super::blocks::is_cjk_wide;
use crate::model::ArticleMeta;
use yaml_rust2::{Yaml, YamlLoader};

/// What a byline says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    pub author: Option<String>,
    pub site: Option<String>,
}

/// Labels that start a byline field, and which field they fill (`None`: recognised, not kept).
const LABELS: &[(&str, Option<Field>)] = &[
    ("来源", Some(Field::Site)),
    ("出处", Some(Field::Site)),
    ("出品", Some(Field::Site)),
    ("作者", Some(Field::Author)),
    ("撰文", Some(Field::Author)),
    ("文", Some(Field::Author)),
    ("记者", Some(Field::Author)),
    ("编辑", None),
    ("责编", None),
    ("责任编辑", None),
    ("编译", None),
    ("校对", None),
    ("头图", None),
    ("图片", None),
    ("Source", Some(Field::Site)),
    ("Publication", Some(Field::Site)),
    ("Author", Some(Field::Author)),
    ("Authors", Some(Field::Author)),
    ("Written by", Some(Field::Author)),
    ("Editor", None),
    ("Edited by", None),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Author,
    Site,
}

/// Longest line still considered a byline, in characters: a byline is a short line of labels.
const MAX_BYLINE_CHARS: usize = 120;

/// Reads a byline such as `来源:光子星球(ID:TMTweb) 作者:吴坤谚 编辑:王潘`, `Source: Wired`,
/// `Author: Jane Doe` or `By Jane Doe`. Returns `None` for a line that is not a byline: it must
/// be short and start with a known label (and, for `By`, be followed by a name, not a sentence).
pub fn parse_byline(line: &str) -> Option<Byline> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_BYLINE_CHARS {
        return None;
    }
    if let Some(rest) = strip_prefix_ci(line, "by ") {
        let name = rest.trim();
        let words = name.split_whitespace().count();
        let sentence_end =
            name.ends_with(['.', '!', '?', '。', ',', ';']) && !name.ends_with("Jr.");
        let capitalised = name.chars().next().is_some_and(|c| c.is_uppercase() || is_cjk_wide(c));
        if (1..=8).contains(&words) && !sentence_end && capitalised {
            return Some(Byline { author: Some(name.to_owned()), site: None });
        }
        return None;
    }
    // Find every "label:" occurrence; the first one must be at the start of the line.
    let mut fields: Vec<(usize, usize, Option<Field>)> = Vec::new(); // (label start, value start, field)
    let mut i = 0;
    while i < line.len() {
        let at_boundary = i == 0
            || line[..i].ends_with(|c: char| c.is_whitespace() || "|｜/,，;；)）".contains(c));
        if at_boundary {
            if let Some((len, field)) = label_at(&line[i..]) {
                fields.push((i, i + len, field));
                i += len;
                continue;
            }
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    if fields.first().is_none_or(|f| f.0 != 0) {
        return None;
    }
    let mut byline = Byline::default();
    for (k, &(_, value_start, field)) in fields.iter().enumerate() {
        let value_end = fields.get(k + 1).map_or(line.len(), |f| f.0);
        let value = clean_value(&line[value_start..value_end]);
        match field {
            Some(Field::Author) if !value.is_empty() && byline.author.is_none() => {
                byline.author = Some(value)
            }
            Some(Field::Site) if !value.is_empty() && byline.site.is_none() => {
                byline.site = Some(value)
            }
            _ => {}
        }
    }
    Some(byline)
}

/// Matches `label` + optional spaces + a half- or full-width colon at the start of `s`; gives the
/// length of the match.
fn label_at(s: &str) -> Option<(usize, Option<Field>)> {
    // Longest labels first, so that 责任编辑 wins over 编辑 and Authors over Author.
    let mut best: Option<(usize, Option<Field>)> = None;
    for &(label, field) in LABELS {
        let Some(rest) = strip_prefix_ci(s, label) else {
            continue;
        };
        let after_space = rest.trim_start_matches([' ', '\u{3000}']);
        let colon = if after_space.starts_with(':') {
            1
        } else if after_space.starts_with('：') {
            '：'.len_utf8()
        } else {
            continue;
        };
        let len = s.len() - after_space.len() + colon;
        if best.is_none_or(|b| len > b.0) {
            best = Some((len, field));
        }
    }
    best
}

/// ASCII-case-insensitive `strip_prefix`.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Trims a byline value and drops a trailing parenthesis such as `(ID:TMTweb)`.
fn clean_value(v: &str) -> String {
    let v = v.trim().trim_end_matches(['|', '｜', '/', ',', '，', ';', '；']).trim();
    let cut = v.find(['(', '（']).filter(|&i| i > 0 && v.ends_with([')', '）']));
    cut.map_or(v, |i| &v[..i]).trim().to_owned()
}

/// Sentence-ending punctuation: a line that ends with one is a sentence, not a title.
fn ends_like_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', '\'', '」', '』', ')', '）'])
        .ends_with(['.', '!', '?', ';', ',', ':', '。', '！', '？', '；', '，', '：', '、', '…'])
}

/// True for a line that looks like a title: short, not a sentence, not a byline, not a list item.
pub fn looks_like_title(line: &str) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    let cjk = line.chars().filter(|&c| is_cjk_wide(c)).count();
    let max = if cjk * 2 > chars { 40 } else { 100 };
    chars > 0
        && chars <= max
        && !ends_like_sentence(line)
        && parse_byline(line).is_none()
        && !line.starts_with(['-', '*', '•', '>', '#', '|'])
}

/// Guesses the language of `text`: `ja` when kana are a tenth of its CJK characters or more, `zh`
/// when CJK ideographs are at least a third of its letters, `ko` for Hangul, else `en` when it has
/// Latin letters; `None` when it has no letters at all.
pub fn detect_language(text: &str) -> Option<String> {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF => hangul += 1,
            _ if crate::text::is_cjk(c) => han += 1,
            _ if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    let cjk = han + kana + hangul;
    let lang = if cjk == 0 && latin == 0 {
        return None;
    } else if cjk * 3 >= cjk + latin {
        if kana * 10 >= cjk && kana > 0 {
            "ja"
        } else if hangul > han {
            "ko"
        } else {
            "zh"
        }
    } else {
        "en"
    };
    Some(lang.to_owned())
}

/// What YAML front matter gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub meta: ArticleMeta,
    pub tags: Vec<String>,
}

/// Splits `---` … `---` (or `...`) front matter off the start of `text`: gives the YAML and the rest.
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some((&rest[..pos], &rest[pos + line.len()..]));
        }
        pos += line.len();
    }
    None
}

/// Parses front matter YAML. A mapping is read for `title`, `author(s)`, `date`/`published`,
/// `tags`/`keywords`, `url`/`source`/`link`, `site`, `lang`; anything else is ignored. YAML that
/// does not parse, or is not a mapping, gives an error message for a warning.
pub fn parse_front_matter(yaml: &str) -> Result<FrontMatter, String> {
    let docs = YamlLoader::load_from_str(yaml)
        .map_err(|e| format!("the front matter is not valid YAML ({e}); it was ignored"))?;
    let mut fm = FrontMatter::default();
    let map = match docs.into_iter().next() {
        None | Some(Yaml::Null) => return Ok(fm),
        Some(Yaml::Hash(h)) => h,
        Some(_) => return Err("the front matter is not a YAML mapping; it was ignored".to_owned()),
    };
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_ascii_lowercase) else {
            continue;
        };
        match key.as_str() {
            "title" => fm.meta.title = scalar(&v).unwrap_or_default(),
            "author" | "authors" | "by" => fm.meta.author = join_list(&v),
            "date" | "published" | "pubdate" | "published_at" | "created" => {
                fm.meta.published = scalar(&v).and_then(|d| iso_date(&d))
            }
            "tags" | "keywords" | "categories" => fm.tags.extend(tag_list(&v)),
            "url" | "source" | "link" | "canonical" | "canonical_url" | "source_url"
                if fm.meta.url.is_none() =>
            {
                fm.meta.url = scalar(&v);
            }
            "site" | "publisher" | "publication" | "site_name" => fm.meta.site = scalar(&v),
            "lang" | "language" => fm.meta.language = scalar(&v),
            _ => {}
        }
    }
    fm.meta.title = fm.meta.title.trim().to_owned();
    let mut seen = std::collections::HashSet::new();
    fm.tags.retain(|t| seen.insert(t.clone()));
    Ok(fm)
}

/// A scalar as text; `None` for empty values, lists and maps.
fn scalar(v: &Yaml) -> Option<String> {
    let s = match v {
        Yaml::String(s) | Yaml::Real(s) => s.trim().to_owned(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A scalar, or a list of scalars joined by ", " (for several authors).
fn join_list(v: &Yaml) -> Option<String> {
    match v {
        Yaml::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(scalar).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => scalar(v),
    }
}

/// Tags from a list, or from a string separated by commas (half or full width).
fn tag_list(v: &Yaml) -> Vec<String> {
    let raw: Vec<String> = match v {
        Yaml::Array(a) => a.iter().filter_map(scalar).collect(),
        _ => scalar(v)
            .map(|s| s.split([',', '，', '、']).map(str::to_owned).collect())
            .unwrap_or_default(),
    };
    raw.iter()
        .map(|t| t.trim().trim_start_matches('#').trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The day a date in a document's metadata names, as `YYYY-MM-DD` (`YYYY-MM` or `YYYY` when
/// that is all it says); `None` when it is not a real date in a form read here:
/// - a year, month and day, written `2023-04-11`, `2023/4/11`, `2023.4.11` or `2023年4月11日`,
///   perhaps followed by a time and an offset (`2023-04-11T10:30:00+08:00`, `2023-04-11 10:30`,
///   `2023年04月11日 10:30`) or, after a `日`, anything (`2023年4月11日 星期二`);
/// - a year, or a year and a month, alone (`2023`, `2023-04`), kept as they are;
/// - RFC 2822 (`Tue, 11 Apr 2023 10:30:00 +0800`);
/// - a Unix timestamp in seconds (10 digits) or milliseconds (13), taken in UTC (a page known to
///   give its own zone's times calls [`date_from_unix`]).
///
/// The day is the one written, in the writer's zone: an offset does not move it to UTC.
/// Full-width digits and punctuation are read as their ASCII forms.
pub fn iso_date(s: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.trim().nfkc().collect();
    let s = s.as_str();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == s.len() && (digits == 10 || digits == 13) {
        let n: i64 = s.parse().ok()?;
        return date_from_unix(if digits == 13 { n / 1000 } else { n }, 0);
    }
    if digits == 4 {
        // A year, or a year and a month, alone: kept as such (as `--published` takes them).
        if s.len() == 4 {
            return Some(s.to_owned());
        }
        if s.len() == 7 && s.as_bytes()[4] == b'-' {
            let first = chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()?;
            return Some(first.format("%Y-%m").to_string());
        }
        for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
            if let Ok((day, rest)) = chrono::NaiveDate::parse_and_remainder(s, format) {
                // `2023-04-111` is no date; a time, an offset or (after 日) a weekday may follow.
                if rest.starts_with(|c: char| c.is_ascii_digit()) && !format.ends_with('日') {
                    return None;
                }
                return Some(day.format("%Y-%m-%d").to_string());
            }
        }
        return None;
    }
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|t| t.naive_local().date().format("%Y-%m-%d").to_string())
}

/// The day, as `YYYY-MM-DD`, at `secs` seconds after the Unix epoch in the zone `tz_offset_hours`
/// east of UTC (8 for China's time); `None` for an offset beyond a day or a time chrono cannot
/// represent.
pub fn date_from_unix(secs: i64, tz_offset_hours: i32) -> Option<String> {
    let zone = chrono::FixedOffset::east_opt(tz_offset_hours.checked_mul(3600)?)?;
    let time = chrono::DateTime::from_timestamp(secs, 0)?.with_timezone(&zone);
    Some(time.date_naive().format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_byline_with_ascii_and_full_width_colons() {
        let b = parse_byline("来源:光子星球(ID:TMTweb) 作者:吴坤谚 编辑:王潘").unwrap();
        assert_eq!(b.author.as_deref(), Some("吴坤谚"));
        assert_eq!(b.site.as_deref(), Some("光子星球"));
        let b = parse_byline("来源：虎嗅网（ID：huxiu_com）  作者：张三｜编辑：李四").unwrap();
        assert_eq!(b.author.as_deref(), Some("张三"));
        assert_eq!(b.site.as_deref(), Some("虎嗅网"));
        let b = parse_byline("文 | 王五").is_none();
        assert!(b);
        assert_eq!(parse_byline("文：王五").unwrap().author.as_deref(), Some("王五"));
    }

    #[test]
    fn english_bylines() {
        assert_eq!(parse_byline("By Jane Doe").unwrap().author.as_deref(), Some("Jane Doe"));
        assert_eq!(parse_byline("Author: Jane Doe").unwrap().author.as_deref(), Some("Jane Doe"));
        let b = parse_byline("Source: The Verge | Author: Jane Doe").unwrap();
        assert_eq!((b.site.as_deref(), b.author.as_deref()), (Some("The Verge"), Some("Jane Doe")));
        assert!(parse_byline("By the end of 2023, every big company had a model.").is_none());
        assert!(parse_byline("by and large it works").is_none());
        assert!(parse_byline("The source: nobody knows").is_none());
        assert!(parse_byline("面向AI时代,所有应用都值得用大模型重做一遍。").is_none());
    }

    #[test]
    fn titles() {
        assert!(looks_like_title("阿里云发布通义千问"));
        assert!(looks_like_title("The Big-Model Race"));
        assert!(!looks_like_title("面向AI时代,所有应用都值得用大模型重做一遍。"));
        assert!(!looks_like_title("This is a sentence."));
        assert!(!looks_like_title("作者:吴坤谚"));
        assert!(!looks_like_title(&"很长".repeat(30)));
    }

    #[test]
    fn languages() {
        assert_eq!(
            detect_language("大模型的竞争,已经从ChatGPT蔓延到国内。").as_deref(),
            Some("zh")
        );
        assert_eq!(
            detect_language("大規模言語モデルの開発競争が激しくなっている。").as_deref(),
            Some("ja")
        );
        assert_eq!(
            detect_language("The race between big and small models, 百模大战.").as_deref(),
            Some("en")
        );
        assert_eq!(detect_language("123 456"), None);
    }

    #[test]
    fn dates_in_every_form_become_iso_days() {
        let cases = [
            ("2023年4月11日", "2023-04-11"),
            ("2023年04月11日 10:30", "2023-04-11"),
            ("２０２３年４月１１日", "2023-04-11"),
            ("2023年4月11日 星期二", "2023-04-11"),
            ("2023年4月11日10:30", "2023-04-11"),
            ("2023-04-11 10:30", "2023-04-11"),
            ("2023-04-11", "2023-04-11"),
            ("  2023/4/11  ", "2023-04-11"),
            ("2023/04/11 10:30:00", "2023-04-11"),
            ("2023.4.11", "2023-04-11"),
            ("Tue, 11 Apr 2023 10:30:00 +0800", "2023-04-11"),
            ("11 Apr 2023 23:30:00 -0500", "2023-04-11"),
            ("2023-04-11T10:30:00Z", "2023-04-11"),
            ("2023-04-11T10:30:00.123+08:00", "2023-04-11"),
            ("2023-04-11T23:30:00-05:00", "2023-04-11"),
            ("2023-04-11T10:30", "2023-04-11"),
            ("2024-02-29T00:00:00+0800", "2024-02-29"),
            ("1681180200", "2023-04-11"),
            ("1681180200000", "2023-04-11"),
            ("2023", "2023"),
            ("2023-04", "2023-04"),
        ];
        for (text, want) in cases {
            assert_eq!(iso_date(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_real_date_is_no_date() {
        for text in [
            "2023年2月30日",
            "2023年13月1日",
            "2023-02-29",
            "2023-04-31 10:30",
            "2023/0/11",
            "2023-04-111",
            "Thu, 30 Feb 2023 10:30:00 +0800",
            "二〇二三年四月十一日",
            "去年春天",
            "April 2023",
            "2023-13",
            "2023年",
            "20230411",
            "",
        ] {
            assert_eq!(iso_date(text), None, "{text}");
        }
    }

    #[test]
    fn unix_times_are_read_in_the_given_zone() {
        // 2023-04-10 16:30 UTC is already the 11th in Beijing.
        assert_eq!(date_from_unix(1_681_144_200, 8).as_deref(), Some("2023-04-11"));
        assert_eq!(date_from_unix(1_681_144_200, 0).as_deref(), Some("2023-04-10"));
        assert_eq!(date_from_unix(1_681_180_200, -5).as_deref(), Some("2023-04-10"));
        assert_eq!(date_from_unix(0, 8).as_deref(), Some("1970-01-01"));
        assert_eq!(date_from_unix(0, 25), None);
        assert_eq!(date_from_unix(i64::MAX, 8), None);
    }

    #[test]
    fn front_matter() {
        let text = "---\ntitle: 大模型\nauthor: [张三, Jane]\ndate: 2023-04-11T10:00:00Z\ntags: 算力, actor/百度\nurl: https://example.com/a\n---\n# H\n";
        let (yaml, rest) = split_front_matter(text).unwrap();
        assert_eq!(rest, "# H\n");
        let fm = parse_front_matter(yaml).unwrap();
        assert_eq!(fm.meta.title, "大模型");
        assert_eq!(fm.meta.author.as_deref(), Some("张三, Jane"));
        assert_eq!(fm.meta.published.as_deref(), Some("2023-04-11"));
        assert_eq!(fm.meta.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(fm.tags, vec!["算力", "actor/百度"]);
        let fm = parse_front_matter("tags:\n  - a\n  - '#b'\n  - a\n").unwrap();
        assert_eq!(fm.tags, vec!["a", "b"]);
        assert!(parse_front_matter("title: [unclosed\n").is_err());
        assert!(split_front_matter("---\nno end").is_none());
    }
}
