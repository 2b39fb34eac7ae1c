//! Three-way merge of an exported file: what the reader wrote into it since the last export is
//! kept, what Zhaji has new is brought in.
//!
//! The base is the text Zhaji rendered at the last export, "theirs" the file on disk (the
//! reader's), "ours" the new rendering. A line the reader added or changed anywhere stays; a line
//! only Zhaji changed is updated. Where both sides *inserted* at the same place (the reader wrote
//! a thought under a highlight, and a new highlight comes right after it), both are kept, the
//! reader's first, with no markers: nothing was changed by both. Where both *changed* the same
//! lines, both versions stay between conflict markers and the merge says so.
//!
//! The merge itself is `diffy`'s (Myers' diff, the diff3 algorithm). It is asked for longer
//! markers than the usual seven, so that markers a reader left unresolved from an earlier export
//! are never mistaken for the ones it produced; those are then rewritten as the usual markers,
//! labelled for a person.

/// Marker length asked of `diffy`; the reader's files hold seven-character markers at most.
const RAW_MARKER: usize = 11;

/// The labels of the conflict markers written into the file.
pub const READER_LABEL: &str = "your version";
pub const ZHAJI_LABEL: &str = "Zhaji's new export";

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// True when both sides changed the same lines: `text` then holds both, between markers.
    pub conflict: bool,
}

/// Merges the reader's file with the new rendering over the last rendering.
pub fn merge_three(base: &str, reader: &str, ours: &str) -> Merged {
    if reader == base || reader == ours {
        return Merged { text: ours.to_string(), conflict: false };
    }
    if ours == base {
        return Merged { text: reader.to_string(), conflict: false };
    }
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_marker_length(RAW_MARKER)
        .set_conflict_style(diffy::ConflictStyle::Diff3)
        .set_incomplete_hunk_style(diffy::IncompleteHunkStyle::Git);
    match options.merge(base, reader, ours) {
        Ok(text) => Merged { text, conflict: false },
        Err(raw) => resolve_markers(&raw),
    }
}

/// Rewrites diffy's diff3-style conflicts: an insertion on both sides (an empty base) becomes
/// the reader's lines then Zhaji's; lines the reader only added before or after lines Zhaji
/// changed (the reader's side is the base with lines before or after it) go before or after
/// Zhaji's new lines; any other conflict keeps both versions between markers, without the base
/// section.
fn resolve_markers(raw: &str) -> Merged {
    let open = format!("{} ours", "<".repeat(RAW_MARKER));
    let base_marker = format!("{} original", "|".repeat(RAW_MARKER));
    let middle = "=".repeat(RAW_MARKER);
    let close = format!("{} theirs", ">".repeat(RAW_MARKER));
    #[derive(PartialEq)]
    enum Part {
        Outside,
        Reader,
        Base,
        Zhaji,
    }
    let mut out = String::with_capacity(raw.len());
    let mut conflict = false;
    let mut part = Part::Outside;
    let (mut reader, mut base, mut zhaji) = (String::new(), String::new(), String::new());
    for line in raw.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        match part {
            Part::Outside if bare == open => part = Part::Reader,
            Part::Reader if bare == base_marker => part = Part::Base,
            Part::Reader | Part::Base if bare == middle => part = Part::Zhaji,
            Part::Zhaji if bare == close => {
                if base.trim().is_empty() {
                    out.push_str(&reader);
                    push_separated(&mut out, &zhaji);
                } else if let Some(added) = reader.strip_prefix(base.as_str()) {
                    // The reader only wrote after lines Zhaji changed: Zhaji's, then theirs.
                    out.push_str(&zhaji);
                    push_separated(&mut out, added);
                } else if let Some(added) = reader.strip_suffix(base.as_str()) {
                    out.push_str(added);
                    push_separated(&mut out, &zhaji);
                } else {
                    conflict = true;
                    out.push_str(&format!("<<<<<<< {READER_LABEL}\n"));
                    push_line_end(&mut out, &reader);
                    out.push_str("=======\n");
                    push_line_end(&mut out, &zhaji);
                    out.push_str(&format!(">>>>>>> {ZHAJI_LABEL}\n"));
                }
                reader.clear();
                base.clear();
                zhaji.clear();
                part = Part::Outside;
            }
            Part::Outside => out.push_str(line),
            Part::Reader => reader.push_str(line),
            Part::Base => base.push_str(line),
            Part::Zhaji => zhaji.push_str(line),
        }
    }
    // An unterminated conflict cannot come out of diffy; keep whatever was collected.
    out.push_str(&reader);
    out.push_str(&zhaji);
    Merged { text: out, conflict }
}

/// Appends `text` after what `out` holds, on a line of its own.
fn push_line_end(out: &mut String, text: &str) {
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends `text` after the reader's lines, with a line break between them if the reader's last
/// line had none.
fn push_separated(out: &mut String, text: &str) {
    if !out.is_empty() && !out.ends_with('\n') && !text.is_empty() {
        out.push('\n');
    }
    out.push_str(text);
}

/// A stand-in base when the last rendering is unknown (a file exported by an older Zhaji, or a
/// library restored from a backup): the lines the file and the new rendering have in common, in
/// order. Lines only in the file then count as the reader's, lines only in the rendering as
/// Zhaji's: nothing of either is lost, though an outdated line of an older export may stay.
pub fn common_lines(reader: &str, ours: &str) -> String {
    let mut options = diffy::DiffOptions::new();
    options.set_context_len(usize::MAX / 4);
    let patch = options.create_patch(reader, ours);
    if patch.hunks().is_empty() {
        return ours.to_string();
    }
    let mut base = String::new();
    for hunk in patch.hunks() {
        for line in hunk.lines() {
            if let diffy::Line::Context(l) = line {
                base.push_str(l);
            }
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# 标题\n\n> 第一条划线\n\n^zh-1\n\n> 第二条划线\n\n^zh-2\n";

    #[test]
    fn unchanged_file_takes_the_new_rendering() {
        let ours = BASE.replace("第二条划线", "第二条划线（改）");
        assert_eq!(merge_three(BASE, BASE, &ours), Merged { text: ours.clone(), conflict: false });
    }

    #[test]
    fn additions_on_both_sides_at_one_place_keep_both_readers_first() {
        let reader = BASE.replace("^zh-1\n", "^zh-1\n\n我的想法。\n");
        let ours = BASE.replace("^zh-1\n", "^zh-1\n\n> 新的划线\n\n^zh-3\n");
        let m = merge_three(BASE, &reader, &ours);
        assert!(!m.conflict, "{}", m.text);
        assert_eq!(
            m.text,
            "# 标题\n\n> 第一条划线\n\n^zh-1\n\n我的想法。\n\n> 新的划线\n\n^zh-3\n\n> 第二条划线\n\n^zh-2\n"
        );
    }

    /// The reader wrote after a note that Zhaji then changed (or removed): no conflict, the
    /// reader's lines follow Zhaji's.
    #[test]
    fn lines_added_next_to_lines_zhaji_changed_follow_them() {
        let base = format!("{BASE}\n原来的批注\n");
        let reader = format!("{base}\n我在末尾写的。\n");
        for ours in [BASE.to_string(), base.replace("原来的批注", "新的批注")] {
            let m = merge_three(&base, &reader, &ours);
            assert!(!m.conflict, "{}", m.text);
            assert_eq!(m.text, format!("{ours}\n我在末尾写的。\n"));
        }
        let before = format!("{BASE}\n我在前面写的。\n原来的批注\n");
        let m = merge_three(&base, &before, &format!("{BASE}\n新的批注\n"));
        assert!(!m.conflict, "{}", m.text);
        assert!(m.text.ends_with("我在前面写的。\n新的批注\n"), "{}", m.text);
    }

    #[test]
    fn changes_to_the_same_line_keep_both_between_markers() {
        let reader = BASE.replace("第一条划线", "读者改的");
        let ours = BASE.replace("第一条划线", "应用改的");
        let m = merge_three(BASE, &reader, &ours);
        assert!(m.conflict);
        assert!(m.text.contains(&format!(
            "<<<<<<< {READER_LABEL}\n> 读者改的\n=======\n> 应用改的\n>>>>>>> {ZHAJI_LABEL}\n"
        )));
        assert!(!m.text.contains("|||||||"), "{}", m.text);
    }

    /// Markers the reader left from an earlier conflict are the reader's lines, nothing more.
    #[test]
    fn old_markers_in_the_file_are_kept_as_text() {
        let reader =
            format!("{BASE}\n<<<<<<< {READER_LABEL}\n旧\n=======\n新\n>>>>>>> {ZHAJI_LABEL}\n");
        let ours = BASE.replace("第二条划线", "第二条");
        let m = merge_three(BASE, &reader, &ours);
        assert!(!m.conflict);
        assert!(m.text.ends_with(&format!(
            "<<<<<<< {READER_LABEL}\n旧\n=======\n新\n>>>>>>> {ZHAJI_LABEL}\n"
        )));
        assert!(m.text.contains("> 第二条\n"));
    }

    #[test]
    fn common_lines_stand_in_for_a_lost_base() {
        let reader = BASE.replace("^zh-1\n", "^zh-1\n\n我的想法。\n");
        let ours = BASE.replace("^zh-2\n", "^zh-2\n\n> 新\n");
        let base = common_lines(&reader, &ours);
        assert_eq!(base, BASE);
        let m = merge_three(&base, &reader, &ours);
        assert!(m.text.contains("我的想法。") && m.text.contains("> 新"), "{}", m.text);
    }
}
