//! Ranking a group of hits by BM25, computed in Rust over the group (the index is contentless
//! and keeps no statistics of its own that could be trusted across its two columns).

use super::fold::{self, find_segment, fold_with_origin};
use super::query::Query;
use crate::model::Id;
use std::collections::HashMap;

/// BM25's parameters (those of FTS5's `bm25()`).
const BM25_K1: f64 = 1.2;
const BM25_B: f64 = 0.75;

/// Orders a group's matches by BM25 (best first, then newest first), computed over the group:
/// for each positive phrase, how often it occurs in the hit's text, against how many of the
/// group's hits contain it, and the text's length against the group's average. `ids` are the
/// matches newest first; `texts` their texts. Gives (id, score), best first.
pub(crate) fn rank(q: &Query, ids: &[Id], texts: Vec<(Id, String)>) -> Vec<(Id, Option<f64>)> {
    let newest: HashMap<Id, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let phrases: Vec<(&fold::Segment, bool)> = q
        .positive_terms()
        .flat_map(|t| {
            let last = t.segments.len().saturating_sub(1);
            t.segments.iter().enumerate().map(move |(i, s)| (s, t.prefix && i == last))
        })
        .collect();
    // Per hit: occurrences of each phrase, and the text's length in tokens.
    let stats: Vec<(Id, Vec<u32>, f64)> = texts
        .iter()
        .map(|(id, text)| {
            let f = fold_with_origin(text);
            let tf = phrases
                .iter()
                .map(|(seg, prefix)| find_segment(&f, seg, *prefix).len() as u32)
                .collect();
            let len = f.chars.iter().filter(|&&c| fold::class(c) != fold::Class::Sep).count();
            (*id, tf, len as f64)
        })
        .collect();
    let n = stats.len() as f64;
    let avg_len = (stats.iter().map(|s| s.2).sum::<f64>() / n.max(1.0)).max(1.0);
    let idf: Vec<f64> = (0..phrases.len())
        .map(|p| {
            let with = stats.iter().filter(|s| s.1[p] > 0).count() as f64;
            (1.0 + (n - with + 0.5) / (with + 0.5)).ln()
        })
        .collect();
    let mut scored: Vec<(f64, usize, Id)> = stats
        .into_iter()
        .map(|(id, tf, len)| {
            let norm = BM25_K1 * (1.0 - BM25_B + BM25_B * len / avg_len);
            let score: f64 = tf
                .iter()
                .zip(&idf)
                .map(|(&t, w)| {
                    let t = f64::from(t);
                    w * t * (BM25_K1 + 1.0) / (t + norm)
                })
                .sum();
            (-score, newest.get(&id).copied().unwrap_or(usize::MAX), id)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(score, _, id)| (id, Some(score))).collect()
}
