//! How close an extracted text is to the expected one, shared by the tests and the extraction
//! benchmark (`benches/extract.rs` includes this file).
//!
//! Both texts are cut into tokens — one CJK character, one Latin word (a run of letters and
//! digits) or one punctuation mark; white space only separates tokens, so it is normalised away
//! entirely. A Myers diff finds the longest common subsequence of tokens, and the similarity is
//! `2·M / (A + B)` where `A` and `B` are the texts' non-space character counts and `M` the
//! characters in the common tokens (difflib's ratio, weighted by characters). For CJK this is
//! exactly character-level; for Latin text it is stricter than character-level, because a word
//! that differs by one letter counts as wholly different.

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() && !is_cjk(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Character-weighted token similarity (see the module documentation); 0 for the common part
/// when the texts differ by more than the diff is willing to trace (then they are far apart).
pub fn similarity(a: &str, b: &str) -> f64 {
    let ta = tokens(a);
    let tb = tokens(b);
    let total: usize = ta.iter().chain(tb.iter()).map(|t| t.chars().count()).sum();
    if total == 0 {
        return 1.0;
    }
    // Common prefix and suffix first: they are most of the text when extraction works.
    let mut pre = 0;
    while pre < ta.len() && pre < tb.len() && ta[pre] == tb[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < ta.len() - pre
        && suf < tb.len() - pre
        && ta[ta.len() - 1 - suf] == tb[tb.len() - 1 - suf]
    {
        suf += 1;
    }
    let weight = |t: &[String]| -> usize { t.iter().map(|x| x.chars().count()).sum() };
    let mut matched = weight(&ta[..pre]) + weight(&ta[ta.len() - suf..]);
    let a = &ta[pre..ta.len() - suf];
    let b = &tb[pre..tb.len() - suf];
    matched += lcs_weight(a, b);
    2.0 * matched as f64 / total as f64
}

/// Myers' O((N+M)·D) diff with the V vectors kept for backtracking; sums the characters of the
/// tokens on the common subsequence. Gives up (0) beyond 4,000 edits.
fn lcs_weight(a: &[String], b: &[String]) -> usize {
    let (n, m) = (a.len() as i64, b.len() as i64);
    if n == 0 || m == 0 {
        return 0;
    }
    let max = (n + m).min(4000);
    let off = max + 1;
    let mut v = vec![0i64; (2 * max + 3) as usize];
    let mut trace: Vec<Vec<i64>> = Vec::new();
    let mut found = None;
    'outer: for d in 0..=max {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x =
                if k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]) {
                    v[(off + k + 1) as usize]
                } else {
                    v[(off + k - 1) as usize] + 1
                };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(off + k) as usize] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'outer;
            }
            k += 2;
        }
    }
    let Some(dmax) = found else { return 0 };
    // Backtrack through the trace, summing the diagonal (matching) moves.
    let (mut x, mut y) = (n, m);
    let mut sum = 0;
    for d in (0..=dmax).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize])
        {
            k + 1
        } else {
            k - 1
        };
        let prev_x = if d == 0 { 0 } else { v[(off + prev_k) as usize] };
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y && x > 0 && y > 0 {
            x -= 1;
            y -= 1;
            sum += a[x as usize].chars().count();
        }
        if d == 0 {
            break;
        }
        x = prev_x;
        y = prev_y;
    }
    sum
}
