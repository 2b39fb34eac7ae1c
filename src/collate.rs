//! The order in which a reader expects titles and tag names: Chinese by pinyin (阿里巴巴 < 百度 <
//! 腾讯 < 字节跳动), numbers by value (第2篇 < 第10篇 < 第100篇), letters without regard to case.
//!
//! The order is the Unicode Collation Algorithm with CLDR's Chinese tailoring (pinyin), numeric
//! ordering on, at secondary strength (accents count, case does not), computed by ICU4X. A
//! [`sort_key`] is a byte string whose plain byte order is that order, so the store keeps one per
//! title and tag name in an indexed column and sorts with the index; nothing collates at query
//! time.
//!
//! Stored keys are only comparable with keys made the same way: [`RECIPE`] names the way, and the
//! store makes every key again when the recipe it finds differs (a new ICU4X may change keys).

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// Names how [`sort_key`] makes its keys; change it whenever they may change.
pub const RECIPE: &str = "icu4x-2.4 zh kn secondary";

fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            let mut prefs = CollatorPreferences::from(&locale!("zh"));
            prefs.numeric_ordering = Some(CollationNumericOrdering::True);
            let mut options = CollatorOptions::default();
            options.strength = Some(Strength::Secondary);
            CollatorBorrowed::try_new(prefs, options).ok()
        })
        .as_ref()
}

/// The key that sorts `s` among others by plain byte comparison.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 2);
    match collator() {
        Some(c) => {
            let Ok(()) = c.write_sort_key_to(s, &mut key);
        }
        // The collation data is compiled in, so this does not happen; lower case still sorts.
        None => key.extend(s.to_lowercase().bytes()),
    }
    key
}

/// Compares two strings in the order of their [`sort_key`]s.
pub fn compare(a: &str, b: &str) -> Ordering {
    match collator() {
        Some(c) => c.compare(a, b),
        None => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_by_key(words: &[&str]) -> Vec<String> {
        let mut v: Vec<(Vec<u8>, String)> =
            words.iter().map(|w| (sort_key(w), w.to_string())).collect();
        v.sort();
        v.into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn chinese_sorts_by_pinyin() {
        let want = ["阿里巴巴", "百度", "腾讯", "字节跳动"];
        assert_eq!(sorted_by_key(&["字节跳动", "腾讯", "阿里巴巴", "百度"]), want);
    }

    #[test]
    fn numbers_sort_by_value() {
        let want = ["第2篇", "第10篇", "第100篇"];
        assert_eq!(sorted_by_key(&["第100篇", "第10篇", "第2篇"]), want);
        assert_eq!(sorted_by_key(&["chapter 10", "Chapter 9"]), ["Chapter 9", "chapter 10"]);
    }

    #[test]
    fn case_is_ignored_and_keys_agree_with_compare() {
        assert_eq!(sort_key("Apple"), sort_key("apple"));
        assert_eq!(sorted_by_key(&["banana", "Apple", "cherry"]), ["Apple", "banana", "cherry"]);
        let words =
            ["算力", "Zhaji", "alpha", "第3篇", "芯片", "topic/算力", "topic", "topic/百度"];
        for a in words {
            for b in words {
                assert_eq!(sort_key(a).cmp(&sort_key(b)), compare(a, b), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn a_tag_path_sorts_before_its_children_and_children_by_pinyin() {
        let got = sorted_by_key(&["topic/算力", "topic", "topic/百度", "actor"]);
        assert_eq!(got, ["actor", "topic", "topic/百度", "topic/算力"]);
    }
}
